import { ResourceNotFoundException, ServiceException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { TwinflowError } from '@twinflow/core';
import { classifyError, isThrottling } from '../../src';
import { awsError, networkError } from '@twinflow/testing/awsErrors';

describe('classifyError', () => {
  it.each([
    'TooManyRequestsException',
    'ThrottlingException',
    'Throttling',
    'RequestLimitExceeded',
    'ServiceException',
    'ServiceUnavailable',
    'ServiceUnavailableException',
    'EC2ThrottledException',
    'TimeoutError',
    'AbortError',
  ])('retries %s', (name) => {
    // Act / Assess
    expect(classifyError(Object.assign(new Error('x'), { name }))).toEqual({ retryable: true, errorName: name });
  });

  it.each(['ECONNRESET', 'ETIMEDOUT', 'ECONNREFUSED', 'EPIPE', 'EAI_AGAIN'])('retries the network error %s', (code) => {
    // Act / Assess
    expect(classifyError(networkError(code))).toEqual({ retryable: true, errorName: code });
  });

  it.each([
    ['ResourceNotFoundException', 404],
    ['AccessDeniedException', 403],
    ['AccessDenied', 403],
    ['UnrecognizedClientException', 403],
    ['InvalidParameterValueException', 400],
    ['RequestTooLargeException', 413],
    ['InvalidRequestContentException', 400],
    ['ResourceConflictException', 409],
    ['KMSAccessDeniedException', 502],
  ])('does not retry %s (%d)', (name, status) => {
    // Act / Assess
    expect(classifyError(awsError(name, status))).toEqual({ retryable: false, errorName: name, statusCode: status });
  });

  it.each(['ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ECONNABORTED'])('retries an endpoint that cannot be reached (%s)', (code) => {
    // Prepare: what Node's resolver or socket reports, as the SDK's NodeHttpHandler passes it on
    const error = Object.assign(new Error(`getaddrinfo ${code} lambda.eu-central-1.amazonaws.com`), { code, syscall: 'getaddrinfo' });

    // Act / Assess
    expect(classifyError(error)).toEqual({ retryable: true, errorName: code });
  });

  it("retries the original's EndpointConnectionError", () => {
    // Act / Assess
    expect(classifyError(Object.assign(new Error('Could not connect to the endpoint URL'), { name: 'EndpointConnectionError' }))).toEqual({
      retryable: true,
      errorName: 'EndpointConnectionError',
    });
  });

  it.each(['PriorRequestNotComplete', 'TransactionInProgressException', 'RequestTimeoutException', 'SlowDown'])(
    'retries %s, known from the SDK classification',
    (name) => {
      // Act / Assess
      expect(classifyError(awsError(name, 400)).retryable).toBe(true);
    },
  );

  it('looks the name up under code and the code under name', () => {
    // Act / Assess
    expect(classifyError(Object.assign(new Error('x'), { code: 'ThrottlingException' }))).toEqual({ retryable: true, errorName: 'ThrottlingException' });
    expect(classifyError({ name: 'ECONNRESET' })).toEqual({ retryable: true, errorName: 'ECONNRESET' });
    expect(classifyError(Object.assign(new Error('x'), { code: 'AccessDeniedException' })).retryable).toBe(false);
  });

  it('retries what the service marks $retryable', () => {
    // Act / Assess
    expect(classifyError({ ...awsError('SomeModelledException', 400), $retryable: {} }).retryable).toBe(true);
    expect(classifyError({ ...awsError('SomeModelledException', 400), $retryable: { throttling: true } }).retryable).toBe(true);
  });

  it('follows cause: a wrapped socket error is retried', () => {
    // Prepare
    const wrapped = Object.assign(new Error('request failed'), { name: 'SomeWrapperError', cause: networkError('ECONNRESET') });

    // Act / Assess
    expect(classifyError(wrapped)).toEqual({ retryable: true, errorName: 'SomeWrapperError' });
  });

  it('retries a signature error once the SDK has corrected its clock, and not otherwise', () => {
    // Prepare
    const skewed = awsError('InvalidSignatureException', 403, 'Signature expired: 20261124T075000Z is now earlier than 20261124T080000Z');
    const corrected = Object.assign(awsError('InvalidSignatureException', 403), {
      $metadata: { httpStatusCode: 403, clockSkewCorrected: true },
    });

    // Act / Assess
    expect(classifyError(skewed).retryable).toBe(false);
    expect(classifyError(corrected).retryable).toBe(true);
  });

  it('never lets a message decide, not even the SDK\'s browser network messages', () => {
    // Act / Assess
    expect(classifyError(new TypeError('Failed to fetch')).retryable).toBe(false);
    expect(classifyError(new TypeError('Network request failed')).retryable).toBe(false);
  });

  it.each([
    [500, true],
    [502, true],
    [503, true],
    [504, true],
    [429, true],
    [400, false],
    [404, false],
    [413, false],
  ])('classifies an unknown error name by HTTP status %d', (status, retryable) => {
    // Act / Assess
    expect(classifyError(awsError('SomethingNewException', status))).toEqual({ retryable, errorName: 'SomethingNewException', statusCode: status });
  });

  it('lets the name win over the status: a throttling error sent with 400 is retried', () => {
    // Act / Assess
    expect(classifyError(awsError('ThrottlingException', 400, 'Rate exceeded')).retryable).toBe(true);
  });

  it('never reads the message: "Rate exceeded" under an unknown client-error name is not retried', () => {
    // Act / Assess
    expect(classifyError(awsError('SomeClientException', 400, 'Rate exceeded')).retryable).toBe(false);
    expect(classifyError(new Error('ECONNRESET Rate exceeded throttled')).retryable).toBe(false);
  });

  it('classifies the SDK model exceptions', () => {
    // Prepare
    const $metadata = {};

    // Act / Assess
    expect(classifyError(new TooManyRequestsException({ message: 'Rate exceeded', $metadata })).retryable).toBe(true);
    expect(classifyError(new ServiceException({ message: 'internal', $metadata })).retryable).toBe(true);
    expect(classifyError(new ResourceNotFoundException({ message: 'missing', $metadata })).retryable).toBe(false);
  });

  it('falls back to $fault when there is nothing else', () => {
    // Act / Assess
    expect(classifyError({ name: 'Unknown', $fault: 'server' }).retryable).toBe(true);
    expect(classifyError({ name: 'Unknown', $fault: 'client' }).retryable).toBe(false);
  });

  it("lets a twinflow error's own retryable flag decide, whatever its code", () => {
    // Prepare: what LambdaTimeoutError (lambda-adapter) and a refused call look like to health
    class AttemptTimeoutError extends TwinflowError {}
    const timeout = new AttemptTimeoutError('timed out', 'ECONNRESET', { retryable: true });
    const refused = new TwinflowError('throttled, but refused for good', 'ThrottlingException', { retryable: false });

    // Act / Assess
    expect(classifyError(timeout)).toEqual({ retryable: true, errorName: 'AttemptTimeoutError' });
    expect(classifyError(refused)).toEqual({ retryable: false, errorName: 'TwinflowError' });
    expect(classifyError(Object.assign(new Error('wrapped'), { name: 'WrapperError', cause: timeout })).retryable).toBe(true);
  });

  it.each([['a string'], [undefined], [null], [42], [{}]])('does not retry an unrecognisable value %p', (value) => {
    // Act / Assess
    expect(classifyError(value)).toEqual({ retryable: false, errorName: 'Error' });
  });
});

describe('isThrottling', () => {
  it.each([
    ['TooManyRequestsException', undefined, true],
    ['ThrottlingException', 400, true],
    ['RequestLimitExceeded', undefined, true],
    ['SomethingElse', 429, true],
    ['ServiceException', 500, false],
    ['ECONNRESET', undefined, false],
    ['ResourceNotFoundException', 404, false],
  ])('%s (HTTP %p) → %p', (errorName, statusCode, expected) => {
    // Act / Assess
    expect(isThrottling(errorName, statusCode)).toBe(expected);
  });

  it('calls every throttling name retryable', () => {
    // Act / Assess
    for (const name of ['TooManyRequestsException', 'ThrottlingException', 'SlowDown', 'ProvisionedThroughputExceededException']) {
      expect(isThrottling(name)).toBe(true);
      expect(classifyError({ name }).retryable).toBe(true);
    }
  });
});
