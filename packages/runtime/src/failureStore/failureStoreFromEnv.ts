import type { ServiceEnv } from '../serviceEnv';
import type { FailureStore } from './FailureStore';
import { MemoryFailureStore } from './MemoryFailureStore';
import { SqsFailureStore } from './SqsFailureStore';

/**
 * The failure store a service's environment asks for (`FAILURE_STORE`, `FAILURE_QUEUE_URL`, `SQS_ENDPOINT`).
 *
 * @example
 * ```ts
 * const failures = failureStoreFromEnv(readServiceEnv(process.env));
 * ```
 */
export function failureStoreFromEnv(env: ServiceEnv): FailureStore {
  if (env.failureStore === 'memory') return new MemoryFailureStore();
  return new SqsFailureStore({
    queueUrl: env.failureQueueUrl as string,
    region: env.region,
    ...(env.sqsEndpoint ? { endpoint: env.sqsEndpoint } : {}),
  });
}
