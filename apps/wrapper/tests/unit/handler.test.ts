import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { HealthReport } from '@twinflow/health';
import { handler } from '../../src/handler';
import type { WrapperResult } from '../../src/types';
import { callsTo, lambdaMock, ok, queued, telemetryEvent } from './helpers';

const VARIABLES = ['TWIN_NAME', 'FAILURE_STORE', 'FAILURE_QUEUE_URL', 'LAMBDA_ENDPOINT', 'PERSISTER_FUNCTION', 'LOG_LEVEL', 'POWERTOOLS_METRICS_DISABLED'];

describe('handler (the lazy module-level default)', () => {
  const saved = Object.fromEntries(VARIABLES.map((key) => [key, process.env[key]]));

  beforeEach(() => {
    lambdaMock.reset();
    for (const key of VARIABLES) delete process.env[key];
  });

  afterAll(() => {
    for (const [key, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[key];
      else process.env[key] = value;
    }
  });

  it('reads process.env on the first call, not at import, and keeps what it built', async () => {
    // Act 1: the module was imported without TWIN_NAME; only calling it reads the environment
    const unconfigured = handler({ action: 'health' });

    // Assess 1
    await expect(unconfigured).rejects.toMatchObject({ name: 'ServiceConfigError', variable: 'TWIN_NAME' });

    // Prepare 2
    // The default Powertools metrics would print EMF lines amid the test output (wrapper.metrics.test.ts checks them).
    Object.assign(process.env, { TWIN_NAME: 'demo', FAILURE_STORE: 'memory', LOG_LEVEL: 'silent', POWERTOOLS_METRICS_DISABLED: 'true' });
    lambdaMock.on(InvokeCommand, { FunctionName: 'demo-persister' }).resolves(queued);
    lambdaMock.on(InvokeCommand, { FunctionName: 'demo-thermostat-1-processor' }).resolves(ok({ celsius: 21 }));

    // Act 2
    const result = (await handler({ events: [telemetryEvent('thermostat-1')] })) as WrapperResult;
    process.env['TWIN_NAME'] = 'changed-later';
    const report = (await handler({ action: 'health' })) as HealthReport;

    // Assess 2
    expect(result).toMatchObject({ received: 1, processed: 1, failed: 0 });
    expect(callsTo('demo-thermostat-1-processor')).toHaveLength(1);
    expect(callsTo('demo-persister')).toHaveLength(1);
    expect(Object.keys(report.components).sort()).toEqual(['demo-persister', 'demo-thermostat-1-processor']);
    expect(report.components['demo-thermostat-1-processor']).toMatchObject({ totalRequests: 1, consecutiveFailures: 0 });
  });
});
