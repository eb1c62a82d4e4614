// AWS-SDK-shaped errors for tests of the retry classification and the adapters (no model classes needed).
/** An AWS-SDK-shaped error (name, $fault, $metadata) without depending on a model class. */
export function awsError(name: string, httpStatusCode: number, message = name): Error {
  return Object.assign(new Error(message), {
    name,
    $fault: httpStatusCode >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode, requestId: 'req-1', attempts: 1, totalRetryDelay: 0 },
  });
}

/** A Node network error (e.g. ECONNRESET). */
export function networkError(code: string): Error {
  return Object.assign(new Error(`socket ${code}`), { code });
}
