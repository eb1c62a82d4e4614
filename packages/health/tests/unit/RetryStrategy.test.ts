import { RetryStrategy, sleep } from '../../src';

describe('RetryStrategy', () => {
  const create = (random: () => number, maxRetries = 3): RetryStrategy =>
    new RetryStrategy({ maxRetries, initialDelayMs: 500, maxDelayMs: 30_000, random, sleep: async () => undefined });

  it('computes full-jitter exponential delays: random() * min(initial * 2^n, max)', () => {
    // Prepare
    const strategy = create(() => 0.5);

    // Act
    const delays = [0, 1, 2, 3, 6, 7, 20].map((n) => strategy.delayMs(n));

    // Assess
    expect(delays).toEqual([250, 500, 1000, 2000, 15_000, 15_000, 15_000]);
  });

  it('uses a fresh random value for every delay', () => {
    // Prepare
    const values = [0.1, 0.9];
    const strategy = create(() => values.shift() ?? 0);

    // Act / Assess
    expect(strategy.delayMs(0)).toBeCloseTo(50);
    expect(strategy.delayMs(0)).toBeCloseTo(450);
  });

  it('keeps a misbehaving random within [0, cap]', () => {
    // Act / Assess
    expect(create(() => -1).delayMs(0)).toBe(0);
    expect(create(() => 7).delayMs(0)).toBe(500);
    expect(create(() => Number.NaN).delayMs(0)).toBe(0);
  });

  it('does not overflow for huge retry numbers', () => {
    // Act / Assess
    expect(create(() => 1).delayMs(5_000)).toBe(30_000);
  });

  it('allows a retry only for retryable failures while retries remain', () => {
    // Prepare
    const strategy = create(() => 0, 2);

    // Act / Assess
    expect([0, 1, 2].map((n) => strategy.shouldRetry(true, n))).toEqual([true, true, false]);
    expect(strategy.shouldRetry(false, 0)).toBe(false);
  });

  it('waits through the injected sleep', async () => {
    // Prepare
    const waited: number[] = [];
    const strategy = new RetryStrategy({
      maxRetries: 1,
      initialDelayMs: 1,
      maxDelayMs: 1,
      random: () => 0,
      sleep: async (ms) => void waited.push(ms),
    });

    // Act
    await strategy.wait(123);

    // Assess
    expect(waited).toEqual([123]);
  });
});

describe('sleep', () => {
  it('resolves after the given time', async () => {
    // Prepare
    jest.useFakeTimers();
    let done = false;

    // Act
    const pending = sleep(1_000).then(() => {
      done = true;
    });
    await jest.advanceTimersByTimeAsync(999);
    const before = done;
    await jest.advanceTimersByTimeAsync(1);
    await pending;

    // Assess
    expect(before).toBe(false);
    expect(done).toBe(true);
    jest.useRealTimers();
  });
});
