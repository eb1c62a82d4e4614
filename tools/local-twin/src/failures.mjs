#!/usr/bin/env node
// `npm run failures -- list|replay [--device d] [--reason r] [--json]`: the failure store of the
// running local twin. `replay` sends each parked reading back into the pipeline at the stage that
// failed (dispatch → dispatcher, process → wrapper, persist → persister) and removes the records
// whose reading went on; a reading that fails again is parked again by the pipeline itself, so
// nothing is lost either way.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoFailureStore } from '@twinflow/runtime'; // its built dist: `npm run failures` builds it first (cached)
import { findStored, recordReading } from './hotTableLookup.mjs';

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const USAGE = `Usage: npm run failures -- <list|replay> [--device ID] [--reason REASON] [--json]
          [--lambda-endpoint URL (default http://127.0.0.1:3002)] [--dynamodb-endpoint URL (default http://127.0.0.1:4567)]`;

function parse(argv) {
  const [command, ...rest] = argv;
  const options = { command, lambdaEndpoint: 'http://127.0.0.1:3002', dynamodbEndpoint: 'http://127.0.0.1:4567', json: false };
  for (let i = 0; i < rest.length; i += 1) {
    const flag = rest[i];
    if (flag === '--json') options.json = true;
    else if (['--device', '--reason', '--lambda-endpoint', '--dynamodb-endpoint', '--spool-file'].includes(flag) && rest[i + 1] !== undefined) {
      options[flag.slice(2).replace(/-([a-z])/g, (_, c) => c.toUpperCase())] = rest[++i];
    } else throw new Error(`unknown or incomplete option ${JSON.stringify(flag)}`);
  }
  if (command !== 'list' && command !== 'replay') throw new Error(`expected "list" or "replay", got ${JSON.stringify(command ?? '')}`);
  return options;
}

const ENTRY = {
  dispatch: { fn: (twin) => `${twin}-dispatcher`, payload: (record) => record.original },
  process: { fn: (twin) => `${twin}-processor-wrapper`, payload: (record) => ({ events: [record.original] }) },
  persist: { fn: (twin) => `${twin}-persister`, payload: (record) => ({ records: [record.original] }) },
};

async function main() {
  const options = parse(process.argv.slice(2));
  const twin = JSON.parse(readFileSync(path.join(workspace, 'config/twin.json'), 'utf8')).twinName;
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const store = new DynamoFailureStore({
    tableName: `${twin}-failures`,
    endpoint: options.dynamodbEndpoint,
    region: 'eu-central-1',
    spoolFile: options.spoolFile ?? path.join(workspace, 'tmp/local-twin/failures-spool.jsonl'),
  });
  process.env.AWS_ACCESS_KEY_ID ??= credentials.accessKeyId;
  process.env.AWS_SECRET_ACCESS_KEY ??= credentials.secretAccessKey;
  let records;
  try {
    records = await store.list();
  } catch (err) {
    throw new Error(`cannot read the failure store at ${options.dynamodbEndpoint} — is the local twin running (npm start)? (${err.message})`);
  }
  const matching = records.filter((r) => (!options.device || r.deviceId === options.device) && (!options.reason || r.reason === options.reason));
  // A reading can be parked and stored after all (a hand-off that timed out but was delivered):
  // look its key up in the hot table, so such records are told apart and never replayed.
  const hot = new DynamoDBClient({ endpoint: options.dynamodbEndpoint, region: 'eu-central-1', credentials });
  const stored = await findStored(hot, `${twin}-hot`, matching.map(recordReading));
  const selected = matching.map((r) => ({ ...r, storedAfterAll: r.eventId !== undefined && stored.has(r.eventId) }));

  if (options.command === 'list') {
    if (options.json) return void process.stdout.write(`${JSON.stringify(selected)}\n`);
    console.table(selected.map((r) => ({ failedAt: r.failedAt, stage: r.stage, reason: r.reason, device: r.deviceId ?? '', event: r.eventId ?? '', stored: r.storedAfterAll ? 'after all' : 'no', attempts: r.attempts, message: r.message.slice(0, 60) })));
    const unstored = selected.filter((r) => !r.storedAfterAll);
    const byReason = {};
    for (const r of unstored) byReason[r.reason] = (byReason[r.reason] ?? 0) + 1;
    // A reading parked twice has two records: readings are counted by event id.
    const readings = new Set(unstored.map((r) => r.eventId ?? r.id)).size;
    console.log(
      `${selected.length} of ${records.length} record(s): ${readings} reading(s) still unstored (records by reason:`,
      byReason,
      `); ${selected.length - unstored.length} record(s) of readings stored after all (replay removes them as duplicates)`,
    );
    return;
  }

  const lambda = new LambdaClient({ endpoint: options.lambdaEndpoint, region: 'eu-central-1', credentials, maxAttempts: 3 });
  const outcome = { selected: selected.length, replayed: 0, failedAgain: 0, duplicates: 0, storedAlready: 0, errors: 0 };
  const done = [];
  for (const record of selected) {
    if (record.storedAfterAll) {
      // Already in the hot table under its key and event id: nothing to send, the record is done.
      outcome.storedAlready += 1;
      outcome.duplicates += 1;
      done.push(record.id);
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
  await store.remove(done);
  if (options.json) process.stdout.write(`${JSON.stringify(outcome)}\n`);
  else {
    console.log(
      `replayed ${outcome.replayed} of ${outcome.selected}; ${outcome.storedAlready} stored already (records removed, not sent), ` +
        `${outcome.failedAgain} failed again (parked anew), ${outcome.duplicates} duplicate(s) in all, ${outcome.errors} error(s)`,
    );
  }
  if (outcome.errors > 0) process.exitCode = 1;
}

main().catch((err) => {
  console.error(`failures: ${err.message}\n${USAGE}`);
  process.exit(2);
});
