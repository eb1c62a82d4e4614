// `npm run failures -- list|replay|purge --stage S | --queue-url U`: the commands on a stage's SQS
// failure queue. Each received message is read by runtime's one reader (twinflow records, Lambda
// destination records, IoT error-action messages); one it cannot read is left and reported.
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { SQSClient } from '@aws-sdk/client-sqs';
import { createFailureMessageReader, mapWithConcurrency } from '@twinflow/runtime'; // its built dist
import { FailureQueue, queueUrlOf, resolveRegion, stageOfQueueUrl } from './failuresSqs.mjs';
import { createProgress, printQueueSummary } from './failuresReport.mjs';
import { findStored } from './hotTableLookup.mjs';

const REPLAY_CONCURRENCY = 4;
const SERVICES = new Set(['dispatcher', 'wrapper', 'persister']);

/** Runs `options.command` on the queue; resolves with the summary (also printed). */
export async function runQueueCommand(options, twinConfig) {
  const region = await resolveRegion(options.region, twinConfig.region);
  const sqs = new SQSClient({ region });
  const inferred = options.queueUrl === undefined ? undefined : stageOfQueueUrl(options.queueUrl, twinConfig.twinName);
  const stage = options.stage ?? inferred;
  if (stage === undefined) {
    throw Object.assign(new Error(`cannot tell the stage from ${options.queueUrl}: expected a queue named ${twinConfig.twinName}-failures[-{stage}], or give --stage`), { usage: true });
  }
  const reader = createFailureMessageReader({ twin: twinConfig.twinName, stage, region });
  const { names } = reader;
  if (options.queueUrl !== undefined && options.stage !== undefined && inferred !== options.stage) {
    console.error(`failures: ${options.queueUrl} is not named like stage ${stage}'s queue (${names.failureQueue}); its messages are read as stage ${stage}'s`);
  }
  const queueUrl = options.queueUrl ?? (await queueUrlOf(sqs, names.failureQueue, region));
  const queue = new FailureQueue({ client: sqs, queueUrl });
  // The hot-table lookup retries unprocessed keys in a loop of its own: no SDK retries under it.
  const dynamo = new DynamoDBClient({ region, maxAttempts: 1 });
  const lambda = new LambdaClient({ region });
  const summary = newSummary(options, { queueUrl, stage, region });
  const progress = createProgress(summary, await queue.approximateCount());
  const limitReached = () => options.max !== undefined && summary.selected >= options.max;
  try {
    for await (const batch of queue.batches(limitReached)) {
      summary.received += batch.length;
      const selected = [];
      for (const message of batch) {
        // Parked during this run (a replayed reading that failed again): left for the next run, or
        // a reading that keeps failing would be replayed over and over.
        if (Number(message.Attributes?.SentTimestamp) >= summary.startedAt) {
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
    await queue.release().catch((err) => console.error(`failures: could not make every message visible again (${err.message}); they reappear after their 60 s visibility timeout`));
    for (const client of [sqs, dynamo, lambda]) client.destroy();
  }
  summary.durationMs = Date.now() - summary.startedAt;
  delete summary.startedAt;
  printQueueSummary(summary, options);
  return summary;
}

function newSummary(options, where) {
  const counts =
    options.command === 'list'
      ? { storedAlready: 0 }
      : options.command === 'purge'
        ? { purged: 0, errors: 0 }
        : { replayed: 0, failedAgain: 0, storedAlready: 0, duplicates: 0, deleted: 0, errors: 0 };
  return { command: options.command, ...where, dryRun: options.dryRun, received: 0, arrivedDuringRun: 0, selected: 0, ...counts, messages: [], unreadable: [], startedAt: Date.now() };
}

function describe(message, read) {
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
async function markStored(selected, { dynamo, table, command, summary }) {
  const readings = selected.flatMap((s) => s.read.readings);
  let stored;
  try {
    stored = readings.length === 0 ? new Set() : await findStored(dynamo, table, readings);
  } catch (err) {
    if (command === 'replay') throw new Error(`cannot look the readings up in the hot table ${table} (${err.message}); nothing more replayed`);
    summary.lookupError ??= `hot table ${table} not readable (${err.message}): "stored already" unknown`;
    for (const s of selected) s.entry.storedAlready = null;
    return;
  }
  for (const s of selected) {
    const ids = s.read.readings.map((reading) => reading.eventId);
    s.entry.storedAlready = ids.length > 0 && ids.every((id) => stored.has(id));
    if (s.entry.storedAlready && command === 'list') summary.storedAlready += 1;
  }
}

async function purge(selected, queue, options, summary) {
  for (const s of selected) s.entry.outcome = options.dryRun ? 'would-purge' : 'purged';
  summary.messages.push(...selected.map((s) => s.entry));
  if (options.dryRun || selected.length === 0) return;
  const { deleted, failed } = await queue.delete(selected.map((s) => s.message));
  summary.purged += deleted.length;
  settleDeleteFailures(selected, failed, summary);
}

/** Replays the batch (a few at a time) and deletes the messages whose hand-off succeeded. */
async function replay(selected, { queue, lambda, options, summary }) {
  const done = [];
  await mapWithConcurrency(selected, REPLAY_CONCURRENCY, async (s) => {
    const { entry, read } = s;
    if (entry.storedAlready) {
      // In the hot table under its key and event id after all: nothing to send, the message is done.
      entry.outcome = 'stored-already';
      summary.storedAlready += 1;
      if (!options.dryRun) done.push(s);
      return;
    }
    if (options.dryRun) {
      entry.outcome = 'would-replay';
      return;
    }
    try {
      const out = await lambda.send(new InvokeCommand({ FunctionName: read.target.functionName, InvocationType: 'RequestResponse', Payload: Buffer.from(JSON.stringify(read.payload)) }));
      const text = Buffer.from(out.Payload ?? []).toString('utf8');
      let body;
      try {
        body = text === '' ? {} : JSON.parse(text);
      } catch {
        body = {};
      }
      if (out.FunctionError) throw new Error(`${read.target.functionName} failed: ${body?.errorMessage ?? out.FunctionError}`);
      const service = SERVICES.has(read.target.role);
      summary.duplicates += service && Number.isInteger(body?.duplicates) ? body.duplicates : 0;
      // A service that parked the reading again did so under a new record: this message is done too.
      entry.outcome = service && body?.failed > 0 ? 'failed-again' : 'replayed';
      if (entry.outcome === 'failed-again' && Array.isArray(body.results)) {
        entry.parkedAgainAs = body.results.filter((result) => result?.status === 'failed').map((result) => result.reason);
      }
      summary[entry.outcome === 'replayed' ? 'replayed' : 'failedAgain'] += 1;
      done.push(s);
    } catch (err) {
      entry.outcome = 'error';
      entry.error = err.message;
      summary.errors += 1;
    }
  });
  summary.messages.push(...selected.map((s) => s.entry));
  if (done.length === 0) return;
  const { deleted, failed } = await queue.delete(done.map((s) => s.message));
  summary.deleted += deleted.length;
  settleDeleteFailures(done, failed, summary);
}

function settleDeleteFailures(selected, failed, summary) {
  for (const { id, error } of failed) {
    const entry = selected.find((s) => s.message.MessageId === id)?.entry;
    if (entry) entry.error = `not deleted: ${error}`;
    summary.errors += 1;
  }
}
