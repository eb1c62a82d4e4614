import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { silentLogger } from '@twinflow/core';
import { DEFAULT_MODULE_VERSION, LambdaAdapter, LambdaAdapterConfigError } from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import { body, recordingSleep } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const ARN = 'arn:aws:lambda:eu-west-1:123456789012:function:persister';


describe('LambdaAdapter as a module', () => {
  beforeEach(() => {
    lambdaMock.reset();
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({}) });
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    new LambdaAdapter({
      functionName: 'thermostat-1-processor',
      functionPrefix: 'demo-',
      client: new LambdaClient({ region: 'eu-central-1', maxAttempts: 1 }),
      logger: silentLogger,
      sleep: recordingSleep().sleep,
      ...options,
    });

  describe('module options', () => {
    it.each([
      ['a prefixed plain name', { functionName: 'thermostat-1-processor', functionPrefix: 'demo-' }, 'demo-thermostat-1-processor'],
      ['a name with a qualifier', { functionName: 'demo-persister:live' }, 'demo-persister'],
      ['a partial ARN', { functionName: '123456789012:function:persister:7' }, 'persister'],
      ['a full ARN', { functionName: `${ARN}:live` }, 'persister'],
    ])('defaults moduleName to the plain function name for %s', (_what, options, expected) => {
      // Act
      const adapter = createAdapter(options);

      // Assess
      expect(adapter.moduleName).toBe(expected);
    });

    it("defaults moduleVersion to '1.0.0' and requiredScopes to none", () => {
      // Act
      const adapter = createAdapter();

      // Assess
      expect(adapter.moduleVersion).toBe('1.0.0');
      expect(DEFAULT_MODULE_VERSION).toBe('1.0.0');
      expect(adapter.requiredScopes).toEqual([]);
    });

    it('keeps the given module identity, the scopes as a frozen copy', () => {
      // Prepare
      const scopes = ['community.read', 'user.read'];

      // Act
      const adapter = createAdapter({ moduleName: 'my_module-2', moduleVersion: '2.1.0-rc.1', requiredScopes: scopes });
      scopes.push('admin');

      // Assess
      expect([adapter.moduleName, adapter.moduleVersion]).toEqual(['my_module-2', '2.1.0-rc.1']);
      expect(adapter.requiredScopes).toEqual(['community.read', 'user.read']);
      expect(Object.isFrozen(adapter.requiredScopes)).toBe(true);
    });

    it.each<[string, Partial<LambdaAdapterOptions>]>([
      ['moduleName', { moduleName: 'my module' }],
      ['moduleName', { moduleName: 'my.module' }],
      ['moduleName', { moduleName: '' }],
      ['moduleName', { moduleName: 'm'.repeat(65) }],
      ['moduleName', { moduleName: 7 as never }],
      ['moduleVersion', { moduleVersion: '' }],
      ['moduleVersion', { moduleVersion: '1 0' }],
      ['moduleVersion', { moduleVersion: 1 as never }],
      ['requiredScopes', { requiredScopes: 'community.read' as never }],
      ['requiredScopes[1]', { requiredScopes: ['community.read', ''] }],
      ['requiredScopes[0]', { requiredScopes: [42] as never }],
    ])('throws LambdaAdapterConfigError naming %s for %p', (option, options) => {
      // Act
      const thrown = ((): unknown => {
        try {
          createAdapter(options);
        } catch (error) {
          return error;
        }
        return undefined;
      })();

      // Assess
      expect(thrown).toBeInstanceOf(LambdaAdapterConfigError);
      expect(thrown).toMatchObject({ option, code: 'LAMBDA_ADAPTER_CONFIG_INVALID' });
      expect((thrown as Error).message).toContain(`"${option}"`);
    });
  });

  describe('validateScopes', () => {
    it.each<[string, string[], string[], boolean]>([
      ['nothing required, nothing granted', [], [], true],
      ['nothing required, anything granted', [], ['x'], true],
      ['every required scope granted, in any order, with extras', ['a', 'b'], ['b', 'x', 'a'], true],
      ['one required scope missing', ['a', 'b'], ['a'], false],
      ['nothing granted', ['a'], [], false],
    ])('is right with %s', (_what, required, granted, expected) => {
      // Prepare
      const adapter = createAdapter({ requiredScopes: required });

      // Act / Assess
      expect(adapter.validateScopes(granted)).toBe(expected);
    });

    it('is false for a granted value that is not an array when scopes are required', () => {
      // Act / Assess
      expect(createAdapter({ requiredScopes: ['a'] }).validateScopes('a' as never)).toBe(false);
    });
  });

  describe('moduleInfo', () => {
    it('reports the module, the function, the retry settings, the time limit and the health', async () => {
      // Prepare
      const adapter = createAdapter({
        moduleName: 'thermostat',
        moduleVersion: '3.0.0',
        requiredScopes: ['device.read'],
        invocationType: 'Event',
        retry: { maxRetries: 2, initialDelayMs: 100, maxDelayMs: 2_000 },
        timeoutMs: 5_000,
        client: undefined,
        region: 'eu-central-1',
      });
      await adapter.invoke({});

      // Act
      const info = adapter.moduleInfo();

      // Assess
      expect(info).toEqual({
        name: 'thermostat',
        version: '3.0.0',
        type: 'lambda',
        functionName: 'demo-thermostat-1-processor',
        region: 'eu-central-1',
        invocationType: 'Event',
        retry: { maxRetries: 2, initialDelayMs: 100, maxDelayMs: 2_000 },
        timeoutMs: 5_000,
        requiredScopes: ['device.read'],
        health: adapter.health(),
      });
      expect(info.health).toMatchObject({ status: 'healthy', totalRequests: 1 });
    });

    it("takes a full ARN's region at once, without asking the client", () => {
      // Act
      const info = createAdapter({ functionName: ARN }).moduleInfo();

      // Assess
      expect(info.region).toBe('eu-west-1');
    });

    it('takes the region of a built client at once', () => {
      // Act
      const info = new LambdaAdapter({ functionName: 'demo-persister', region: 'us-east-1', logger: silentLogger }).moduleInfo();

      // Assess
      expect(info.region).toBe('us-east-1');
    });

    it("takes an injected client's region from the environment (AWS_REGION, as the SDK on Lambda), never by asking the client, and leaves it out without one", () => {
      // Prepare
      const saved = { AWS_REGION: process.env['AWS_REGION'], AWS_DEFAULT_REGION: process.env['AWS_DEFAULT_REGION'] };
      const askedClient = { send: async () => ({ StatusCode: 200 }), config: { region: jest.fn(async () => 'eu-central-1') } } as unknown as LambdaClient;
      try {
        // Act
        process.env['AWS_REGION'] = 'eu-north-1';
        const fromEnvironment = createAdapter({ client: askedClient }).moduleInfo();
        delete process.env['AWS_REGION'];
        delete process.env['AWS_DEFAULT_REGION'];
        const without = createAdapter({ client: askedClient }).moduleInfo();

        // Assess
        expect(fromEnvironment.region).toBe('eu-north-1');
        expect(without).not.toHaveProperty('region');
        expect((askedClient as unknown as { config: { region: jest.Mock } }).config.region).not.toHaveBeenCalled();
      } finally {
        for (const [key, value] of Object.entries(saved)) if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    });

    it('returns a fresh object each call', () => {
      // Prepare
      const adapter = createAdapter({ requiredScopes: ['a'] });

      // Act
      adapter.moduleInfo().requiredScopes.push('mutated');

      // Assess
      expect(adapter.moduleInfo().requiredScopes).toEqual(['a']);
    });
  });
});
