import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { buildDispatcher, reading } from './fixtures';

const lambdaMock = mockClient(LambdaClient);
const WRAPPER = 'demo-processor-wrapper';
const throttled = () => new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });

/** The EMF documents written to stdout while `act` runs (Powertools writes them there). */
async function emfLinesOf(act: () => Promise<unknown>): Promise<Array<Record<string, unknown>>> {
  const written: string[] = [];
  jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    written.push(String(chunk));
    return true;
  });
  await act();
  return written
    .flatMap((chunk) => chunk.split('\n'))
    .filter((line) => line.includes('"_aws"'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

describe('createDispatcher metrics', () => {
  const saved = { ...process.env };

  beforeEach(() => {
    lambdaMock.reset();
  });

  afterEach(() => {
    process.env = { ...saved };
  });

  it("records the wrapper's invocation and its duration under the wrapper's functionName", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const { dispatch, metrics } = buildDispatcher();

    // Act
    await dispatch(reading());

    // Assess
    expect(Object.keys(metrics.snapshot())).toEqual([WRAPPER]);
    expect(metrics.count(WRAPPER, 'Invocations')).toBe(1);
    expect(metrics.count(WRAPPER, 'Errors')).toBe(0);
    expect(metrics.snapshot()[WRAPPER]?.durations['Duration']?.count).toBe(1);
  });

  it('counts a throttled attempt and its retry, and no error when the retry succeeds', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejectsOnce(throttled()).resolves({ StatusCode: 202 });
    const { dispatch, metrics } = buildDispatcher();

    // Act
    const result = await dispatch(reading());

    // Assess
    expect(result.dispatched).toBe(1);
    expect(metrics.count(WRAPPER, 'Invocations')).toBe(1);
    expect(metrics.count(WRAPPER, 'Throttles')).toBe(1);
    expect(metrics.count(WRAPPER, 'Retries')).toBe(1);
    expect(metrics.count(WRAPPER, 'Errors')).toBe(0);
  });

  it('records nothing for readings that never reach the wrapper', async () => {
    // Prepare
    const { dispatch, metrics } = buildDispatcher();

    // Act
    await dispatch(reading(0, 'pump-9'));

    // Assess
    expect(metrics.snapshot()).toEqual({});
  });

  it("by default prints each metric as its own Powertools EMF line: namespace twinflow, dimensions service and functionName", async () => {
    // Prepare
    delete process.env['POWERTOOLS_DEV'];
    delete process.env['POWERTOOLS_METRICS_DISABLED'];
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const { dispatch } = buildDispatcher({}, { metrics: undefined });

    // Act
    const lines = await emfLinesOf(() => dispatch(reading()));

    // Assess
    const invocations = lines.find((line) => 'Invocations' in line);
    expect(invocations).toMatchObject({
      service: 'demo-dispatcher',
      functionName: WRAPPER,
      Invocations: 1,
      _aws: { CloudWatchMetrics: [{ Namespace: 'twinflow', Dimensions: [['service', 'functionName']], Metrics: [{ Name: 'Invocations', Unit: 'Count' }] }] },
    });
    expect(lines.find((line) => 'Duration' in line)).toMatchObject({ functionName: WRAPPER, _aws: { CloudWatchMetrics: [{ Metrics: [{ Name: 'Duration', Unit: 'Milliseconds' }] }] } });
  });
});
