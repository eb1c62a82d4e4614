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
} from '@aws-sdk/client-sqs';
import { DEFAULT_STAGE, assertStage } from '@twinflow/core';

const BATCH = 10;
/** Receives in a row that brought no message not seen before: the queue has come round again. */
const STALE_RECEIVES = 3;

/**
 * The region: `--region`, else the SDK's own resolution (AWS_REGION, profile), else the twin's.
 * @returns {Promise<string>}
 */
export async function resolveRegion(flag, twinRegion) {
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
export function stageOfQueueUrl(queueUrl, twin) {
  let name;
  try {
    name = new URL(queueUrl).pathname.split('/').filter(Boolean).pop();
  } catch {
    return undefined;
  }
  if (name === `${twin}-failures`) return DEFAULT_STAGE;
  const stage = name?.startsWith(`${twin}-failures-`) ? name.slice(`${twin}-failures-`.length) : undefined;
  try {
    assertStage(stage);
    return stage;
  } catch {
    return undefined;
  }
}

/** The URL of the queue named `queueName` (GetQueueUrl), with a clear error when there is none. */
export async function queueUrlOf(client, queueName, region) {
  try {
    return (await client.send(new GetQueueUrlCommand({ QueueName: queueName }))).QueueUrl;
  } catch (err) {
    if (err?.name === 'QueueDoesNotExist' || err?.name === 'AWS.SimpleQueueService.NonExistentQueue') {
      throw new Error(`no SQS queue ${queueName} in ${region}: is the stage deployed (npm run deploy -- --stage …)?`);
    }
    throw err;
  }
}

/**
 * One pass over a failure queue. `batches()` yields each receive's messages not seen before (a
 * message received again, its visibility over, is not counted twice: its newest receipt handle is
 * kept). `delete(messages)` deletes what is done; `release()` makes every message received and
 * not deleted visible again. Messages stay invisible `visibilityTimeout` seconds after each receive.
 */
export class FailureQueue {
  constructor({ client, queueUrl, visibilityTimeout = 60 }) {
    this.client = client;
    this.queueUrl = queueUrl;
    this.visibilityTimeout = visibilityTimeout;
    /** MessageId → { receiptHandle, deleted } */
    this.held = new Map();
  }

  /** ApproximateNumberOfMessages (visible ones), or undefined when the queue does not say. */
  async approximateCount() {
    try {
      const out = await this.client.send(new GetQueueAttributesCommand({ QueueUrl: this.queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
      const count = Number(out.Attributes?.ApproximateNumberOfMessages);
      return Number.isFinite(count) ? count : undefined;
    } catch {
      return undefined;
    }
  }

  /** Batches of new messages until a receive comes back empty (or `stop()` says so). */
  async *batches(stop = () => false) {
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
      const received = out.Messages ?? [];
      if (received.length === 0) return;
      const fresh = [];
      const again = [];
      for (const message of received) {
        const known = this.held.get(message.MessageId);
        if (known) {
          known.receiptHandle = message.ReceiptHandle;
          if (known.deleted) again.push(message);
        } else {
          this.held.set(message.MessageId, { receiptHandle: message.ReceiptHandle, deleted: false });
          fresh.push(message);
        }
      }
      // Deleted with a receipt handle that had expired: delete again with the newest one.
      if (again.length > 0) await this.#deleteBatches(again.map((m) => m.MessageId));
      stale = fresh.length === 0 ? stale + 1 : 0;
      if (fresh.length > 0) yield fresh;
    }
  }

  /** Deletes messages (by their newest receipt handle). @returns {Promise<{ deleted: string[], failed: Array<{ id: string, error: string }> }>} */
  async delete(messages) {
    const ids = messages.map((message) => message.MessageId);
    const failed = await this.#deleteBatches(ids);
    const failedIds = new Set(failed.map((entry) => entry.id));
    const deleted = ids.filter((id) => !failedIds.has(id));
    for (const id of deleted) this.held.get(id).deleted = true;
    return { deleted, failed };
  }

  /**
   * Keeps `messages` invisible while they are being worked on (their visibility renewed every
   * third of the timeout), so a long replay does not let them reappear. @returns a function that stops it
   */
  keepInvisible(messages) {
    const timer = setInterval(() => {
      const entries = messages.filter((m) => !this.held.get(m.MessageId)?.deleted).slice(0, BATCH);
      if (entries.length === 0) return;
      const command = new ChangeMessageVisibilityBatchCommand({
        QueueUrl: this.queueUrl,
        Entries: entries.map((m, n) => ({ Id: String(n), ReceiptHandle: this.held.get(m.MessageId).receiptHandle, VisibilityTimeout: this.visibilityTimeout })),
      });
      this.client.send(command).catch(() => undefined); // best effort: at worst a message reappears and is recognised by its id
    }, (this.visibilityTimeout * 1000) / 3);
    timer.unref();
    return () => clearInterval(timer);
  }

  /** Makes every message received and not deleted visible again. @returns {Promise<number>} how many */
  async release() {
    const ids = [...this.held].filter(([, entry]) => !entry.deleted).map(([id]) => id);
    let released = 0;
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      const out = await this.client.send(
        new ChangeMessageVisibilityBatchCommand({
          QueueUrl: this.queueUrl,
          Entries: chunk.map((id, n) => ({ Id: String(n), ReceiptHandle: this.held.get(id).receiptHandle, VisibilityTimeout: 0 })),
        }),
      );
      released += out.Successful?.length ?? 0;
    }
    return released;
  }

  async #deleteBatches(ids) {
    const failed = [];
    for (let i = 0; i < ids.length; i += BATCH) {
      const chunk = ids.slice(i, i + BATCH);
      try {
        const out = await this.client.send(
          new DeleteMessageBatchCommand({ QueueUrl: this.queueUrl, Entries: chunk.map((id, n) => ({ Id: String(n), ReceiptHandle: this.held.get(id).receiptHandle })) }),
        );
        for (const entry of out.Failed ?? []) failed.push({ id: chunk[Number(entry.Id)], error: `${entry.Code}: ${entry.Message ?? ''}` });
      } catch (err) {
        for (const id of chunk) failed.push({ id, error: err.message });
      }
    }
    return failed;
  }
}
