import { TwinflowError } from '@twinflow/core';

/**
 * The verdict on a failed attempt.
 *
 * @example
 * ```ts
 * const { retryable, errorName, statusCode }: ErrorClassification = classifyError(err);
 * ```
 */
export interface ErrorClassification {
  /** Whether another attempt may succeed. */
  retryable: boolean;
  /** The error's name or code, e.g. `TooManyRequestsException`, `ECONNRESET`; `Error` when unknown. */
  errorName: string;
  /** HTTP status of the failed request, when the SDK reported one. */
  statusCode?: number;
}

// Names and codes, never message text: messages change between SDK versions and locales.
// Explicit names win over the status code, so a throttling error sent with 400 is still retried
// and a 502 permission error from Lambda (KMS, invalid runtime) is not.
// The tables contain the SDK's own lists (@smithy/service-error-classification: THROTTLING_ERROR_CODES,
// TRANSIENT_ERROR_CODES, NODEJS_TIMEOUT_ERROR_CODES, NODEJS_NETWORK_ERROR_CODES); they are copied,
// not imported, because importing the SDK's classification pulls @smithy/core into every Lambda
// bundle. tests/unit/classifyError.smithy.test.ts checks the copy against the SDK and lists the
// deliberate differences.
const NOT_RETRYABLE = new Set([
  'ResourceNotFoundException',
  'AccessDeniedException',
  'AccessDenied',
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'ExpiredTokenException',
  'InvalidParameterValueException',
  'RequestTooLargeException',
  'InvalidRequestContentException',
  'UnsupportedMediaTypeException',
  'ResourceConflictException',
  'CredentialsProviderError',
  'KMSAccessDeniedException',
  'KMSDisabledException',
  'KMSInvalidStateException',
  'KMSNotFoundException',
  'InvalidRuntimeException',
  'InvalidZipFileException',
]);

// Throttling (as in @smithy/service-error-classification): retried, and counted as `Throttles`.
const THROTTLING = new Set([
  'TooManyRequestsException',
  'ThrottlingException',
  'Throttling',
  'ThrottledException',
  'RequestThrottledException',
  'RequestThrottled',
  'RequestLimitExceeded',
  'BandwidthLimitExceeded',
  'LimitExceededException',
  'ProvisionedThroughputExceededException',
  'SlowDown',
  'EC2ThrottledException',
  'PriorRequestNotComplete',
  'TransactionInProgressException',
]);

const RETRYABLE = new Set([
  ...THROTTLING,
  // service side
  'ServiceException',
  'ServiceUnavailable',
  'ServiceUnavailableException',
  'InternalFailure',
  'InternalServerError',
  'ResourceNotReadyException',
  // transient / timeouts
  'TimeoutError',
  'AbortError',
  'RequestTimeout',
  'RequestTimeoutException',
  // network (Node error codes)
  'ECONNRESET',
  'ETIMEDOUT',
  'ECONNREFUSED',
  'EPIPE',
  'EAI_AGAIN',
  'ECONNABORTED',
  'EHOSTUNREACH',
  'ENETUNREACH',
  // an endpoint that cannot be reached: DNS (ENOTFOUND, EAI_AGAIN above) and botocore's name for it,
  // retried as the module SDK and the AWS SDK's own classification do
  'ENOTFOUND',
  'EndpointConnectionError',
]);

/**
 * Decides whether a failed attempt is worth retrying. A twinflow error knows it itself (its
 * `retryable` flag, e.g. a per-attempt `LambdaTimeoutError` is retryable, a `LambdaFunctionError`
 * is not). Anything else is judged from its `name`, `code`, `$retryable`, `$metadata`
 * (`httpStatusCode`, `clockSkewCorrected`), `$fault` and `cause` — the same signals as the AWS
 * SDK's own classification (`@smithy/service-error-classification`, whose throttling, transient and
 * Node network codes twinflow's tables contain; a test checks the two agree) — never from its message.
 * Retryable: throttling, service errors, 5xx, 429, network errors (an endpoint that cannot be
 * reached included: `ENOTFOUND`, `EAI_AGAIN`, `EndpointConnectionError`), timeouts. Not retryable:
 * missing function, permissions, invalid parameters, request too large, other 4xx, and
 * anything unrecognised (retrying an unknown bug only delays the failure).
 *
 * @example
 * ```ts
 * classifyError(Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' })).retryable; // true
 * classifyError({ name: 'ResourceNotFoundException', $metadata: { httpStatusCode: 404 } }).retryable;        // false
 * ```
 */
export function classifyError(error: unknown): ErrorClassification {
  return classify(error, 0);
}

/**
 * Whether a failed attempt was throttled: its error name or code is one of the throttling names
 * `classifyError` retries (Lambda's "Rate exceeded" `TooManyRequestsException`, `ThrottlingException`,
 * `RequestLimitExceeded`...), or its HTTP status is 429. Feeds throttle metrics (the adapter's `Throttles`).
 *
 * @example
 * ```ts
 * isThrottling('TooManyRequestsException'); // true
 * isThrottling('ServiceException', 500);    // false
 * ```
 */
export function isThrottling(errorName: string, statusCode?: number): boolean {
  return statusCode === 429 || THROTTLING.has(errorName);
}

/** How deep `cause` chains are followed. */
const MAX_CAUSE_DEPTH = 10;

function classify(error: unknown, depth: number): ErrorClassification {
  // A twinflow error says itself whether the same work may succeed later.
  if (error instanceof TwinflowError) return { retryable: error.retryable, errorName: error.name };
  const fields = typeof error === 'object' && error !== null ? (error as Record<string, unknown>) : {};
  const name = typeof fields['name'] === 'string' ? fields['name'] : undefined;
  const code = typeof fields['code'] === 'string' ? fields['code'] : undefined;
  const statusCode = httpStatusOf(fields['$metadata']);
  const fault = fields['$fault'];
  // A plain `Error` name says nothing; prefer the more specific code (e.g. Node's ECONNRESET).
  const errorName = (name !== undefined && name !== 'Error' ? name : code) ?? name ?? 'Error';
  const verdict = (retryable: boolean): ErrorClassification => {
    const classification: ErrorClassification = { retryable, errorName };
    if (statusCode !== undefined) classification.statusCode = statusCode;
    return classification;
  };

  // The SDK corrected its clock after a skew error (a signature or access error): the next attempt is signed right.
  const metadata = fields['$metadata'];
  if (typeof metadata === 'object' && metadata !== null && (metadata as Record<string, unknown>)['clockSkewCorrected'] === true) return verdict(true);
  for (const key of [name, code]) {
    if (key === undefined) continue;
    if (NOT_RETRYABLE.has(key)) return verdict(false);
    if (RETRYABLE.has(key)) return verdict(true);
  }
  // The service's own retryable trait, as the SDK models it.
  if (typeof fields['$retryable'] === 'object' && fields['$retryable'] !== null) return verdict(true);
  if (statusCode !== undefined) return verdict(statusCode === 429 || statusCode >= 500);
  if (fault === 'server') return verdict(true);
  // A wrapper around a retryable error (e.g. a socket error as `cause`) is as retryable as it, as the SDK follows `cause`.
  if (depth < MAX_CAUSE_DEPTH && fields['cause'] !== undefined && classify(fields['cause'], depth + 1).retryable) return verdict(true);
  return verdict(false);
}

function httpStatusOf(metadata: unknown): number | undefined {
  if (typeof metadata !== 'object' || metadata === null) return undefined;
  const status = (metadata as { httpStatusCode?: unknown }).httpStatusCode;
  return typeof status === 'number' ? status : undefined;
}
