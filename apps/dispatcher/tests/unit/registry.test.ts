import { mockClient } from 'aws-sdk-client-mock';
import type { AwsClientStub } from 'aws-sdk-client-mock';
import type { LambdaClient } from '@aws-sdk/client-lambda';

type ClientLambda = typeof import('@aws-sdk/client-lambda');
type Handler = typeof import('../../src/handler');

/** `n` valid devices, `sensor-00000` … */
const devices = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `sensor-${String(i).padStart(5, '0')}`, description: 'Line pressure sensor', memorySize: 256, timeout: 10 }));

describe('the bundled device registry at cold start', () => {
  const saved = { ...process.env };
  let lambda: ClientLambda;
  let lambdaMock: AwsClientStub<LambdaClient>;

  /** The handler of a fresh module registry whose bundled registry is `registry`. */
  const handlerWith = (registry: unknown): Handler['handler'] => {
    jest.doMock('@twinflow/config/config_iot_devices.json', () => registry);
    return jest.requireActual<Handler>('../../src/handler').handler;
  };

  beforeEach(() => {
    jest.resetModules();
    lambda = jest.requireActual<ClientLambda>('@aws-sdk/client-lambda');
    lambdaMock = mockClient(lambda.LambdaClient);
    lambdaMock.on(lambda.InvokeCommand).resolves({ StatusCode: 202 });
    Object.assign(process.env, { LOG_LEVEL: 'silent', TWIN_NAME: 'demo', FAILURE_STORE: 'memory', POWERTOOLS_METRICS_DISABLED: 'true' });
  });

  afterEach(() => {
    lambdaMock.restore();
    process.env = { ...saved };
    jest.dontMock('@twinflow/config/config_iot_devices.json');
  });

  it('dispatches a reading of any of 10,000 registered devices', async () => {
    // Prepare
    const handler = handlerWith(devices(10_000));

    // Act
    const result = await handler([{ device_id: 'sensor-09999', t: 1 }, { device_id: 'sensor-00000', t: 2 }, { device_id: 'sensor-10000', t: 3 }]);

    // Assess
    expect(result).toMatchObject({ received: 3, dispatched: 2, failed: 1, results: [{ status: 'dispatched' }, { status: 'dispatched' }, { deviceId: 'sensor-10000', reason: 'unknown-device' }] });
  });

  it.each([
    ['a bad entry', Object.assign(devices(10_000), { 9_999: { id: 'sensor-09999', timeout: 0 } }), '9999.timeout: must be an integer from 1 to 900'],
    ['a duplicate', [...devices(3), { id: 'sensor-00001' }], '3.id: duplicate device id "sensor-00001"'],
    ['no array', { devices: [] }, '(root): must be an array of devices'],
  ])('fails the cold start on %s, with a ConfigError naming the file and the entry', async (_label, registry, issue) => {
    // Prepare
    const handler = handlerWith(registry);

    // Act
    const cold = handler({ action: 'health' });

    // Assess: core's ConfigError (of the handler's fresh module registry, hence by name and code)
    await expect(cold).rejects.toMatchObject({ name: 'ConfigError', code: 'CONFIG_INVALID', file: 'config/config_iot_devices.json' });
    await expect(cold).rejects.toThrow(`config/config_iot_devices.json: invalid configuration — ${issue}`);
    expect(lambdaMock.commandCalls(lambda.InvokeCommand)).toHaveLength(0);
  });
});
