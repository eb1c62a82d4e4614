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
    const failure = handOffFailure({ error: 'm', errorDetails: { type, code: 'C', retryable: true } }, options);
    expect(failure).toMatchObject({ reason, attempts });
    expect(failure.error).toMatchObject({ name: type, message: 'm', code: 'C' });
  });

  it('describes a response without error details', () => {
    const failure = handOffFailure({}, { maxRetries: 0, fallbackReason: 'persister-unavailable' });
    expect(failure).toMatchObject({ reason: 'persister-unavailable', attempts: 1 });
    expect(failure.error).toMatchObject({ name: 'HandOffError', message: 'the hand-off failed without error details' });
    expect(failure.error).not.toHaveProperty('code');
  });

  it('keeps the message of a response that has no details', () => {
    const failure = handOffFailure({ error: 'Unknown error' }, options);
    expect(failure).toMatchObject({ reason: 'wrapper-unavailable', attempts: 1 });
    expect(failure.error).toMatchObject({ name: 'HandOffError', message: 'Unknown error' });
  });
});
