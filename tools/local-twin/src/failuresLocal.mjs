// `npm run failures -- list|replay|purge` without --stage / --queue-url: the failure store of the
// running local twin. `replay` sends each parked reading back into the pipeline at the stage that
// failed (dispatch → dispatcher, process → wrapper, persist → persister) and removes the records
// whose reading went on; a reading that fails again is parked again by the pipeline itself, so
// nothing is lost either way. `purge` removes the selected records.
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { dispatcherFunctionName, failureTableName, persisterFunctionName, REPLAY_TARGETS, wrapperFunctionName } from '@twinflow/core'; // built with runtime
import { DynamoFailureStore } from '@twinflow/runtime'; // its built dist: `npm run failures` builds it first (cached)
import { findStored, recordReading } from './hotTableLookup.mjs';

export const LOCAL_DEFAULTS = { lambdaEndpoint: 'http://127.0.0.1:3002', dynamodbEndpoint: 'http://127.0.0.1:4567' };

// Where each stage's records are replayed (core's REPLAY_TARGETS): the function of the target's role.
const FUNCTION_OF_ROLE = { dispatcher: dispatcherFunctionName, wrapper: wrapperFunctionName, persister: persisterFunctionName };
const ENTRY = Object.fromEntries(
  Object.entries(REPLAY_TARGETS).map(([stage, target]) => [stage, { fn: (twin) => FUNCTION_OF_ROLE[target.role](twin), payload: (record) => target.payload(record.original) }]),
);

const region = 'eu-central-1';
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Runs `options.command` on the local twin's failure store (`workspace` holds its default spool file). */
export async function runLocalCommand(options, twin, workspace) {
  const lambdaEndpoint = options.lambdaEndpoint ?? LOCAL_DEFAULTS.lambdaEndpoint;
  const dynamodbEndpoint = options.dynamodbEndpoint ?? LOCAL_DEFAULTS.dynamodbEndpoint;
  const store = new DynamoFailureStore({
    tableName: failureTableName(twin),
    endpoint: dynamodbEndpoint,
    region,
    spoolFile: options.spoolFile ?? path.join(workspace, 'tmp/local-twin/failures-spool.jsonl'),
  });
  process.env.AWS_ACCESS_KEY_ID ??= credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= credentials.secretAccessKey;
  let records;
  try {
    records = await store.list();
  } catch (err) {
    throw new Error(`cannot read the failure store at ${dynamodbEndpoint} — is the local twin running (npm start)? (${err.message})`);
  }
  const matching = records
    .filter((r) => (!options.device || r.deviceId === options.device) && (!options.reason || r.reason === options.reason))
    .slice(0, options.max ?? Infinity);
  if (options.command === 'purge') return purge(store, matching, records.length, options);

  // A reading can be parked and stored after all (a hand-off that timed out but was delivered):
  // look its key up in the hot table, so such records are told apart and never replayed.
  const hot = new DynamoDBClient({ endpoint: dynamodbEndpoint, region, credentials });
  const stored = await findStored(hot, `${twin}-hot`, matching.map(recordReading));
  hot.destroy();
  const selected = matching.map((r) => ({ ...r, storedAfterAll: r.eventId !== undefined && stored.has(r.eventId) }));
  if (options.command === 'list') return list(selected, records.length, options);
  return replay(store, selected, { twin, lambdaEndpoint, options });
}

function list(selected, total, options) {
  if (options.json) return void process.stdout.write(`${JSON.stringify(selected)}\n`);
  console.table(
    selected.map((r) => ({
      failedAt: r.failedAt,
      stage: r.stage,
      reason: r.reason,
      device: r.deviceId ?? '',
      event: r.eventId ?? '',
      stored: r.storedAfterAll ? 'after all' : 'no',
      attempts: r.attempts,
      message: r.message.slice(0, 60),
    })),
  );
  const unstored = selected.filter((r) => !r.storedAfterAll);
  const byReason = {};
  for (const r of unstored) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
  // A reading parked twice has two records: readings are counted by event id.
  const readings = new Set(unstored.map((r) => r.eventId ?? r.id)).size;
  console.log(
    `${selected.length} of ${total} record(s): ${readings} reading(s) still unstored (records by reason:`,
    byReason,
    `); ${selected.length - unstored.length} record(s) of readings stored after all (replay removes them as duplicates)`,
  );
  return undefined;
}

async function purge(store, selected, total, options) {
  const outcome = { selected: selected.length, purged: 0, dryRun: options.dryRun };
  if (!options.dryRun) {
    await store.remove(selected.map((r) => r.id));
    outcome.purged = selected.length;
  }
  if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else if (options.dryRun) console.log(`would purge ${selected.length} of ${total} record(s) (dry run: nothing removed)`);
  else console.log(`purged ${outcome.purged} of ${total} record(s)`);
}

async function replay(store, selected, { twin, lambdaEndpoint, options }) {
  const lambda = new LambdaClient({ endpoint: lambdaEndpoint, region, credentials, maxAttempts: 3 });
  const outcome = { selected: selected.length, replayed: 0, failedAgain: 0, duplicates: 0, storedAlready: 0, errors: 0, ...(options.dryRun ? { wouldReplay: 0, dryRun: true } : {}) };
  const done = [];
  for (const record of selected) {
    if (record.storedAfterAll) {
      // Already in the hot table under its key and event id: nothing to send, the record is done.
      outcome.storedAlready += 1;
      outcome.duplicates += 1;
      done.push(record.id);
      continue;
    }
    if (options.dryRun) {
      outcome.wouldReplay += 1;
      continue;
    }
    const entry = ENTRY[record.stage];
    try {
      const out = await lambda.send(new InvokeCommand({ FunctionName: entry.fn(twin), Payload: Buffer.from(JSON.stringify(entry.payload(record))) }));
      const body = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || '{}');
      if (out.FunctionError) throw new Error(`${entry.fn(twin)} failed: ${body.errorMessage ?? out.FunctionError}`);
      outcome.duplicates += body.duplicates ?? 0;
      if ((body.failed ?? 0) > 0) outcome.failedAgain += 1;
      else outcome.replayed += 1;
      // The reading went on, or the pipeline parked it again under a fresh record: either way this one is done.
      done.push(record.id);
    } catch (err) {
      outcome.errors += 1;
      if (!options.json) console.error(`replay of ${record.id} (${record.reason}) failed: ${err.message}`);
    }
  }
  lambda.destroy();
  if (!options.dryRun) await store.remove(done);
  if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else if (options.dryRun) {
    console.log(`would replay ${outcome.wouldReplay} of ${outcome.selected}; ${outcome.storedAlready} stored already (would be removed, not sent) — dry run: nothing sent or removed`);
  } else {
    console.log(
      `replayed ${outcome.replayed} of ${outcome.selected}; ${outcome.storedAlready} stored already (records removed, not sent), ` +
        `${outcome.failedAgain} failed again (parked anew), ${outcome.duplicates} duplicate(s) in all, ${outcome.errors} error(s)`,
    );
  }
  if (outcome.errors > 0) process.exitCode = 1;
}
