import { withRetries } from '@twinflow/health';
import { StatementError, UnprocessedItemsError, WriteRetriesExhaustedError } from '../../src/errors';
import { isRetryableWrite, writeRetries, writeStrategy } from '../../src/writeRetries';

const named = (name: string, status?: number) => Object.assign(new Error(name), { name, ...(status ? { $metadata: { httpStatusCode: status } } : {}) });

describe('write retries', () => {
  it.each([
    ['ProvisionedThroughputExceededException', true],
    ['ThrottlingException', true],
    ['RequestLimitExceeded', true],
    ['InternalServerError', true],
    ['ResourceNotFoundException', false],
    ['AccessDeniedException', false],
    ['ValidationException', false],
    ['ConditionalCheckFailedException', false],
  ])('classifies %s as transient: %s', (name, transient) => {
    // Act / Assess
    expect(isRetryableWrite(named(name, 400))).toBe(transient);
  });

  it('treats 5xx and network errors as transient', () => {
    // Act / Assess
    expect(isRetryableWrite(named('SomethingElse', 503))).toBe(true);
    expect(isRetryableWrite(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('retries a round that left work, and no refused statement', () => {
    // Act / Assess
    expect(isRetryableWrite(new UnprocessedItemsError('demo-hot', 1))).toBe(true);
    expect(isRetryableWrite(new StatementError('demo-hot', 'ValidationError'))).toBe(false);
  });

  it('backs off exponentially with jitter, capped at 2 s, within 5 retries', () => {
    // Prepare
    const strategy = writeStrategy({ random: () => 1 - Number.EPSILON, sleep: async () => undefined });

    // Act
    const delays = [0, 1, 2, 3, 4, 5, 6].map((n) => Math.round(strategy.delayMs(n)));

    // Assess
    expect(delays).toEqual([50, 100, 200, 400, 800, 1600, 2000]);
    expect(strategy.shouldRetry(true, 4)).toBe(true);
    expect(strategy.shouldRetry(true, 5)).toBe(false);
  });

  it('returns the value after transient failures', async () => {
    // Prepare
    const slept: number[] = [];
    const strategy = writeStrategy({ random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    const operation = jest.fn<Promise<string>, []>().mockRejectedValueOnce(named('ThrottlingException')).mockResolvedValue('ok');

    // Act
    const outcome = await withRetries(() => operation(), writeRetries('demo-hot', strategy));

    // Assess
    expect(outcome).toEqual({ value: 'ok', attempts: 2 });
    expect(slept).toEqual([25]);
  });

  it('runs a round again while it leaves work, with backoff', async () => {
    // Prepare
    const slept: number[] = [];
    const strategy = writeStrategy({ random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    let left = 2;

    // Act
    const outcome = await withRetries(async () => {
      if (--left > 0) throw new UnprocessedItemsError('demo-hot', left);
      return 'all sent';
    }, writeRetries('demo-hot', strategy));

    // Assess
    expect(outcome).toEqual({ value: 'all sent', attempts: 2 });
    expect(slept).toEqual([25]);
  });

  it('gives up on a non-transient error at once, and on a spent budget with WriteRetriesExhaustedError', async () => {
    // Prepare
    const strategy = writeStrategy({ random: () => 0, sleep: async () => undefined });
    const denied = named('AccessDeniedException', 400);
    const throttled = named('ThrottlingException');
    const statement = new StatementError('demo-hot', 'ThrottlingError');
    const attemptsOf = (op: jest.Mock) => op.mock.calls.length;
    const rejectedOp = jest.fn(() => Promise.reject(denied));
    const exhaustedOp = jest.fn(() => Promise.reject(throttled));
    const unprocessedOp = jest.fn(() => Promise.reject(new UnprocessedItemsError('demo-hot', 1, { cause: statement })));

    // Act
    const rejected = await withRetries(rejectedOp, writeRetries('demo-hot', strategy)).catch((error: unknown) => error);
    const exhausted = await withRetries(exhaustedOp, writeRetries('demo-hot', strategy)).catch((error: unknown) => error);
    const unprocessed = await withRetries(unprocessedOp, writeRetries('demo-hot', strategy)).catch((error: unknown) => error);

    // Assess
    expect(rejected).toBe(denied);
    expect(attemptsOf(rejectedOp)).toBe(1);
    expect(exhausted).toBeInstanceOf(WriteRetriesExhaustedError);
    expect(exhausted).toMatchObject({ unprocessed: false, attempts: 6, table: 'demo-hot', cause: throttled, reason: 'dynamodb-unavailable' });
    expect(attemptsOf(exhaustedOp)).toBe(6);
    expect(unprocessed).toMatchObject({ unprocessed: true, attempts: 6, cause: statement, reason: 'retries-exhausted' });
    expect((unprocessed as Error).message).toContain('last: ThrottlingError');
  });
});
