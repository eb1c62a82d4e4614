import { appendFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, ScanCommand, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import type { FailureRecord } from '@twinflow/core';
import { RetryStrategy, sleep as defaultSleep, withRetries } from '@twinflow/health';
import { FailureStoreError } from '../errors';
import type { FailureStore } from './FailureStore';

/** Options of {@link DynamoFailureStore}. */
export interface DynamoFailureStoreOptions {
  /** Table with HASH key `id` (S), e.g. `{twin}-failures`. Required. */
  tableName: string;
  /** Injected document client. Default: a new one with `maxAttempts: 1` (the store runs its own retry loop). */
  client?: DynamoDBDocumentClient;
  /** Region for a new client. */
  region?: string;
  /** Endpoint for a new client, e.g. the local twin's `http://127.0.0.1:4567`. */
  endpoint?: string;
  /**
   * A file that keeps records (one JSON line each) while the table cannot be written — the local
   * stand-in for Lambda's on-failure destination. `list` and `remove` include it. Default none:
   * a failed write throws `FailureStoreError`.
   */
  spoolFile?: string;
  /** Waits between write retries. Default a `setTimeout` promise; tests pass an instant one. */
  sleep?: (ms: number) => Promise<void>;
  /** Jitter source of the backoff, in [0, 1). Default `Math.random`. */
  random?: () => number;
}

const BATCH = 25;
/** Retries after the first `BatchWriteItem` of a batch: unprocessed items, throttling, 5xx, network. */
const WRITE_MAX_RETRIES = 5;
/** Cap of the first backoff delay, in ms. */
const WRITE_INITIAL_DELAY_MS = 20;
/** Cap of any backoff delay, in ms. */
const WRITE_MAX_DELAY_MS = 1_000;

/**
 * A failure store in a DynamoDB table (one item per {@link FailureRecord}, keyed by `id`): what
 * the local twin embeds, and what the `failures` CLI lists and replays from.
 *
 * @example
 * ```ts
 * const store = new DynamoFailureStore({ tableName: 'demo-failures', endpoint: 'http://127.0.0.1:4567' });
 * await store.put([record]);
 * const parked = await store.list();
 * ```
 */
export class DynamoFailureStore implements FailureStore {
  public readonly client: DynamoDBDocumentClient;
  private readonly tableName: string;
  private readonly spoolFile: string | undefined;
  private readonly strategy: RetryStrategy;

  public constructor(options: DynamoFailureStoreOptions) {
    this.tableName = options.tableName;
    this.spoolFile = options.spoolFile;
    this.client =
      options.client ??
      DynamoDBDocumentClient.from(
        new DynamoDBClient({ maxAttempts: 1, ...(options.region ? { region: options.region } : {}), ...(options.endpoint ? { endpoint: options.endpoint } : {}) }),
        { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } },
      );
    this.strategy = new RetryStrategy({
      maxRetries: WRITE_MAX_RETRIES,
      initialDelayMs: WRITE_INITIAL_DELAY_MS,
      maxDelayMs: WRITE_MAX_DELAY_MS,
      random: options.random ?? Math.random,
      sleep: options.sleep ?? defaultSleep,
    });
  }

  public async put(records: readonly FailureRecord[]): Promise<void> {
    try {
      await this.write(records.map((record) => ({ PutRequest: { Item: { ...record, original: JSON.stringify(record.original) ?? 'null' } } })));
    } catch (err) {
      if (this.spoolFile === undefined) throw err;
      appendFileSync(this.spoolFile, records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    }
  }

  /** Every record in the store (the whole table: it is small by design — failures get replayed). */
  public async list(): Promise<FailureRecord[]> {
    const records: FailureRecord[] = [];
    let startKey: ScanCommandOutput['LastEvaluatedKey'];
    do {
      const page: ScanCommandOutput = await this.client.send(new ScanCommand({ TableName: this.tableName, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) records.push({ ...(item as FailureRecord), original: JSON.parse(String(item['original'])) as unknown });
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
    records.push(...this.readSpool());
    return records.sort((a, b) => a.failedAt.localeCompare(b.failedAt));
  }

  /** Removes records by id (from the table and the spool file). */
  public async remove(ids: readonly string[]): Promise<void> {
    await this.write(ids.map((id) => ({ DeleteRequest: { Key: { id } } })));
    if (this.spoolFile !== undefined && existsSync(this.spoolFile)) {
      const gone = new Set(ids);
      const kept = this.readSpool().filter((record) => !gone.has(record.id));
      writeFileSync(this.spoolFile, kept.map((record) => `${JSON.stringify(record)}\n`).join(''));
    }
  }

  private readSpool(): FailureRecord[] {
    if (this.spoolFile === undefined || !existsSync(this.spoolFile)) return [];
    return readFileSync(this.spoolFile, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line) as FailureRecord);
  }

  /**
   * Writes the requests in `BatchWriteItem`s of 25, each on health's `withRetries`: unprocessed
   * items are sent again (a retryable `FailureStoreError` per round that leaves some), as are
   * transient SDK errors (throttling, 5xx, network); a permanent error or a spent budget rejects
   * with a `FailureStoreError` whose cause is the last error.
   */
  private async write(requests: Array<Record<string, unknown>>): Promise<void> {
    for (let i = 0; i < requests.length; i += BATCH) {
      let pending = requests.slice(i, i + BATCH);
      await withRetries(
        async () => {
          const out = await this.client.send(new BatchWriteCommand({ RequestItems: { [this.tableName]: pending } }));
          pending = (out.UnprocessedItems?.[this.tableName] ?? []) as Array<Record<string, unknown>>;
          if (pending.length > 0) throw new FailureStoreError(`${pending.length} failure records left unprocessed by ${this.tableName}`, { retryable: true });
        },
        {
          strategy: this.strategy,
          giveUp: (error, { attempts }) =>
            new FailureStoreError(`could not write failure records to ${this.tableName} (${pending.length} requests not written after ${attempts} attempts)`, { cause: error, attempts }),
        },
      );
    }
  }
}
