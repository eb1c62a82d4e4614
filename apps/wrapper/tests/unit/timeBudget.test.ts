import { attemptBudget } from '../../src/timeBudget';

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
});
