// The SQS failure queue of a deployed stage: found by name or URL, read in batches, messages
// deleted only once done, every other message made visible again at the end — so `list` leaves
// the queue as it found it. The SDK's default credential chain, region and endpoints
// (AWS_ENDPOINT_URL, AWS_ENDPOINT_URL_SQS) apply: nothing here names an endpoint or credentials.
import {
  ChangeMessageVisibilityBatchCommand,
  DeleteMessageBatchCommand,
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ReceiveMessageCommand,
  SQSClient,
  type Message,
} from '@aws-sdk/client-sqs';
import { DEFAULT_STAGE, TwinflowError, assertStage, failureQueueName } from '@twinflow/core';

const BATCH = 10;
/** Receives in a row that brought no message not seen before: the queue has come round again. */
const STALE_RECEIVES = 3;

/** There is no queue of that name: the stage is not deployed. */
export class QueueNotFoundError extends TwinflowError {
  public constructor(queueName: string, region: string, cause: unknown) {
    super(`no SQS queue ${queueName} in ${region}: is the stage deployed (npm run deploy -- --stage …)?`, 'FAILURE_QUEUE_NOT_FOUND', { cause });
  }
}

/**
 * The region: `flag` (`--region`), else the SDK's own resolution (AWS_REGION, profile), else the
 * twin's.
 */
export async function resolveRegion(flag: string | undefined, twinRegion: string): Promise<string> {
  if (flag) return flag;
  const probe = new SQSClient({});
  try {
    const region = await probe.config.region();
    if (region) return region;
  } catch {
    // no region configured for the SDK: the twin's own
  } finally {
    probe.destroy();
  }
  return twinRegion;
}

/**
 * The stage of a failure queue URL: `{twin}-failures` is the default stage, `{twin}-failures-{stage}`
 * another; `undefined` for any other name.
 */
export function stageOfQueueUrl(queueUrl: string, twin: string): string | undefined {
  let name: string | undefined;
  try {
    name = new URL(queueUrl).pathname.split('/').filter(Boolean).pop();
  } catch {
    return undefined;
  }
  const base = failureQueueName(twin);
  if (name === base) return DEFAULT_STAGE;
  const stage = name?.startsWith(`${base}-`) ? name.slice(base.length + 1) : undefined;
  try {
    assertStage(stage);
    return stage;
  } catch {
    return undefined;
  }
}

/** The URL of the queue named `queueName` (GetQueueUrl); a {@link QueueNotFoundError} when there is none. */
export async function queueUrlOf(client: SQSClient, queueName: string, region: string): Promise<string> {
  try {
    const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: queueName }));
    if (QueueUrl === undefined) throw new QueueNotFoundError(queueName, region, undefined);
    return QueueUrl;
  } catch (err) {
    const name = (err as Error | undefined)?.name;
    if (name === 'QueueDoesNotExist' || name === 'AWS.SimpleQueueService.NonExistentQueue') throw new QueueNotFoundError(queueName, region, err);
    throw err;
  }
}

/** A message received, by its id: the newest receipt handle, and whether it was deleted. */
type Held = { receiptHandle: string; deleted: boolean };
/** What {@link FailureQueue.delete} did: ids deleted, and those that were not with why. */
export type DeleteOutcome = { deleted: string[]; failed: Array<{ id: string; error: string }> };

/**
 * One pass over a failure queue. `batches()` yields each receive's messages not seen before (a
 * message received again, its visibility over, is not counted twice: its newest receipt handle is
 * kept). `delete(messages)` deletes what is done; `release()` makes every message received and
 * not deleted visible again. Messages stay invisible `visibilityTimeout` seconds after each receive.
 */
export class FailureQueue {
  private readonly client: SQSClient;
  private readonly queueUrl: string;
  private readonly visibilityTimeout: number;
  private readonly held = new Map<string, Held>();

  public constructor({ client, queueUrl, visibilityTimeout = 60 }: { client: SQSClient; queueUrl: string; visibilityTimeout?: number }) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.visibilityTimeout = visibilityTimeout;
  }

  /** ApproximateNumberOfMessages (visible ones), or undefined when the queue does not say. */
  public async approximateCount(): Promise<number | undefined> {
    try {
      const out = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      const count = Number(out.Attributes?.['ApproximateNumberOfMessages']);
      return Number.isFinite(count) ? count : undefined;
    } catch {
      return undefined;
    }
  }

  /** Batches of new messages until a receive comes back empty (or `stop()` says so). */
  public async *batches(stop: () => boolean = () => false): AsyncGenerator<Message[]> {
    let stale = 0;
    while (!stop() && stale < STALE_RECEIVES) {
      const out = await this.client.send(
        new ReceiveMessageCommand({
          QueueUrl: this.queueUrl,
          MaxNumberOfMessages: BATCH,
          VisibilityTimeout: this.visibilityTimeout,
          WaitTimeSeconds: 1,
          MessageSystemAttributeNames: ['ApproximateReceiveCount', 'SentTimestamp'],
        }),
      );
      const received = (out.Messages ?? []).filter((m) => m.MessageId !== undefined && m.ReceiptHandle !== undefined);
      if (received.length === 0) return;
      const fresh: Message[] = [];
      const again: string[] = [];
      for (const message of received) {
        const id = message.MessageId as string;
        const known = this.held.get(id);
        if (known) {
          known.receiptHandle = message.ReceiptHandle as string;
          if (known.deleted) again.push(id);
        } else {
          this.held.set(id, { receiptHandle: message.ReceiptHandle as string, deleted: false });
          fresh.push(message);
        }
      }
      // Deleted with a receipt handle that had expired: delete again with the newest one.
      if (again.length > 0) await this.deleteBatches(again);
      stale = fresh.length === 0 ? stale + 1 : 0;
      if (fresh.length > 0) yield fresh;
    }
  }

  /** Deletes messages (by their newest receipt handle). */
  public async delete(messages: readonly Message[]): Promise<DeleteOutcome> {
    const ids = messages.map((message) => message.MessageId as string);
    const failed = await this.deleteBatches(ids);
    const failedIds = new Set(failed.map((entry) => entry.id));
    const deleted = ids.filter((id) => !failedIds.has(id));
    for (const id of deleted) this.markDeleted(id);
    return { deleted, failed };
  }

  /**
   * Keeps `messages` invisible while they are being worked on (their visibility renewed every
   * third of the timeout), so a long replay does not let them reappear. Returns the function that
   * stops it.
   */
  public keepInvisible(messages: readonly Message[]): () => void {
    const timer = setInterval(() => {
      const entries = messages.filter((m) => !this.isDeleted(m.MessageId)).slice(0, BATCH);
      if (entries.length === 0) return;
      const command = new ChangeMessageVisibilityBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: entries.map((m, n) => ({ Id: String(n), ReceiptHandle: this.handleOf(m.MessageId as string), VisibilityTimeout: this.visibilityTimeout })),
      });
      this.client.send(command).catch(() => undefined); // best effort: at worst a message reappears and is recognised by its id
    }, (this.visibilityTimeout * 1000) / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Makes every message received and not deleted visible again; resolves with how many. */
  public async release(): Promise<number> {
    const ids = [...this.held].filter(([, entry]) => !entry.deleted).map(([id]) => id);
    let released = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const out = await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((id, n) => ({ Id: String(n), ReceiptHandle: this.handleOf(id), VisibilityTimeout: 0 })),
        }),
      );
      released += out.Successful?.length ?? 0;
    }
    return released;
  }

  private handleOf(id: string): string {
    return this.held.get(id)?.receiptHandle ?? '';
  }

  private isDeleted(id: string | undefined): boolean {
    return id !== undefined && this.held.get(id)?.deleted === true;
  }

  private markDeleted(id: string): void {
    const entry = this.held.get(id);
    if (entry) entry.deleted = true;
  }

  private async deleteBatches(ids: readonly string[]): Promise<DeleteOutcome['failed']> {
    const failed: DeleteOutcome['failed'] = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      try {
        const out = await this.client.send(new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: chunk.map((id, n) => ({ Id: String(n), ReceiptHandle: this.handleOf(id) })) }));
        for (const entry of out.Failed ?? []) failed.push({ id: chunk[Number(entry.Id)] ?? String(entry.Id), error: `${entry.Code}: ${entry.Message ?? ''}` });
      } catch (err) {
        for (const id of chunk) failed.push({ id, error: (err as Error).message });
      }
    }
    return failed;
  }
}
