import { createWriteRetry, isTransientWriteError, withWriteRounds } from '../../src/retry';
import { WriteRetriesExhaustedError } from '../../src/errors';

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
    expect(isTransientWriteError(named(name, 400))).toBe(transient);
  });

  it('treats 5xx and network errors as transient', () => {
    // Act / Assess
    expect(isTransientWriteError(named('SomethingElse', 503))).toBe(true);
    expect(isTransientWriteError(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe(true);
  });

  it('backs off exponentially with jitter, capped at 2 s, within 5 retries', () => {
    // Prepare
    const strategy = createWriteRetry({ random: () => 1 - Number.EPSILON, sleep: async () => undefined });

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
    const strategy = createWriteRetry({ random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    const operation = jest.fn<Promise<string>, []>().mockRejectedValueOnce(named('ThrottlingException')).mockResolvedValue('ok');

    // Act
    const outcome = await withWriteRounds(strategy, 'demo-hot', async () => ({ done: true, value: await operation() }));

    // Assess
    expect(outcome).toEqual({ ok: true, value: 'ok', attempts: 2 });
    expect(slept).toEqual([25]);
  });

  it('runs a round again while it leaves work, with backoff', async () => {
    // Prepare
    const slept: number[] = [];
    const strategy = createWriteRetry({ random: () => 0.5, sleep: async (ms) => void slept.push(ms) });
    let left = 2;

    // Act
    const outcome = await withWriteRounds(strategy, 'demo-hot', async () => (--left === 0 ? { done: true, value: 'all sent' } : { done: false }));

    // Assess
    expect(outcome).toEqual({ ok: true, value: 'all sent', attempts: 2 });
    expect(slept).toEqual([25]);
  });

  it('returns a non-transient error at once, and a spent budget as WriteRetriesExhaustedError', async () => {
    // Prepare
    const strategy = createWriteRetry({ random: () => 0, sleep: async () => undefined });
    const denied = named('AccessDeniedException', 400);
    const throttled = named('ThrottlingException');

    // Act
    const rejected = await withWriteRounds(strategy, 'demo-hot', () => Promise.reject(denied));
    const exhausted = await withWriteRounds(strategy, 'demo-hot', () => Promise.reject(throttled));
    const unprocessed = await withWriteRounds(strategy, 'demo-hot', async () => ({ done: false, cause: throttled }));

    // Assess
    expect(rejected).toEqual({ ok: false, error: denied, attempts: 1 });
    expect(exhausted).toMatchObject({ ok: false, attempts: 6 });
    expect((exhausted as { error: unknown }).error).toBeInstanceOf(WriteRetriesExhaustedError);
    expect((exhausted as { error: unknown }).error).toMatchObject({ unprocessed: false, attempts: 6, table: 'demo-hot', cause: throttled });
    expect(unprocessed).toMatchObject({ ok: false, attempts: 6 });
    expect((unprocessed as { error: unknown }).error).toMatchObject({ unprocessed: true, attempts: 6, cause: throttled });
  });
});
