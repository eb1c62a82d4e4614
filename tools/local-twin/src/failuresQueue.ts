// `npm run failures -- list|replay|purge --stage S | --queue-url U`: the commands on a stage's SQS
// failure queue. Each received message is read by runtime's one reader (twinflow records, Lambda
// destination records, IoT error-action messages); one it cannot read is left and reported.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient, type Message } from '@aws-sdk/client-sqs';
import { TwinflowError, type TwinConfig } from '@twinflow/core';
import { createFailureMessageReader, mapWithConcurrency, type FailureMessage } from '@twinflow/runtime';
import { FailureQueue, queueUrlOf, resolveRegion, stageOfQueueUrl, type DeleteOutcome } from './failuresSqs';
import { bump, createProgress, printQueueSummary, type FailuresCommand, type QueueMessageEntry, type QueueSummary } from './failuresReport';
import { findStored } from './hotTableLookup';

const REPLAY_CONCURRENCY = 4;
const SERVICES = new Set(['dispatcher', 'wrapper', 'persister']);

/** The CLI's options for a queue (see failures.ts). */
export type QueueCommandOptions = {
  command: FailuresCommand;
  stage?: string | undefined;
  queueUrl?: string | undefined;
  region?: string | undefined;
  device?: string | undefined;
  reason?: string | undefined;
  max?: number | undefined;
  dryRun: boolean;
  json: boolean;
};

/** The stage of a `--queue-url` cannot be told from its name, and no `--stage` says it (a usage error). */
export class QueueStageUnknownError extends TwinflowError {
  public constructor(queueUrl: string, twin: string) {
    super(`cannot tell the stage from ${queueUrl}: expected a queue named ${twin}-failures[-{stage}], or give --stage`, 'FAILURE_QUEUE_STAGE_UNKNOWN');
  }
}

type Selected = { message: Message; read: FailureMessage; entry: QueueMessageEntry };

/** Runs `options.command` on the queue; resolves with the summary (also printed). */
export async function runQueueCommand(options: QueueCommandOptions, twinConfig: Pick<TwinConfig, 'twinName' | 'region'>, { now = Date.now }: { now?: () => number } = {}): Promise<QueueSummary> {
  const twin = twinConfig.twinName;
  const region = await resolveRegion(options.region, twinConfig.region);
  const inferred = options.queueUrl === undefined ? undefined : stageOfQueueUrl(options.queueUrl, twin);
  const stage = options.stage ?? inferred;
  if (stage === undefined) throw new QueueStageUnknownError(options.queueUrl ?? '', twin);
  const reader = createFailureMessageReader({ twin, stage, region });
  const { names } = reader;
  if (options.queueUrl !== undefined && options.stage !== undefined && inferred !== options.stage) {
    console.error(`failures: ${options.queueUrl} is not named like stage ${stage}'s queue (${names.failureQueue}); its messages are read as stage ${stage}'s`);
  }
  const sqs = new SQSClient({ region });
  // The hot-table lookup retries unprocessed keys in a loop of its own: no SDK retries under it.
  const dynamo = new DynamoDBClient({ region, maxAttempts: 1 });
  const lambda = new LambdaClient({ region });
  const startedAt = now();
  try {
    const queueUrl = options.queueUrl ?? (await queueUrlOf(sqs, names.failureQueue, region));
    const queue = new FailureQueue({ client: sqs, queueUrl });
    const summary = newSummary(options, { queueUrl, stage, region });
    const progress = createProgress(summary, await queue.approximateCount(), { now });
    const limitReached = (): boolean => options.max !== undefined && summary.selected >= options.max;
    try {
      for await (const batch of queue.batches(limitReached)) {
        summary.received += batch.length;
        const selected: Selected[] = [];
        for (const message of batch) {
          // Parked during this run (a replayed reading that failed again): left for the next run, or
          // a reading that keeps failing would be replayed over and over.
          if (Number(message.Attributes?.SentTimestamp) >= startedAt) {
            summary.arrivedDuringRun += 1;
            continue;
          }
          const result = reader.safeRead(message.Body ?? '');
          if (!result.success) {
            summary.unreadable.push({ messageId: message.MessageId, problem: result.error.problem, error: result.error.message, body: (message.Body ?? '').slice(0, 200) });
            continue;
          }
          const read = result.data;
          if (options.device && !read.deviceIds.includes(options.device)) continue;
          if (options.reason && read.reason !== options.reason) continue;
          if (limitReached()) continue;
          summary.selected += 1;
          selected.push({ message, read, entry: describe(message, read) });
        }
        if (options.command !== 'purge') await markStored(selected, { dynamo, table: names.hotTable, command: options.command, summary });
        if (options.command === 'list') summary.messages.push(...selected.map((s) => s.entry));
        else if (options.command === 'purge') await purge(selected, queue, options, summary);
        else {
          const stopKeeping = queue.keepInvisible(selected.map((s) => s.message));
          await replay(selected, { queue, lambda, options, summary }).finally(stopKeeping);
        }
        progress.tick();
      }
    } finally {
      await queue.release().catch((err: Error) => console.error(`failures: could not make every message visible again (${err.message}); they reappear after their 60 s visibility timeout`));
    }
    summary.durationMs = now() - startedAt;
    printQueueSummary(summary, options);
    return summary;
  } finally {
    for (const client of [sqs, dynamo, lambda]) client.destroy();
  }
}

function newSummary(options: QueueCommandOptions, where: { queueUrl: string; stage: string; region: string }): QueueSummary {
  const counts =
    options.command === 'list'
      ? { storedAlready: 0 }
      : options.command === 'purge'
        ? { purged: 0, errors: 0 }
        : { replayed: 0, failedAgain: 0, storedAlready: 0, duplicates: 0, deleted: 0, errors: 0 };
  return { command: options.command, ...where, dryRun: options.dryRun, received: 0, arrivedDuringRun: 0, selected: 0, ...counts, messages: [], unreadable: [] };
}

function describe(message: Message, read: FailureMessage): QueueMessageEntry {
  return {
    messageId: message.MessageId,
    kind: read.kind,
    reason: read.reason,
    function: read.target.functionName,
    deviceIds: read.deviceIds,
    eventIds: read.readings.map((reading) => reading.eventId),
    ...(read.failedAt ? { failedAt: read.failedAt } : {}),
    ...(read.attempts !== undefined ? { attempts: read.attempts } : {}),
    message: read.message,
    receiveCount: Number(message.Attributes?.ApproximateReceiveCount ?? 1),
  };
}

/** Marks each selected message whose readings are all in the hot table (looked up by key) as stored already. */
async function markStored(selected: readonly Selected[], { dynamo, table, command, summary }: { dynamo: DynamoDBClient; table: string; command: FailuresCommand; summary: QueueSummary }): Promise<void> {
  const readings = selected.flatMap((s) => s.read.readings);
  let stored: Set<string>;
  try {
    stored = readings.length === 0 ? new Set() : await findStored(dynamo, table, readings);
  } catch (err) {
    if (command === 'replay') throw new Error(`cannot look the readings up in the hot table ${table} (${(err as Error).message}); nothing more replayed`, { cause: err });
    summary.lookupError ??= `hot table ${table} not readable (${(err as Error).message}): "stored already" unknown`;
    for (const s of selected) s.entry.storedAlready = null;
    return;
  }
  for (const s of selected) {
    const ids = s.read.readings.map((reading) => reading.eventId);
    s.entry.storedAlready = ids.length > 0 && ids.every((id) => stored.has(id));
    if (s.entry.storedAlready && command === 'list') bump(summary, 'storedAlready');
  }
}

async function purge(selected: readonly Selected[], queue: FailureQueue, options: QueueCommandOptions, summary: QueueSummary): Promise<void> {
  for (const s of selected) s.entry.outcome = options.dryRun ? 'would-purge' : 'purged';
  summary.messages.push(...selected.map((s) => s.entry));
  if (options.dryRun || selected.length === 0) return;
  const { deleted, failed } = await queue.delete(selected.map((s) => s.message));
  bump(summary, 'purged', deleted.length);
  settleDeleteFailures(selected, failed, summary);
}

/** Replays the batch (a few at a time) and deletes the messages whose hand-off succeeded. */
async function replay(selected: readonly Selected[], { queue, lambda, options, summary }: { queue: FailureQueue; lambda: LambdaClient; options: QueueCommandOptions; summary: QueueSummary }): Promise<void> {
  const done: Selected[] = [];
  await mapWithConcurrency(selected, REPLAY_CONCURRENCY, async (s) => {
    const { entry, read } = s;
    if (entry.storedAlready) {
      // In the hot table under its key and event id after all: nothing to send, the message is done.
      entry.outcome = 'stored-already';
      bump(summary, 'storedAlready');
      if (!options.dryRun) done.push(s);
      return;
    }
    if (options.dryRun) {
      entry.outcome = 'would-replay';
      return;
    }
    try {
      const out = await lambda.send(new InvokeCommand({ FunctionName: read.target.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(read.payload)) }));
      const body = parseBody(Buffer.from(out.Payload ?? []).toString('utf8'));
      if (out.FunctionError) throw new Error(`${read.target.functionName} failed: ${typeof body['errorMessage'] === 'string' ? body['errorMessage'] : out.FunctionError}`);
      const service = SERVICES.has(read.target.role);
      bump(summary, 'duplicates', service && Number.isInteger(body['duplicates']) ? (body['duplicates'] as number) : 0);
      // A service that parked the reading again did so under a new record: this message is done too.
      entry.outcome = service && typeof body['failed'] === 'number' && body['failed'] > 0 ? 'failed-again' : 'replayed';
      const results = body['results'];
      if (entry.outcome === 'failed-again' && Array.isArray(results)) {
        entry.parkedAgainAs = results.filter((result: { status?: unknown }) => result?.status === 'failed').map((result: { reason?: unknown }) => String(result.reason));
      }
      bump(summary, entry.outcome === 'replayed' ? 'replayed' : 'failedAgain');
      done.push(s);
    } catch (err) {
      entry.outcome = 'error';
      entry.error = (err as Error).message;
      bump(summary, 'errors');
    }
  });
  summary.messages.push(...selected.map((s) => s.entry));
  if (done.length === 0) return;
  const { deleted, failed } = await queue.delete(done.map((s) => s.message));
  bump(summary, 'deleted', deleted.length);
  settleDeleteFailures(done, failed, summary);
}

/** A Lambda answer's JSON object (anything else: an empty one). */
function parseBody(text: string): Record<string, unknown> {
  try {
    const body: unknown = text === '' ? {} : JSON.parse(text);
    return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

function settleDeleteFailures(selected: readonly Selected[], failed: DeleteOutcome['failed'], summary: QueueSummary): void {
  for (const { id, error } of failed) {
    const entry = selected.find((s) => s.message.MessageId === id)?.entry;
    if (entry) entry.error = `not deleted: ${error}`;
    bump(summary, 'errors');
  }
}
