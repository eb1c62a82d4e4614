import type { ServiceEnv } from '../serviceEnv';
import type { FailureStore } from './FailureStore';
import { DynamoFailureStore } from './DynamoFailureStore';
import { MemoryFailureStore } from './MemoryFailureStore';
import { SqsFailureStore } from './SqsFailureStore';

/**
 * The failure store a service's environment asks for (`FAILURE_STORE`, `FAILURE_QUEUE_URL` /
 * `FAILURE_TABLE`, `SQS_ENDPOINT` / `DYNAMODB_ENDPOINT`).
 *
 * @example
 * ```ts
 * const failures = failureStoreFromEnv(readServiceEnv(process.env));
 * ```
 */
export function failureStoreFromEnv(env: ServiceEnv): FailureStore {
  if (env.failureStore === 'memory') return new MemoryFailureStore();
  if (env.failureStore === 'dynamodb') {
    return new DynamoFailureStore({
      tableName: env.failureTable as string,
      region: env.region,
      ...(env.dynamodbEndpoint ? { endpoint: env.dynamodbEndpoint } : {}),
      ...(env.failureSpoolFile ? { spoolFile: env.failureSpoolFile } : {}),
    });
  }
  return new SqsFailureStore({
    queueUrl: env.failureQueueUrl as string,
    region: env.region,
    ...(env.sqsEndpoint ? { endpoint: env.sqsEndpoint } : {}),
  });
}
