/** Default `retry.maxRetries`: up to 3 retries after the first attempt (4 attempts in all). */
export const DEFAULT_MAX_RETRIES = 3;
/** Default `retry.initialDelayMs`: the cap of the first backoff delay. */
export const DEFAULT_INITIAL_DELAY_MS = 500;
/** Default `retry.maxDelayMs`: no backoff delay exceeds 30 s. */
export const DEFAULT_MAX_DELAY_MS = 30_000;
/** Default `timeoutMs`: each attempt is aborted after 30 s. */
export const DEFAULT_TIMEOUT_MS = 30_000;
/** Default `invocationType`. */
export const DEFAULT_INVOCATION_TYPE = 'RequestResponse';
/** Default `moduleVersion`, as the module SDK's `MODULE_VERSION`. */
export const DEFAULT_MODULE_VERSION = '1.0.0';

/** Largest accepted `retry.maxRetries`. */
export const MAX_RETRIES_LIMIT = 10;
/** Largest accepted `timeoutMs`: Lambda's own 15-minute maximum run time. */
export const MAX_TIMEOUT_MS = 900_000;

/** Lambda's request payload quota for synchronous (`RequestResponse`) invocations: 6 MB. */
export const MAX_SYNC_PAYLOAD_BYTES = 6 * 1024 * 1024;
/** Lambda's request payload quota for asynchronous (`Event`) invocations: 256 KB. */
export const MAX_ASYNC_PAYLOAD_BYTES = 256 * 1024;

/** Longest plain function name Lambda accepts. */
export const MAX_FUNCTION_NAME_LENGTH = 64;
/** Longest `FunctionName` (ARN with qualifier) the Invoke API accepts. */
export const MAX_FUNCTION_IDENTIFIER_LENGTH = 170;
/** Longest alias or version qualifier. */
export const MAX_QUALIFIER_LENGTH = 128;
