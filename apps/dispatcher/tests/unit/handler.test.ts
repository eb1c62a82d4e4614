import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { HealthReport } from '@twinflow/health';

type ClientLambda = typeof import('@aws-sdk/client-lambda');

describe('handler', () => {
  const saved = { ...process.env };

  // Each test loads the handler in a fresh module registry, so the SDK is mocked in that registry.
  let lambda: ClientLambda;
  let lambdaMock: AwsClientStub<LambdaClient>;

  beforeEach(() => {
    jest.resetModules();
    lambda = jest.requireActual<ClientLambda>('@aws-sdk/client-lambda');
    lambdaMock = mockClient(lambda.LambdaClient);
    lambdaMock.on(lambda.InvokeCommand).resolves({ StatusCode: 202 });
    process.env['LOG_LEVEL'] = 'silent';
  });

  afterEach(() => {
    lambdaMock.restore();
    process.env = { ...saved };
  });

  it('reads no environment at import', () => {
    // Prepare
    delete process.env['TWIN_NAME'];
    process.env['FAILURE_STORE'] = 'bogus';

    // Act / Assess: an eager build would throw ServiceConfigError here.
    expect(() => jest.requireActual<typeof import('../../src/handler')>('../../src/handler')).not.toThrow();
  });

  it('builds the dispatcher from the environment and bundled config on the first call', async () => {
    // Prepare
    process.env['TWIN_NAME'] = 'demo';
    process.env['FAILURE_STORE'] = 'memory';
    process.env['WRAPPER_FUNCTION'] = 'demo-processor-wrapper';
    const { handler } = jest.requireActual<typeof import('../../src/handler')>('../../src/handler');

    // Act
    const report = (await handler({ action: 'health' })) as HealthReport;
    const result = await handler({ device_id: 'not-in-the-registry', t: 1 });

    // Assess: the bundled registry (config/config_iot_devices.json) decides what is known.
    expect(Object.keys(report.components)).toEqual(['demo-processor-wrapper']);
    expect(result).toMatchObject({ received: 1, failed: 1, results: [{ reason: 'unknown-device' }] });
    expect(lambdaMock.commandCalls(lambda.InvokeCommand)).toHaveLength(0);
  });

  it('fails the cold start when the environment is invalid, naming the variable', async () => {
    // Prepare
    process.env['TWIN_NAME'] = 'demo';
    process.env['FAILURE_STORE'] = 'sqs';
    delete process.env['FAILURE_QUEUE_URL'];
    const { handler } = jest.requireActual<typeof import('../../src/handler')>('../../src/handler');

    // Act / Assess
    await expect(handler({ action: 'health' })).rejects.toThrow(/FAILURE_QUEUE_URL/);
  });
});
