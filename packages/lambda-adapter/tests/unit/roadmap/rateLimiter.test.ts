import { LambdaAdapterConfigError, LambdaAdapterError } from '../../../src';
import { DEFAULT_RATE_LIMIT_MAX_WAIT_MS, RateLimitedError, RateLimiter } from '../../../src';
import type { RateLimitOptions } from '../../../src';
import { fakeTime, rejectionOf, thrownBy } from './fakes';
import type { FakeTime } from './fakes';

describe('RateLimiter', () => {
  let time: FakeTime;

  beforeEach(() => {
    time = fakeTime();
  });

  const limiter = (options: Partial<RateLimitOptions> = {}): RateLimiter =>
    new RateLimiter({ perSecond: 10, clock: time.clock, sleep: time.sleep, ...options });

  it('lets a burst through at once, then spaces calls by 1000 / perSecond ms', async () => {
    // Prepare
    const bucket = limiter({ perSecond: 10, burst: 3 });

    // Act
    for (let i = 0; i < 6; i += 1) await bucket.acquire('demo-persister');

    // Assess: 3 free tokens, then one every 100 ms
    expect(time.waits).toEqual([100, 100, 100]);
  });

  it('defaults burst to perSecond rounded up and maxWaitMs to 1 s', () => {
    // Act
    const a = new RateLimiter({ perSecond: 2.5 });
    const b = new RateLimiter({ perSecond: 0.2 });

    // Assess
    expect(a).toMatchObject({ perSecond: 2.5, burst: 3, maxWaitMs: 1_000 });
    expect(b.burst).toBe(1);
    expect(DEFAULT_RATE_LIMIT_MAX_WAIT_MS).toBe(1_000);
  });

  it('queues concurrent callers in arrival order, each reserving its token', async () => {
    // Prepare
    const waits: number[] = [];
    const sleep = (ms: number): Promise<void> => {
      waits.push(ms); // nothing advances the clock: all callers arrive at the same instant
      return Promise.resolve();
    };
    const queued = new RateLimiter({ perSecond: 10, burst: 1, clock: time.clock, sleep });

    // Act
    await Promise.all([0, 1, 2, 3].map(() => queued.acquire('demo-persister')));

    // Assess: first free, then 100, 200, 300 ms
    expect(waits).toEqual([100, 200, 300]);
  });

  it('refuses a call whose wait would exceed maxWaitMs, without taking a token', async () => {
    // Prepare
    const bucket = limiter({ perSecond: 4, burst: 1, maxWaitMs: 200 });
    await bucket.acquire('demo-persister');

    // Act
    const error = await rejectionOf(bucket.acquire('demo-persister'));
    time.advance(50);
    const retried = bucket.acquire('demo-persister');

    // Assess: a token takes 250 ms; 50 ms later it takes 200 ms, within the limit
    expect(error).toBeInstanceOf(RateLimitedError);
    expect(error).toBeInstanceOf(LambdaAdapterError);
    expect(error).toMatchObject({ code: 'RATE_LIMITED', functionName: 'demo-persister', waitMs: 250, maxWaitMs: 200, retryable: true });
    expect((error as Error).message).toBe('Rate limit for "demo-persister": a token would take 250 ms, over maxWaitMs 200 ms');
    expect((error as RateLimitedError).toJSON()).toEqual({
      name: 'RateLimitedError',
      code: 'RATE_LIMITED',
      message: (error as Error).message,
      functionName: 'demo-persister',
      waitMs: 250,
      maxWaitMs: 200,
    });
    await retried;
    expect(time.waits).toEqual([200]);
  });

  it('never waits with maxWaitMs 0', async () => {
    // Prepare
    const bucket = limiter({ perSecond: 1, burst: 2, maxWaitMs: 0 });

    // Act
    await bucket.acquire('a');
    await bucket.acquire('a');
    const error = await rejectionOf(bucket.acquire('a'));

    // Assess
    expect(error).toMatchObject({ code: 'RATE_LIMITED', waitMs: 1_000 });
    expect(time.waits).toEqual([]);
  });

  it('refills with time, never above burst', () => {
    // Prepare
    const bucket = limiter({ perSecond: 10, burst: 5 });
    for (let i = 0; i < 5; i += 1) bucket.tryAcquire();

    // Act / Assess
    expect(bucket.available()).toBe(0);
    time.advance(250);
    expect(bucket.available()).toBe(2);
    time.advance(60_000);
    expect(bucket.available()).toBe(5);
  });

  it('tryAcquire takes a token only when one is there', () => {
    // Prepare
    const bucket = limiter({ perSecond: 10, burst: 1 });

    // Act / Assess
    expect(bucket.tryAcquire()).toBe(true);
    expect(bucket.tryAcquire()).toBe(false);
    time.advance(100);
    expect(bucket.tryAcquire()).toBe(true);
  });

  it('bounds adapters that share one limiter together, naming the function that was refused', async () => {
    // Prepare
    const shared = limiter({ perSecond: 1, burst: 2, maxWaitMs: 0 });

    // Act
    await shared.acquire('demo-a-processor');
    await shared.acquire('demo-b-processor');
    const error = await rejectionOf(shared.acquire('demo-b-processor'));

    // Assess
    expect(error).toMatchObject({ functionName: 'demo-b-processor' });
  });

  it('ignores a clock that steps back', async () => {
    // Prepare
    let now = 10_000;
    const bucket = new RateLimiter({ perSecond: 10, burst: 1, clock: { now: () => now }, sleep: time.sleep });
    bucket.tryAcquire();

    // Act
    now = 5_000;
    const afterStepBack = bucket.available();
    now = 10_100;
    const later = bucket.available();

    // Assess
    expect(afterStepBack).toBe(0);
    expect(later).toBe(1);
  });

  it('never admits more than burst + perSecond * elapsed calls (simulated minute, random arrivals)', async () => {
    // Prepare
    const bucket = limiter({ perSecond: 7, burst: 4, maxWaitMs: 300 });
    const start = time.clock.now();
    let seed = 7;
    const next = (): number => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed / 2 ** 31;
    };
    let admitted = 0;

    // Act / Assess
    while (time.clock.now() - start < 60_000) {
      time.advance(Math.floor(next() * 120));
      try {
        await bucket.acquire('demo-persister');
        admitted += 1;
      } catch (error) {
        expect(error).toBeInstanceOf(RateLimitedError);
      }
      const elapsedS = (time.clock.now() - start) / 1000;
      expect(admitted).toBeLessThanOrEqual(4 + 7 * elapsedS + 1e-9);
    }
    expect(admitted).toBeGreaterThan(7 * 60 * 0.9);
  });

  it.each<[string, unknown]>([
    ['rateLimit', undefined],
    ['rateLimit', null],
    ['rateLimit.perSecond', {}],
    ['rateLimit.perSecond', { perSecond: 0 }],
    ['rateLimit.perSecond', { perSecond: Number.POSITIVE_INFINITY }],
    ['rateLimit.perSecond', { perSecond: '10' }],
    ['rateLimit.burst', { perSecond: 1, burst: 0 }],
    ['rateLimit.burst', { perSecond: 1, burst: 1.5 }],
    ['rateLimit.maxWaitMs', { perSecond: 1, maxWaitMs: -1 }],
    ['rateLimit.maxWaitMs', { perSecond: 1, maxWaitMs: 900_001 }],
    ['rateLimit.clock', { perSecond: 1, clock: {} }],
    ['rateLimit.sleep', { perSecond: 1, sleep: 5 }],
    ['rateLimit.perSecnd', { perSecond: 1, perSecnd: 2 }],
  ])('throws LambdaAdapterConfigError naming %s for %p', (option, options) => {
    // Act
    const error = thrownBy(() => new RateLimiter(options as RateLimitOptions));

    // Assess
    expect(error).toBeInstanceOf(LambdaAdapterConfigError);
    expect(error).toMatchObject({ code: 'LAMBDA_ADAPTER_CONFIG_INVALID', option });
    expect((error as Error).message).toContain(`"${option}"`);
  });
});
