import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { silentLogger } from '@twinflow/core';
import { LambdaAdapter, LambdaAdapterConfigError, MemoryMetrics, RateLimiter, ResponseCache } from '../../src';
import type { LambdaAdapterOptions } from '../../src';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** The error `new LambdaAdapter(options)` throws. */
function constructionError(options: Partial<LambdaAdapterOptions>): unknown {
  try {
    new LambdaAdapter({ functionName: 'demo-persister', logger: silentLogger, ...options });
  } catch (error) {
    return error;
  }
  throw new Error('expected the constructor to throw');
}

describe('LambdaAdapter option checks', () => {
  describe('unknown keys', () => {
    it.each<[string, Record<string, unknown>, string]>([
      ['a top-level typo', { timeoutMS: 100 }, 'Invalid option "timeoutMS": unknown option (did you mean "timeoutMs"?)'],
      ['an unknown top-level key', { retries: 3 }, 'Invalid option "retries": unknown option (expected one of functionName, functionPrefix'],
      ['a key inside retry', { retry: { maxRetry: 3 } }, 'Invalid option "retry.maxRetry": unknown option (expected one of maxRetries, initialDelayMs, maxDelayMs)'],
      ['a key inside circuitBreaker', { circuitBreaker: { threshold: 3 } }, 'Invalid option "circuitBreaker.threshold": unknown option'],
      ['a key inside cache', { cache: { ttl: 1_000 } }, 'Invalid option "cache.ttl": unknown option'],
      ['a key inside rateLimit', { rateLimit: { perSecond: 5, burts: 10 } }, 'Invalid option "rateLimit.burts": unknown option'],
      ['a key inside codec', { codec: { parse: () => undefined } }, 'Invalid option "codec.parse"'],
    ])('rejects %s, naming it', (_what, options, message) => {
      // Act
      const thrown = constructionError(options as Partial<LambdaAdapterOptions>);

      // Assess
      expect(thrown).toBeInstanceOf(LambdaAdapterConfigError);
      expect((thrown as Error).message).toContain(message);
    });

    it('names the dotted option on the error', () => {
      // Act / Assess
      expect(constructionError({ timeoutMS: 100 } as never)).toMatchObject({ option: 'timeoutMS', code: 'LAMBDA_ADAPTER_CONFIG_INVALID' });
      expect(constructionError({ retry: { maxRetry: 3 } } as never)).toMatchObject({ option: 'retry.maxRetry' });
      expect(constructionError({ rateLimit: { perSecond: 5, burts: 10 } } as never)).toMatchObject({ option: 'rateLimit.burts' });
    });

    it('accepts every documented option at once', () => {
      // Act
      const adapter = new LambdaAdapter({
        functionName: 'persister',
        functionPrefix: 'demo-',
        invocationType: 'RequestResponse',
        region: 'eu-central-1',
        endpoint: 'http://127.0.0.1:3002',
        credentials,
        maxSockets: 10,
        retry: { maxRetries: 1, initialDelayMs: 10, maxDelayMs: 100 },
        timeoutMs: 1_000,
        logger: silentLogger,
        circuitBreaker: { failureThreshold: 2, cooldownMs: 1_000, halfOpenMaxProbes: 1, onStateChange: () => undefined },
        sleep: async () => undefined,
        random: () => 0.5,
        clock: { now: () => 0 },
        codec: {},
        moduleName: 'persister',
        moduleVersion: '1.2.3',
        requiredScopes: ['a'],
        metrics: new MemoryMetrics(),
        cache: { ttlMs: 1_000, maxEntries: 10 },
        rateLimit: { perSecond: 10, burst: 10, maxWaitMs: 100 },
        deadLetter: { send: async () => undefined },
      });

      // Assess
      expect(adapter.functionName).toBe('demo-persister');
      adapter.client.destroy();
    });
  });

  describe('feature options', () => {
    it.each<[string, Partial<LambdaAdapterOptions>]>([
      ['maxSockets', { maxSockets: 0 }],
      ['maxSockets', { maxSockets: 1_001 }],
      ['maxSockets', { maxSockets: 2.5 }],
      ['metrics', { metrics: { addMetric: () => undefined } as never }],
      ['cache', { cache: true as never }],
      ['cache', { cache: 'on' as never }],
      ['cache.ttlMs', { cache: { ttlMs: 0 } }],
      ['cache.maxEntries', { cache: { maxEntries: -1 } }],
      ['rateLimit', { rateLimit: 10 as never }],
      ['rateLimit.perSecond', { rateLimit: {} as never }],
      ['rateLimit.perSecond', { rateLimit: { perSecond: 0 } }],
      ['rateLimit.maxWaitMs', { rateLimit: { perSecond: 1, maxWaitMs: -1 } }],
      ['deadLetter', { deadLetter: {} as never }],
      ['deadLetter', { deadLetter: (async () => undefined) as never }],
      ['credentials', { credentials: 'secret' as never }],
    ])('throws LambdaAdapterConfigError naming %s for %p', (option, options) => {
      // Act
      const thrown = constructionError(options);

      // Assess
      expect(thrown).toBeInstanceOf(LambdaAdapterConfigError);
      expect(thrown).toMatchObject({ option });
      expect((thrown as Error).message).toContain(`"${option}"`);
    });

    it('rejects maxSockets together with an injected client', () => {
      // Act
      const thrown = constructionError({ client: new LambdaClient({ region: 'eu-central-1' }), maxSockets: 10 });

      // Assess
      expect(thrown).toMatchObject({ option: 'maxSockets' });
      expect((thrown as Error).message).toContain('cannot be combined with "client"');
    });

    it('accepts existing cache and rate limiter instances, and false for both', () => {
      // Act / Assess
      const client = new LambdaClient({ region: 'eu-central-1' });
      expect(() => new LambdaAdapter({ functionName: 'x', client, logger: silentLogger, cache: new ResponseCache(), rateLimit: new RateLimiter({ perSecond: 1 }) })).not.toThrow();
      expect(() => new LambdaAdapter({ functionName: 'x', client, logger: silentLogger, cache: false, rateLimit: false })).not.toThrow();
    });
  });

  describe('the built client', () => {
    let server: http.Server | undefined;
    let adapter: LambdaAdapter | undefined;

    afterEach(async () => {
      adapter?.client.destroy();
      if (server !== undefined) {
        server.closeAllConnections();
        await new Promise((resolve) => server?.close(resolve));
      }
      server = undefined;
      adapter = undefined;
    });

    const localLambda = async (): Promise<string> => {
      server = http.createServer((req, res) => {
        req.resume();
        req.on('end', () => {
          res.writeHead(200, { 'content-type': 'application/json' });
          res.end('{"ok":true}');
        });
      });
      await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
      return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    };
    const maxSocketsOf = (client: LambdaClient): number[] => {
      const { httpAgent, httpsAgent } = (client.config.requestHandler as NodeHttpHandler).httpHandlerConfigs() as { httpAgent: http.Agent; httpsAgent: http.Agent };
      return [httpAgent.maxSockets, httpsAgent.maxSockets];
    };

    it.each([
      ['maxSockets', { maxSockets: 7 }, [7, 7]],
      ['the default of 50', {}, [50, 50]],
    ])('is a pooled client with %s connections per host and maxAttempts 1', async (_what, options, expected) => {
      // Prepare
      const endpoint = await localLambda();

      // Act
      adapter = new LambdaAdapter({ functionName: 'demo-persister', region: 'eu-central-1', endpoint, credentials, logger: silentLogger, ...options });
      const result = await adapter.invoke({});

      // Assess
      expect(result.payload).toEqual({ ok: true });
      expect(await adapter.client.config.maxAttempts()).toBe(1);
      expect(adapter.client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
      expect(maxSocketsOf(adapter.client)).toEqual(expected);
    });
  });
});
