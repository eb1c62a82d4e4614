import { attemptBudget, TimeBudgetExhaustedError } from '../../src';

describe('attemptBudget', () => {
  const remaining = (ms: number) => ({ getRemainingTimeInMillis: () => ms });

  it('is PROCESSOR_TIMEOUT_MS without a Lambda context', () => {
    // Act / Assess
    expect(attemptBudget(20_000)).toEqual({ timeoutMs: 20_000, enough: true });
  });

  it('is the remaining time minus 2 s when that is smaller', () => {
    // Act / Assess
    expect(attemptBudget(20_000, remaining(5_000))).toEqual({ timeoutMs: 3_000, enough: true });
  });

  it('is PROCESSOR_TIMEOUT_MS when that is smaller', () => {
    // Act / Assess
    expect(attemptBudget(1_000, remaining(60_000))).toEqual({ timeoutMs: 1_000, enough: true });
  });

  it('is not enough when less than 100 ms would be left', () => {
    // Act / Assess
    expect(attemptBudget(20_000, remaining(2_099)).enough).toBe(false);
    expect(attemptBudget(20_000, remaining(1_000))).toEqual({ timeoutMs: -1_000, enough: false });
    expect(attemptBudget(20_000, remaining(2_100)).enough).toBe(true);
  });

  it('accepts a configured timeout below 100 ms when the deadline allows it', () => {
    // Act / Assess
    expect(attemptBudget(20, remaining(60_000))).toEqual({ timeoutMs: 20, enough: true });
  });

  describe('shared among the attempts of a call that retries', () => {
    const retry = { maxRetries: 3, initialDelayMs: 100, maxDelayMs: 2_000 };

    it('is the configured timeout while four of them and the backoff fit', () => {
      // Act / Assess: 4 x 5000 + 700 of backoff + 2000 of margin = 22700
      expect(attemptBudget(5_000, remaining(22_700), retry)).toEqual({ timeoutMs: 5_000, enough: true });
      expect(attemptBudget(5_000, remaining(22_699), retry).timeoutMs).toBe(4_999);
    });

    it('shrinks so that every attempt and every backoff end before the deadline', () => {
      // Act
      const budget = attemptBudget(5_000, remaining(10_000), retry);

      // Assess: (10000 - 2000 - 700) / 4
      expect(budget).toEqual({ timeoutMs: 1_825, enough: true });
      expect(4 * budget.timeoutMs + 700).toBeLessThanOrEqual(10_000 - 2_000);
    });

    it('counts each backoff at its cap', () => {
      // Act / Assess: backoffs 1000 + 2000 + 2000 (capped) = 5000; (20000 - 2000 - 5000) / 4 = 3250
      expect(attemptBudget(30_000, remaining(20_000), { maxRetries: 3, initialDelayMs: 1_000, maxDelayMs: 2_000 }).timeoutMs).toBe(3_250);
    });

    it('is not enough when the attempts would get less than 100 ms each', () => {
      // Act / Assess: (3099 - 2000 - 700) / 4 = 99
      expect(attemptBudget(5_000, remaining(3_099), retry)).toEqual({ timeoutMs: 99, enough: false });
      expect(attemptBudget(5_000, remaining(3_100), retry)).toEqual({ timeoutMs: 100, enough: true });
    });

    it('is the configured timeout without a Lambda context', () => {
      // Act / Assess
      expect(attemptBudget(5_000, undefined, retry)).toEqual({ timeoutMs: 5_000, enough: true });
    });
  });
});

describe('TimeBudgetExhaustedError', () => {
  it('parks as a retryable timeout that made no attempt and names the function', () => {
    // Act
    const error = new TimeBudgetExhaustedError('demo-wrapper', 40);

    // Assess
    expect(error).toMatchObject({ name: 'TimeBudgetExhaustedError', code: 'TIME_BUDGET_EXHAUSTED', reason: 'timeout', retryable: true, attempts: 0, functionName: 'demo-wrapper', budgetMs: 40 });
    expect(error.message).toBe(`Not invoking "demo-wrapper": only 40 ms left before this invocation's own deadline`);
  });
});
