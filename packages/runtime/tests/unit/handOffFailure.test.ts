import { handOffFailure } from '../../src';

describe('handOffFailure', () => {
  const options = { maxRetries: 3, fallbackReason: 'wrapper-unavailable' };

  it.each([
    ['LambdaRetriesExhaustedError', 'retries-exhausted', 4],
    ['LambdaTimeoutError', 'timeout', 1],
    ['CircuitOpenError', 'circuit-open', 0],
    ['LambdaFunctionError', 'function-error', 1],
    ['LambdaInvocationError', 'invoke-rejected', 1],
    ['PayloadTooLargeError', 'payload-too-large', 0],
    ['SomethingElse', 'wrapper-unavailable', 1],
    ['toString', 'wrapper-unavailable', 1],
  ])('maps %s to %s after %d attempts', (type, reason, attempts) => {
    const failure = handOffFailure({ type, message: 'm', code: 'C' }, options);
    expect(failure).toMatchObject({ reason, attempts });
    expect(failure.error).toMatchObject({ name: type, message: 'm', code: 'C' });
  });

  it('describes a response without error info', () => {
    const failure = handOffFailure(undefined, { maxRetries: 0, fallbackReason: 'persister-unavailable' });
    expect(failure.reason).toBe('persister-unavailable');
    expect(failure.error.name).toBe('HandOffError');
  });
});
