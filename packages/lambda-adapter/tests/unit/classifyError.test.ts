import * as health from '@twinflow/health';
import { LambdaTimeoutError, RetryStrategy, classifyError, sleep } from '../../src';

// classifyError, RetryStrategy and sleep live in @twinflow/health (their tests are there); the
// adapter re-exports them and relies on its own errors' retryable flag.
describe('classifyError', () => {
  it('retries its own per-attempt timeout', () => {
    // Act / Assess
    expect(classifyError(new LambdaTimeoutError('demo-x', 100, 1))).toEqual({ retryable: true, errorName: 'LambdaTimeoutError' });
  });

  it('re-exports the retry module of @twinflow/health as it is', () => {
    // Act / Assess
    expect(classifyError).toBe(health.classifyError);
    expect(RetryStrategy).toBe(health.RetryStrategy);
    expect(sleep).toBe(health.sleep);
  });
});
