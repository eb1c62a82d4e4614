import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { ResourceNotFoundException, ServiceException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { isClockSkewError, isServerError, isThrottlingError, isTransientError } from '@smithy/service-error-classification';
import { TwinflowError } from '@twinflow/core';
import { classifyError, isThrottling } from '../../src';
import { awsError, networkError } from '@twinflow/testing/awsErrors';

// twinflow's classifyError builds on the AWS SDK's own classification (@smithy/service-error-classification
// 4.6.2, i.e. @smithy/core/retry). The SDK is imported here, in a test, and never from src: it would pull
// 12–27 KB of @smithy/core into every Lambda bundle. This file shows that the two agree on everything the
// SDK retries by its lists, traits, statuses and causes, and spells out where twinflow differs on purpose.

type SdkError = Parameters<typeof isTransientError>[0];

/**
 * The SDK's retry decision, as its retry middleware makes it (`getRetryErrorType`): THROTTLING,
 * TRANSIENT and SERVER_ERROR are retried, CLIENT_ERROR is not.
 */
function sdkRetryable(error: unknown): boolean {
  const sdk = error as SdkError;
  return isThrottlingError(sdk) || isTransientError(sdk) || isServerError(sdk);
}

/** The SDK's own predicates, taking any probe (the SDK types them for its `SdkError`). */
const sdk = {
  throttling: (error: unknown): boolean => isThrottlingError(error as SdkError),
  transient: (error: unknown): boolean => isTransientError(error as SdkError),
  clockSkew: (error: unknown): boolean => isClockSkewError(error as SdkError),
};

function twinflowRetryable(error: unknown): boolean {
  return classifyError(error).retryable;
}

/** An error named `name` with nothing else (no status, no trait): the name alone decides. */
function named(name: string, message = name): Error {
  return Object.assign(new Error(message), { name });
}

// The SDK's lists, from node_modules/@smithy/core/dist-es/submodules/retry/service-error-classification/constants.js
// (@smithy/core 3.41.0, under @smithy/service-error-classification 4.6.2). "reads the SDK's lists" below fails when
// an SDK upgrade changes them, so a new code cannot be missed.
const THROTTLING_ERROR_CODES = [
  'BandwidthLimitExceeded',
  'EC2ThrottledException',
  'LimitExceededException',
  'PriorRequestNotComplete',
  'ProvisionedThroughputExceededException',
  'RequestLimitExceeded',
  'RequestThrottled',
  'RequestThrottledException',
  'SlowDown',
  'ThrottledException',
  'Throttling',
  'ThrottlingException',
  'TooManyRequestsException',
  'TransactionInProgressException',
];
const TRANSIENT_ERROR_CODES = ['TimeoutError', 'RequestTimeout', 'RequestTimeoutException'];
const TRANSIENT_ERROR_STATUS_CODES = [500, 502, 503, 504];
const NODEJS_TIMEOUT_ERROR_CODES = ['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT'];
const NODEJS_NETWORK_ERROR_CODES = ['EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN'];
const CLOCK_SKEW_ERROR_CODES = [
  'AccessDeniedException',
  'AuthFailure',
  'InvalidSignatureException',
  'RequestExpired',
  'RequestInTheFuture',
  'RequestTimeTooSkewed',
  'SignatureDoesNotMatch',
];

/** One `export const NAME = [...]` of the SDK's constants file, parsed. */
function sdkList(source: string, name: string): Array<string | number> {
  const match = new RegExp(`export const ${name} = \\[([^\\]]*)\\]`).exec(source);
  if (match?.[1] === undefined) throw new Error(`${name} not found in the SDK's constants`);
  return JSON.parse(`[${match[1].trim().replace(/,$/, '')}]`) as Array<string | number>;
}

describe('classifyError and the AWS SDK classification (@smithy/service-error-classification)', () => {
  it("reads the SDK's lists: the tables of this test are the installed SDK's", () => {
    // Prepare: the @smithy/core that @smithy/service-error-classification itself loads
    const classification = dirname(require.resolve('@smithy/service-error-classification'));
    const core = dirname(require.resolve('@smithy/core/package.json', { paths: [classification] }));
    const source = readFileSync(join(core, 'dist-es/submodules/retry/service-error-classification/constants.js'), 'utf8');

    // Act / Assess
    expect(sdkList(source, 'THROTTLING_ERROR_CODES')).toEqual(THROTTLING_ERROR_CODES);
    expect(sdkList(source, 'TRANSIENT_ERROR_CODES')).toEqual(TRANSIENT_ERROR_CODES);
    expect(sdkList(source, 'TRANSIENT_ERROR_STATUS_CODES')).toEqual(TRANSIENT_ERROR_STATUS_CODES);
    expect(sdkList(source, 'NODEJS_TIMEOUT_ERROR_CODES')).toEqual(NODEJS_TIMEOUT_ERROR_CODES);
    expect(sdkList(source, 'NODEJS_NETWORK_ERROR_CODES')).toEqual(NODEJS_NETWORK_ERROR_CODES);
    expect(sdkList(source, 'CLOCK_SKEW_ERROR_CODES')).toEqual(CLOCK_SKEW_ERROR_CODES);
  });

  describe('agreement', () => {
    it.each(THROTTLING_ERROR_CODES)('retries the throttling code %s, and both count it as throttling', (code) => {
      // Prepare
      const bare = named(code);
      const with400 = awsError(code, 400);

      // Act / Assess
      for (const error of [bare, with400]) {
        expect(sdkRetryable(error)).toBe(true);
        expect(twinflowRetryable(error)).toBe(true);
        expect(sdk.throttling(error)).toBe(true);
      }
      expect(isThrottling(code)).toBe(true);
      expect(isThrottling(code, 400)).toBe(true);
    });

    it.each(TRANSIENT_ERROR_CODES)('retries the transient code %s', (code) => {
      // Act / Assess
      expect(sdkRetryable(named(code))).toBe(true);
      expect(twinflowRetryable(named(code))).toBe(true);
      expect(twinflowRetryable(awsError(code, 408))).toBe(true);
      expect(sdkRetryable(awsError(code, 408))).toBe(true);
    });

    it.each([...NODEJS_TIMEOUT_ERROR_CODES, ...NODEJS_NETWORK_ERROR_CODES])('retries the Node network/timeout code %s', (code) => {
      // Prepare: as Node's socket or resolver reports it, under `code`
      const error = networkError(code);

      // Act / Assess
      expect(sdkRetryable(error)).toBe(true);
      expect(classifyError(error)).toEqual({ retryable: true, errorName: code });
    });

    it('retries every 5xx status of an unknown error, as SERVER_ERROR or TRANSIENT', () => {
      // Act / Assess
      for (let status = 500; status <= 599; status += 1) {
        const error = awsError('SomethingNewException', status);
        expect([status, sdkRetryable(error)]).toEqual([status, true]);
        expect([status, twinflowRetryable(error)]).toEqual([status, true]);
      }
      for (const status of TRANSIENT_ERROR_STATUS_CODES) expect(sdk.transient(awsError('SomethingNewException', status))).toBe(true);
    });

    it('retries 429 as throttling and refuses other 4xx of an unknown error', () => {
      // Act / Assess
      const throttled = awsError('SomethingNewException', 429);
      expect(sdkRetryable(throttled)).toBe(true);
      expect(twinflowRetryable(throttled)).toBe(true);
      expect(sdk.throttling(throttled)).toBe(true);
      expect(isThrottling('SomethingNewException', 429)).toBe(true);
      for (const status of [400, 401, 403, 404, 405, 409, 413, 415, 422]) {
        const error = awsError('SomethingNewException', status);
        expect([status, sdkRetryable(error)]).toEqual([status, false]);
        expect([status, twinflowRetryable(error)]).toEqual([status, false]);
      }
    });

    it('retries what the service marks $retryable', () => {
      // Act / Assess
      for (const $retryable of [{}, { throttling: false }, { throttling: true }]) {
        const error = Object.assign(awsError('SomeModelledException', 400), { $retryable });
        expect(sdkRetryable(error)).toBe(true);
        expect(twinflowRetryable(error)).toBe(true);
      }
    });

    it.each(CLOCK_SKEW_ERROR_CODES)('retries the clock-skew code %s only once the SDK has corrected its clock', (code) => {
      // Prepare
      const skewed = awsError(code, 403);
      const corrected = Object.assign(awsError(code, 403), { $metadata: { httpStatusCode: 403, clockSkewCorrected: true } });

      // Act / Assess
      expect(sdkRetryable(skewed)).toBe(false);
      expect(twinflowRetryable(skewed)).toBe(false);
      expect(sdkRetryable(corrected)).toBe(true);
      expect(twinflowRetryable(corrected)).toBe(true);
    });

    it('follows cause chains to a transient error, and not to a client error', () => {
      // Prepare
      const wrap = (cause: unknown): Error => Object.assign(new Error('request failed'), { name: 'SomeWrapperError', cause });
      const retryableCauses = [networkError('ECONNRESET'), named('TimeoutError'), awsError('SomethingNewException', 503), wrap(wrap(networkError('EPIPE')))];
      const refusedCauses = [awsError('ResourceNotFoundException', 404), new TypeError('bad'), 'a string'];

      // Act / Assess
      for (const cause of retryableCauses) {
        expect(sdkRetryable(wrap(cause))).toBe(true);
        expect(twinflowRetryable(wrap(cause))).toBe(true);
      }
      for (const cause of refusedCauses) {
        expect(sdkRetryable(wrap(cause))).toBe(false);
        expect(twinflowRetryable(wrap(cause))).toBe(false);
      }
    });

    it("agrees on the Lambda client's model exceptions, with the HTTP status the service sends them with", () => {
      // Prepare
      const throttled = new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } });
      const service = new ServiceException({ message: 'internal', $metadata: { httpStatusCode: 500 } });
      const missing = new ResourceNotFoundException({ message: 'missing', $metadata: { httpStatusCode: 404 } });

      // Act / Assess
      expect([sdkRetryable(throttled), twinflowRetryable(throttled)]).toEqual([true, true]);
      expect([sdkRetryable(service), twinflowRetryable(service)]).toEqual([true, true]);
      expect([sdkRetryable(missing), twinflowRetryable(missing)]).toEqual([false, false]);
    });

    it('refuses what neither recognises', () => {
      // Act / Assess
      for (const error of [new Error('boom'), new TypeError('x is not a function'), { name: 'Unknown' }, {}]) {
        expect(sdkRetryable(error)).toBe(false);
        expect(twinflowRetryable(error)).toBe(false);
      }
    });
  });

  describe('deliberate differences', () => {
    it('refuses AccessDeniedException and InvalidSignatureException although the SDK lists them as clock-skew codes', () => {
      // twinflow's NOT_RETRYABLE names them: a permission or signature error is final unless the SDK
      // corrected its clock (`$metadata.clockSkewCorrected`), which the SDK's retry decision requires too.
      // The difference is to isClockSkewError's list, which the SDK itself uses only in deprecated code.
      for (const code of ['AccessDeniedException', 'InvalidSignatureException']) {
        const skewed = awsError(code, 403);
        const corrected = Object.assign(awsError(code, 403), { $metadata: { httpStatusCode: 403, clockSkewCorrected: true } });
        expect(sdk.clockSkew(skewed)).toBe(true);
        expect(twinflowRetryable(skewed)).toBe(false);
        expect(twinflowRetryable(corrected)).toBe(true);
      }
    });

    it('never retries on a message: "Signature expired", browser fetch errors, HTTP/2 refused streams', () => {
      // The SDK reads these messages; twinflow never does (messages change between SDK versions and
      // locales). A signature error is retried once `clockSkewCorrected` says so; browser errors do not
      // occur on Lambda; a refused HTTP/2 stream is only told apart from other stream errors by its message.
      const expired = awsError('InvalidSignatureException', 403, 'Signature expired: 20261124T075000Z is now earlier than 20261124T080000Z');
      const fetchFailed = new TypeError('Failed to fetch');
      const refusedStream = Object.assign(new Error('Stream closed with error code NGHTTP2_REFUSED_STREAM'), { code: 'ERR_HTTP2_STREAM_ERROR' });
      for (const error of [expired, fetchFailed, refusedStream]) {
        expect(sdkRetryable(error)).toBe(true);
        expect(twinflowRetryable(error)).toBe(false);
      }
    });

    it('retries an AbortError, which the SDK treats as terminal', () => {
      // The SDK reads AbortError as the caller's own abort. twinflow aborts a request only when its
      // per-attempt timeout fires, so an AbortError is a timed-out attempt, worth another one.
      const aborted = named('AbortError', 'The operation was aborted');
      expect(sdkRetryable(aborted)).toBe(false);
      expect(twinflowRetryable(aborted)).toBe(true);
    });

    it.each([
      ['KMSAccessDeniedException', 502],
      ['KMSDisabledException', 502],
      ['KMSNotFoundException', 502],
      ['InvalidRuntimeException', 502],
      ['InvalidZipFileException', 502],
      ['ResourceNotFoundException', 500],
    ])('refuses %s even with HTTP %d, which the SDK retries as a server error', (name, status) => {
      // Lambda reports a function's broken configuration (KMS key, runtime, package) with 502:
      // retrying cannot fix it. twinflow's explicit names win over the status.
      const error = awsError(name, status);
      expect(sdkRetryable(error)).toBe(true);
      expect(twinflowRetryable(error)).toBe(false);
    });

    it.each([
      ['ServiceException'],
      ['ServiceUnavailable'],
      ['ServiceUnavailableException'],
      ['InternalFailure'],
      ['InternalServerError'],
      ['ResourceNotReadyException'],
      ['EndpointConnectionError'],
    ])('retries %s by its name alone; the SDK needs its 5xx status', (name) => {
      // An error without `$metadata` (a wrapper, a test double, botocore's EndpointConnectionError name
      // kept from the module SDK) still says what it is. With the status the service sends, both agree.
      expect(sdkRetryable(named(name))).toBe(false);
      expect(twinflowRetryable(named(name))).toBe(true);
      expect(sdkRetryable(awsError(name, 503))).toBe(true);
      expect(twinflowRetryable(awsError(name, 503))).toBe(true);
    });

    it('looks names up under code and codes under name; the SDK reads names by name and Node codes by code', () => {
      // A library that puts the AWS name in `code`, or a Node code in `name`, is still understood.
      for (const error of [Object.assign(new Error('x'), { code: 'ThrottlingException' }), { name: 'ECONNRESET' }, networkError('ECONNABORTED')]) {
        expect(sdkRetryable(error)).toBe(false);
        expect(twinflowRetryable(error)).toBe(true);
      }
    });

    it("retries `$fault: 'server'` without a status; the SDK needs the status", () => {
      // The fault is the service's own statement that it failed; it is the last signal twinflow reads.
      const error = { name: 'Unknown', $fault: 'server' };
      expect(sdkRetryable(error)).toBe(false);
      expect(twinflowRetryable(error)).toBe(true);
    });

    it('follows cause to any retryable error; the SDK follows it only to a transient one', () => {
      // A wrapped throttling error is still throttling: retrying later helps, as it would unwrapped.
      const wrapped = Object.assign(new Error('request failed'), { name: 'SomeWrapperError', cause: awsError('ThrottlingException', 400) });
      expect(sdkRetryable(wrapped)).toBe(false);
      expect(twinflowRetryable(wrapped)).toBe(true);
    });

    it("lets a twinflow error's own retryable flag decide", () => {
      // A twinflow error knows itself whether the work may succeed later (lambda-adapter's
      // LambdaTimeoutError is constructed retryable); the SDK does not know its names.
      class AttemptTimeoutError extends TwinflowError {}
      const timeout = new AttemptTimeoutError('attempt timed out', 'LAMBDA_TIMEOUT', { retryable: true });
      expect(sdkRetryable(timeout)).toBe(false);
      expect(twinflowRetryable(timeout)).toBe(true);
    });

    it('counts a `$retryable: { throttling: true }` error of an unknown name as throttling only in the SDK', () => {
      // isThrottling sees a name and a status (what the adapter's Throttles metric is given); both still retry it.
      const error = Object.assign(awsError('SomeModelledException', 400), { $retryable: { throttling: true } });
      expect(sdk.throttling(error)).toBe(true);
      expect(isThrottling(classifyError(error).errorName, classifyError(error).statusCode)).toBe(false);
      expect(twinflowRetryable(error)).toBe(true);
    });
  });
});
