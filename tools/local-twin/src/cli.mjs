#!/usr/bin/env node
// `npm start`: the whole twinflow pipeline on this machine — dynalite, every function on one
// serverless-offline Lambda endpoint, a telemetry simulator, live progress and a health page.
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { BatchGetItemCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { failureTableDefinition, LOCAL_CREDENTIALS, persisterTableDefinitions, startDynamo } from './dynamo.mjs';
import { APPS, buildApps, buildProcessor, installProcessorCode, resetWorkDir, setFaultRate, writeProcessorShim, writeServerlessConfig } from './functions.mjs';
import { followEmfLog } from './emfMetrics.mjs';
import { collectHealth, startHealthServer } from './healthServer.mjs';
import { readFailureRecords } from './failureRecords.mjs';
import { createLedger } from './ledger.mjs';
import { openJournal } from './ledgerJournal.mjs';
import { startOffline } from './offline.mjs';
import { HELP, parseOptions } from './options.mjs';
import { assertPortsFree } from './ports.mjs';
import { startSimulator } from './simulator.mjs';

// The AWS SDK warns about Node 20 on every client; the twin runs where the project's Node runs.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  if (warning.name !== 'NodeVersionSupportWarning') process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let options;
try {
  options = parseOptions(process.argv.slice(2));
} catch (err) {
  console.error(`npm start: ${err.message}`);
  process.exit(2);
}
if (options.help) {
  process.stdout.write(HELP);
  process.exit(0);
}

const workDir = options.workDir ? path.resolve(options.workDir) : path.join(workspace, 'tmp', 'local-twin');
const log = (line) => {
  if (!options.json) process.stderr.write(`${line}\n`);
};
// Every name from core, the one place that defines them (compiled from its sources: no build step
// first); the twin config and the registry read and checked by its loaders (a broken file is named).
const core = createRequire(import.meta.url)('../../deploy/src/twinflowCore.cjs').loadCore();
let twinConfig;
let devices;
try {
  twinConfig = core.loadTwinConfig(path.join(workspace, 'config/twin.json'));
  devices = core.loadDeviceRegistry(path.join(workspace, 'config/config_iot_devices.json'));
} catch (err) {
  console.error(`npm start: ${err.message}`);
  process.exit(1);
}
const twin = twinConfig.twinName;
const region = twinConfig.region;
const hotTable = core.hotTableName(twin);
const failureTable = core.failureTableName(twin);
// Where failure records go while DynamoDB is unreachable (the local stand-in for Lambda's on-failure destination).
const spoolFile = path.join(workDir, 'failures-spool.jsonl');
const journalFile = path.join(workDir, 'ledger.jsonl');
const lambdaEndpoint = `http://127.0.0.1:${options.lambdaPort}`;
const functionNames = { dispatcher: core.dispatcherFunctionName(twin), wrapper: core.wrapperFunctionName(twin), persister: core.persisterFunctionName(twin) };
const cleanups = [];
const startedAt = Date.now();
// Readings sent by this run's simulator are `sim-<runId>-<seq>`.
const runId = startedAt.toString(36);

async function shutdown(code) {
  for (const cleanup of cleanups.reverse()) {
    try {
      await cleanup();
    } catch {
      // keep shutting down
    }
  }
  process.exit(code);
}

/** Stops the run, once: set when everything is up; before that a signal just shuts down. */
let finish = async (why) => shutdown(why === 'interrupted' || why === 'terminated' ? 130 : why === 'hangup' ? 129 : 1);

try {
  if (devices.length === 0) throw new Error('config/config_iot_devices.json has no devices: add one with `npx nx g processor <device>`');
  await assertPortsFree({ Lambda: options.lambdaPort, DynamoDB: options.dynamodbPort, 'health page': options.healthPort });
  process.once('SIGINT', () => finish('interrupted'));
  process.once('SIGTERM', () => finish('terminated'));
  // Closing the terminal, or a reader of our output going away (`npm start | head`), stops the twin
  // like Ctrl-C: every child goes with it (the endpoint also watches for a twin that died outright).
  process.once('SIGHUP', () => finish('hangup'));
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (err) => {
      if (err.code === 'EPIPE') finish('output closed');
    });
  }

  log(`twinflow local twin "${twin}": ${devices.length} device(s) — ${devices.map((d) => d.id).join(', ')}`);
  resetWorkDir(workDir);
  setFaultRate(workDir, options.faultRate);

  let step = Date.now();
  const dynamo = await startDynamo({
    port: options.dynamodbPort,
    region,
    tables: [...persisterTableDefinitions(workspace), failureTableDefinition(twin)],
    ...(options.dynamodbBackend ? { backendEndpoint: options.dynamodbBackend } : {}),
  });
  cleanups.push(dynamo.close);
  const backend = options.dynamodbBackend ? ` (data in ${options.dynamodbBackend})` : ' (dynalite)';
  log(`  ✓ DynamoDB${backend} on 127.0.0.1:${options.dynamodbPort}: ${hotTable}, ${failureTable} (${Date.now() - step} ms)`);

  step = Date.now();
  await buildApps(workspace, workDir);
  for (const device of devices) {
    writeProcessorShim(workDir, device.id);
    await buildProcessor(workspace, workDir, device.id);
  }
  writeServerlessConfig(workDir, {
    twin,
    region,
    devices,
    environment: {
      TWIN_NAME: twin,
      STAGE: 'dev', // the default stage: the functions' names are the architecture's (demo-dispatcher, ...)
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      FAILURE_STORE: 'dynamodb',
      FAILURE_TABLE: failureTable,
      FAILURE_SPOOL_FILE: spoolFile,
      LAMBDA_ENDPOINT: lambdaEndpoint,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${options.dynamodbPort}`,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      HOT_TABLE: hotTable,
      RETENTION_DAYS: twinConfig.retentionDays,
      // Generous for this one-process Lambda: the first seconds (cold code, a burst of readings) queue calls behind each other.
      PROCESSOR_TIMEOUT_MS: 5000,
      // The services' shims append each result here: the ledger's progress (checked against the tables at the end).
      TWIN_LEDGER_FILE: journalFile,
      // The services' metrics (Powertools EMF lines in offline.log) fill the health page: on even where POWERTOOLS_DEV is set.
      POWERTOOLS_METRICS_DISABLED: 'false',
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  log(`  ✓ bundled ${APPS.length} services and ${devices.length} processors (${Date.now() - step} ms)`);

  step = Date.now();
  const offline = await startOffline({ dir: workDir, lambdaPort: options.lambdaPort, readyFunction: functionNames.dispatcher });
  cleanups.push(offline.stop);
  log(`  ✓ Lambda API (serverless-offline) on ${lambdaEndpoint}: ${APPS.length + devices.length} functions (${Date.now() - step} ms)`);

  const lambda = new LambdaClient({ endpoint: lambdaEndpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
  // Load every service once before the first reading, so no reading waits behind a cold start.
  await Promise.all(APPS.map(({ fn }) => lambda.send(new InvokeCommand({ FunctionName: fn(twin), Payload: Buffer.from('{"action":"health"}') }))));

  const ledger = createLedger({
    client: dynamo.client,
    hotTable,
    functions: functionNames,
    readFailures: () => readFailureRecords({ client: dynamo.client, table: failureTable, spoolFile }),
  });
  const journal = openJournal(journalFile, (report) => ledger.report(report));
  cleanups.push(journal.close);
  const stats = () => {
    const durationMs = Date.now() - startedAt;
    const c = ledger.counts();
    return { ...c, lost: null, durationMs, eventsPerSecond: Math.round((c.settled / Math.max(durationMs, 1)) * 1000 * 10) / 10 };
  };
  // The adapters' metrics per function, summed from the EMF lines the services print (read when the page asks).
  const emf = followEmfLog(offline.logFile);
  const collect = () =>
    collectHealth({
      lambda,
      functionNames: APPS.map(({ fn }) => fn(twin)),
      twin,
      stats,
      metrics: () => emf.snapshot(),
      newestReadings: () => newestReadings(dynamo.client, hotTable, ledger.newestStored()),
    });
  const health = await startHealthServer({
    port: options.healthPort,
    collect,
    counts: stats,
    account: async () => {
      journal.drain();
      return { ...stats(), ...(await ledger.settle()), readings: ledger.readings() };
    },
    setFaultRate: (rate, perDevice, kinds) => setFaultRate(workDir, rate, perDevice, kinds),
    setDynamoAvailable: (available) => dynamo.setAvailable(available),
    deployProcessor: (device, code) => {
      if (!devices.some((d) => d.id === device)) throw new Error(`device ${device} is not served by this twin (restart npm start after generating it)`);
      return installProcessorCode(workDir, device, code);
    },
  });
  cleanups.push(health.close);
  log(`  ✓ health page on http://127.0.0.1:${options.healthPort}/ (JSON: /health.json, /counts.json)`);
  const batching = options.batch > 1 ? ` in messages of ${options.batch}` : '';
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — sending ${options.events ?? 'readings'} at ${options.rate}/s${batching}${options.faultRate ? `, fault rate ${options.faultRate}` : ''}; Ctrl-C stops`);

  const simulator = startSimulator({
    client: lambda,
    functionName: functionNames.dispatcher,
    devices: devices.map((d) => d.id),
    rate: options.rate,
    events: options.events,
    batch: options.batch,
    maxInFlight: options.maxInFlight,
    inFlight: () => ledger.counts().inFlight,
    ledger,
    runId,
  });
  cleanups.push(() => simulator.stop());
  let sendingDone = false;
  simulator.done.then(() => (sendingDone = true));

  // DynamoDB (the backend behind the front) no longer answering is the end of the run too.
  cleanups.push(
    dynamo.watch((error) =>
      finish('dynamodb died', `DynamoDB (${options.dynamodbBackend ? dynamo.backendEndpoint : `dynalite behind 127.0.0.1:${options.dynamodbPort}`}) stopped answering (${error.name}: ${error.message})`),
    ),
  );
  // The endpoint dying is the end of the run: nothing more can settle.
  offline.exited.then(({ code, signal }) => finish('endpoint died', `serverless-offline (the Lambda endpoint on 127.0.0.1:${options.lambdaPort}) exited with ${signal ?? `code ${code}`}; see ${path.join(workDir, 'offline.log')}`));

  let live;
  let lastProbeAt = Date.now();
  const tick = async () => {
    journal.drain();
    await ledger.verifyReported().catch(() => undefined);
    // No reading settled for a while: reports may have been lost, so look at the tables themselves.
    if (ledger.sinceProgressMs() > 2_000 && Date.now() - lastProbeAt > 5_000 && ledger.counts().inFlight > 0) {
      lastProbeAt = Date.now();
      await ledger.probe().catch(() => undefined);
    }
    const s = stats();
    const line = `  sent ${s.sent}  stored ${s.persisted}  parked ${s.failed}  both ${s.storedAndParked}  in flight ${s.inFlight}  ${s.eventsPerSecond}/s`;
    if (!options.json && process.stderr.isTTY) process.stderr.write(`\r${line}   `);
    else if (!options.json && Date.now() % 5000 < 250) log(line);
    if (options.exit && sendingDone) {
      if (s.inFlight === 0) return finish('settled');
      if (ledger.sinceProgressMs() > options.settleTimeoutS * 1000) return finish('settle timeout', `${s.inFlight} reading(s) still unsettled after ${options.settleTimeoutS} s without progress`);
    }
    live = setTimeout(tick, 250);
  };
  live = setTimeout(tick, 250);
  cleanups.push(() => clearTimeout(live));

  finish = async (why, problem) => {
    finish = () => undefined;
    clearTimeout(live);
    await simulator.stop();
    if (problem) process.stderr.write(`\nnpm start: ${problem}\n`);
    // Interrupted: nothing more is sent, but what is in flight may still settle (a second Ctrl-C stops at once).
    if (why === 'interrupted' || why === 'terminated') await drainInFlight(ledger, journal, 10_000);
    let s;
    try {
      journal.drain();
      s = { ...stats(), ...(await ledger.settle()) };
    } catch (err) {
      process.stderr.write(`npm start: the final account could not read the tables (${err.message}); every unsettled reading counts as lost\n`);
      const missing = ledger.readings().filter((r) => r.status === 'unsettled').map((r) => r.eventId);
      s = { ...stats(), lost: missing.length, missing, rejected: ledger.rejectedIds(), failedByReason: {}, storedAndParkedByReason: {} };
    }
    printSummary(s, why);
    const failed = why === 'endpoint died' || why === 'dynamodb died' || why === 'settle timeout' || s.lost > 0 || s.rejectedAtSend > 0;
    await shutdown(failed ? 1 : 0);
  };
} catch (err) {
  console.error(`npm start: ${err.message}`);
  await shutdown(1);
}

/** Waits (at most `limitMs`, or until a second signal) for the readings in flight to settle. */
async function drainInFlight(ledger, journal, limitMs) {
  let hurry = false;
  process.once('SIGINT', () => (hurry = true));
  process.once('SIGTERM', () => (hurry = true));
  const until = Date.now() + limitMs;
  let told = false;
  while (!hurry && Date.now() < until) {
    journal.drain();
    await ledger.verifyReported().catch(() => undefined);
    const { inFlight } = ledger.counts();
    if (inFlight === 0) return;
    if (!told) log(`\nstopping: waiting up to ${limitMs / 1000} s for ${inFlight} reading(s) in flight (Ctrl-C again to stop now)`);
    told = true;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function printSummary(s, why) {
  const { sent, accepted, rejectedAtSend, persisted, failed, storedAndParked, lost, missing, durationMs, eventsPerSecond, failedByReason, storedAndParkedByReason } = s;
  if (options.json) {
    const line = { sent, persisted, failed, lost, durationMs, eventsPerSecond, failedByReason, accepted, rejectedAtSend, storedAndParked, storedAndParkedByReason, missing, rejected: s.rejected, runId, stopped: why };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  process.stderr.write('\n');
  console.table({ sent, accepted, 'rejected at send': rejectedAtSend, stored: persisted, parked: failed, 'stored and parked': storedAndParked, lost, 'duration (s)': durationMs / 1000, 'readings/s': eventsPerSecond });
  const parked = Object.entries(failedByReason).map(([reason, n]) => `${n} ${reason}`).join(', ');
  const notes = [];
  if (failed) notes.push(`parked: ${parked}; list them with \`npm run failures -- list\``);
  if (storedAndParked) notes.push(`${storedAndParked} reading(s) were parked but stored after all (replay counts them as duplicates)`);
  if (lost) notes.push(`lost (in neither table): ${missing.slice(0, 10).join(', ')}${lost > 10 ? ` and ${lost - 10} more` : ''}`);
  log(`stopped (${why})${notes.length ? ` — ${notes.join('; ')}` : ''}`);
}

/** The newest stored readings, read by key (never a scan of the hot table). */
async function newestReadings(client, table, keys) {
  if (keys.length === 0) return [];
  const unique = [...new Map(keys.map((k) => [`${k.deviceId}|${k.timestamp}`, k])).values()];
  const out = await client.send(
    new BatchGetItemCommand({ RequestItems: { [table]: { Keys: unique.map((k) => ({ device_id: { S: k.deviceId }, timestamp: { S: k.timestamp } })) } } }),
  );
  const items = (out.Responses?.[table] ?? []).map((item) => unmarshall(item));
  const order = new Map(unique.map((k, i) => [`${k.deviceId}|${k.timestamp}`, i]));
  return items.sort((a, b) => order.get(`${a.device_id}|${a.timestamp}`) - order.get(`${b.device_id}|${b.timestamp}`));
}
