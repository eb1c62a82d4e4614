import type { FailureRecord } from '@twinflow/core';
import type { ServiceEnv } from '../serviceEnv';
import { DynamoFailureStore, type DynamoFailureStoreOptions } from './DynamoFailureStore';
import type { FailureStore } from './FailureStore';
import { MemoryFailureStore } from './MemoryFailureStore';
import { SqsFailureStore } from './SqsFailureStore';

/**
 * The failure store a service's environment asks for (`FAILURE_STORE`, `FAILURE_QUEUE_URL` /
 * `FAILURE_TABLE`, `SQS_ENDPOINT` / `DYNAMODB_ENDPOINT`). Neither SDK client is built before the
 * store's first `put`: a cold start that keeps no failure (a health check, a batch without
 * failures) pays for neither.
 *
 * @example
 * ```ts
 * const failures = failureStoreFromEnv(readServiceEnv(process.env));
 * ```
 */
export function failureStoreFromEnv(env: ServiceEnv): FailureStore {
  if (env.failureStore === 'memory') return new MemoryFailureStore();
  if (env.failureStore === 'dynamodb') {
    const options: DynamoFailureStoreOptions = {
      tableName: env.failureTable as string,
      region: env.region,
      ...(env.dynamodbEndpoint ? { endpoint: env.dynamodbEndpoint } : {}),
      ...(env.failureSpoolFile ? { spoolFile: env.failureSpoolFile } : {}),
    };
    return new DeferredFailureStore(() => new DynamoFailureStore(options));
  }
  return new SqsFailureStore({
    queueUrl: env.failureQueueUrl as string,
    region: env.region,
    ...(env.sqsEndpoint ? { endpoint: env.sqsEndpoint } : {}),
  });
}

/** A store created (with its SDK client) by the first `put`, then kept. */
class DeferredFailureStore implements FailureStore {
  private store: FailureStore | undefined;

  public constructor(private readonly create: () => FailureStore) {}

  public async put(records: readonly FailureRecord[]): Promise<void> {
    this.store ??= this.create();
    return this.store.put(records);
  }
}
