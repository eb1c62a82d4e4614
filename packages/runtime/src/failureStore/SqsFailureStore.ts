import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { FailureRecord } from '@twinflow/core';
import { FailureStoreError } from '../errors';
import { mapWithConcurrency } from '../mapWithConcurrency';
import type { FailureStore } from './FailureStore';

/** Options of {@link SqsFailureStore}. */
export interface SqsFailureStoreOptions {
  /** URL of the failure queue (`{twin}-failures`). Required. */
  queueUrl: string;
  /**
   * Injected client. Default: a new `SQSClient` with the SDK's own retries (3 attempts), built by
   * the first `put` (a cold start that keeps no failure does not build it).
   */
  client?: SQSClient;
  /** Region for a new client. Default: the SDK's resolution. */
  region?: string;
  /** Endpoint for a new client. Default none. */
  endpoint?: string;
  /** Messages sent at once. Default 10. */
  concurrency?: number;
}

/**
 * Keeps failed readings as messages of the SQS failure queue: the body is the
 * {@link FailureRecord} as JSON; stage, reason and device id are message attributes, so
 * they can be filtered without parsing.
 *
 * @example
 * ```ts
 * const store = new SqsFailureStore({ queueUrl: process.env.FAILURE_QUEUE_URL! });
 * await store.put([createFailureRecord({ twin: 'demo', stage: 'process', error, original })]);
 * ```
 */
export class SqsFailureStore implements FailureStore {
  private readonly queueUrl: string;
  private readonly concurrency: number;
  private readonly clientConfig: { region?: string; endpoint?: string };
  private client: SQSClient | undefined;

  public constructor(options: SqsFailureStoreOptions) {
    this.queueUrl = options.queueUrl;
    this.concurrency = options.concurrency ?? 10;
    this.client = options.client;
    this.clientConfig = { ...(options.region ? { region: options.region } : {}), ...(options.endpoint ? { endpoint: options.endpoint } : {}) };
  }

  public async put(records: readonly FailureRecord[]): Promise<void> {
    const client = (this.client ??= new SQSClient(this.clientConfig));
    const results = await mapWithConcurrency(records, this.concurrency, async (record) => {
      try {
        await client.send(
          new SendMessageCommand({
            QueueUrl: this.queueUrl,
            MessageBody: JSON.stringify(record),
            MessageAttributes: {
              stage: { DataType: 'String', StringValue: record.stage },
              reason: { DataType: 'String', StringValue: record.reason },
              ...(record.deviceId ? { deviceId: { DataType: 'String', StringValue: record.deviceId } } : {}),
            },
          }),
        );
        return undefined;
      } catch (err) {
        return err;
      }
    });
    const errors = results.filter((r) => r !== undefined);
    if (errors.length > 0) {
      throw new FailureStoreError(`could not keep ${errors.length} of ${records.length} failed readings in ${this.queueUrl}`, { cause: errors[0] });
    }
  }
}
