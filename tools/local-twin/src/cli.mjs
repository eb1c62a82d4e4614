#!/usr/bin/env node
// `npm start`: the whole twinflow pipeline on this machine — dynalite, every function on one
// serverless-offline Lambda endpoint, a telemetry simulator, live progress and a health page.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { failureTableDefinition, LOCAL_CREDENTIALS, persisterTableDefinitions, startDynamo } from './dynamo.mjs';
import { APPS, buildApps, buildProcessor, installProcessorCode, resetWorkDir, setFaultRate, writeProcessorShim, writeServerlessConfig } from './functions.mjs';
import { collectHealth, startHealthServer } from './healthServer.mjs';
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
const workDir = path.join(workspace, 'tmp', 'local-twin');

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

const log = (line) => {
  if (!options.json) process.stderr.write(`${line}\n`);
};
const twinConfig = JSON.parse(readFileSync(path.join(workspace, 'config/twin.json'), 'utf8'));
const devices = JSON.parse(readFileSync(path.join(workspace, 'config/config_iot_devices.json'), 'utf8'));
const twin = twinConfig.twinName;
const region = twinConfig.region;
const hotTable = `${twin}-hot`;
const failureTable = `${twin}-failures`;
// Where failure records go while DynamoDB is unreachable (the local stand-in for Lambda's on-failure destination).
const spoolFile = path.join(workDir, 'failures-spool.jsonl');
const lambdaEndpoint = `http://127.0.0.1:${options.lambdaPort}`;
const cleanups = [];
const startedAt = Date.now();
const counts = { sent: 0, rejected: 0, persisted: 0, failed: 0 };
let sendingDone = false;

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

function stats() {
  const durationMs = Date.now() - startedAt;
  const settled = counts.persisted + counts.failed;
  return {
    sent: counts.sent,
    persisted: counts.persisted,
    failed: counts.failed,
    inFlight: Math.max(0, counts.sent - settled),
    lost: 0,
    rejectedAtSend: counts.rejected,
    durationMs,
    eventsPerSecond: Math.round((settled / Math.max(durationMs, 1)) * 1000 * 10) / 10,
  };
}

try {
  if (devices.length === 0) throw new Error('config/config_iot_devices.json has no devices: add one with `npx nx g processor <device>`');
  await assertPortsFree({ Lambda: options.lambdaPort, DynamoDB: options.dynamodbPort, 'health page': options.healthPort });
  process.once('SIGINT', () => finish('interrupted'));
  process.once('SIGTERM', () => finish('terminated'));

  log(`twinflow local twin "${twin}": ${devices.length} device(s) — ${devices.map((d) => d.id).join(', ')}`);
  resetWorkDir(workDir);
  setFaultRate(workDir, options.faultRate);

  let step = Date.now();
  const dynamo = await startDynamo({
    port: options.dynamodbPort,
    region,
    tables: [...persisterTableDefinitions(workspace), failureTableDefinition(twin)],
  });
  cleanups.push(dynamo.close);
  log(`  ✓ DynamoDB (dynalite) on 127.0.0.1:${options.dynamodbPort}: ${hotTable}, ${failureTable} (${Date.now() - step} ms)`);

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
      STAGE: 'local',
      LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn',
      FAILURE_STORE: 'dynamodb',
      FAILURE_TABLE: failureTable,
      FAILURE_SPOOL_FILE: spoolFile,
      LAMBDA_ENDPOINT: lambdaEndpoint,
      DYNAMODB_ENDPOINT: `http://127.0.0.1:${options.dynamodbPort}`,
      AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
      AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
      HOT_TABLE: hotTable,
      RETENTION_DAYS: twinConfig.retentionDays ?? 30,
      // Generous for this one-process Lambda: the first seconds (cold code, a burst of readings) queue calls behind each other.
      PROCESSOR_TIMEOUT_MS: 5000,
      AWS_SDK_JS_SUPPRESS_MAINTENANCE_MODE_MESSAGE: '1',
      AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
    },
  });
  log(`  ✓ bundled ${APPS.length} services and ${devices.length} processors (${Date.now() - step} ms)`);

  step = Date.now();
  const offline = await startOffline({ dir: workDir, lambdaPort: options.lambdaPort, readyFunction: `${twin}-dispatcher` });
  cleanups.push(offline.stop);
  log(`  ✓ Lambda API (serverless-offline) on ${lambdaEndpoint}: ${APPS.length + devices.length} functions (${Date.now() - step} ms)`);

  const lambda = new LambdaClient({ endpoint: lambdaEndpoint, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
  // Load every service once before the first reading, so no reading waits behind a cold start.
  await Promise.all(APPS.map(({ fn }) => lambda.send(new InvokeCommand({ FunctionName: fn(twin), Payload: Buffer.from('{"action":"health"}') }))));
  const collect = () =>
    collectHealth({ lambda, dynamo: dynamo.client, twin, functionNames: APPS.map(({ fn }) => fn(twin)), hotTable, stats });
  const health = await startHealthServer({
    port: options.healthPort,
    collect,
    counts: stats,
    setFaultRate: (rate, perDevice) => setFaultRate(workDir, rate, perDevice),
    setDynamoAvailable: (available) => dynamo.setAvailable(available),
    deployProcessor: (device, code) => {
      if (!devices.some((d) => d.id === device)) throw new Error(`device ${device} is not served by this twin (restart npm start after generating it)`);
      return installProcessorCode(workDir, device, code);
    },
  });
  cleanups.push(health.close);
  log(`  ✓ health page on http://127.0.0.1:${options.healthPort}/ (JSON: /health.json)`);
  const batching = options.batch > 1 ? ` in messages of ${options.batch}` : '';
  log(`ready in ${((Date.now() - startedAt) / 1000).toFixed(1)} s — sending ${options.events ?? 'readings'} at ${options.rate}/s${batching}${options.faultRate ? `, fault rate ${options.faultRate}` : ''}; Ctrl-C stops`);

  const countTable = async (table) => {
    let total = 0;
    let startKey;
    do {
      const page = await dynamo.client.send(new ScanCommand({ TableName: table, Select: 'COUNT', ExclusiveStartKey: startKey }));
      total += page.Count ?? 0;
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    return total;
  };
  /** The spool file's lines: failure records kept while DynamoDB was unreachable. */
  const spoolLines = () => (existsSync(spoolFile) ? readFileSync(spoolFile, 'utf8').split('\n').filter((line) => line.trim() !== '') : []);
  const spooled = () => spoolLines().length;
  /** Parked readings by reason (failure table and spool file), for the summary. */
  const failedByReason = async () => {
    const reasons = {};
    const count = (reason = 'unknown') => (reasons[reason] = (reasons[reason] ?? 0) + 1);
    let startKey;
    do {
      const page = await dynamo.client.send(new ScanCommand({ TableName: failureTable, ProjectionExpression: '#r', ExpressionAttributeNames: { '#r': 'reason' }, ExclusiveStartKey: startKey }));
      for (const item of page.Items ?? []) count(item.reason?.S);
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    for (const line of spoolLines()) count(JSON.parse(line).reason);
    return reasons;
  };
  const refreshCounts = async () => {
    const [persisted, parked] = await Promise.all([countTable(hotTable), countTable(failureTable)]);
    counts.persisted = persisted;
    counts.failed = parked + spooled();
  };

  const simulator = startSimulator({
    client: lambda,
    functionName: `${twin}-dispatcher`,
    devices: devices.map((d) => d.id),
    rate: options.rate,
    events: options.events,
    batch: options.batch,
    maxInFlight: options.maxInFlight,
    settled: () => counts.persisted + counts.failed + counts.rejected,
    onSent: () => (counts.sent += 1),
    onSendError: () => (counts.rejected += 1),
  });
  cleanups.push(() => simulator.stop());
  simulator.done.then(() => (sendingDone = true));

  let lastProgressAt = Date.now();
  let lastSettled = 0;
  let live;
  // Counting scans both tables; as the hot table grows, scan less often (at most ~20% of the time).
  const tick = async () => {
    const scanStarted = Date.now();
    await refreshCounts().catch(() => undefined);
    const scanMs = Date.now() - scanStarted;
    const s = stats();
    const settled = s.persisted + s.failed;
    if (settled !== lastSettled) {
      lastSettled = settled;
      lastProgressAt = Date.now();
    }
    if (!options.json && process.stderr.isTTY) {
      process.stderr.write(`\r  sent ${s.sent}  persisted ${s.persisted}  failed ${s.failed}  in flight ${s.inFlight}  ${s.eventsPerSecond}/s   `);
    } else if (!options.json && Date.now() % 5000 < 500) {
      log(`  sent ${s.sent}  persisted ${s.persisted}  failed ${s.failed}  in flight ${s.inFlight}  ${s.eventsPerSecond}/s`);
    }
    if (options.exit && sendingDone) {
      if (s.inFlight === 0) return finish('settled');
      if (Date.now() - lastProgressAt > options.settleTimeoutS * 1000) return finish('settle timeout');
    }
    live = setTimeout(tick, Math.max(250, scanMs * 4));
  };
  live = setTimeout(tick, 250);
  cleanups.push(() => clearTimeout(live));
  var finish = async (why) => {
    finish = () => undefined;
    clearTimeout(live);
    await simulator.stop();
    await refreshCounts().catch(() => undefined);
    const s = stats();
    s.lost = Math.max(0, s.sent - s.persisted - s.failed) + s.rejectedAtSend;
    const reasons = s.failed > 0 ? await failedByReason().catch((err) => ({ [`failure store unreadable: ${err.message}`]: s.failed })) : {};
    if (options.json) {
      process.stdout.write(
        `${JSON.stringify({ sent: s.sent, persisted: s.persisted, failed: s.failed, lost: s.lost, durationMs: s.durationMs, eventsPerSecond: s.eventsPerSecond, failedByReason: reasons })}\n`,
      );
    } else {
      process.stderr.write('\n');
      console.table({ sent: s.sent, persisted: s.persisted, failed: s.failed, lost: s.lost, 'duration (s)': s.durationMs / 1000, 'readings/s': s.eventsPerSecond });
      const parked = Object.entries(reasons).map(([reason, n]) => `${n} ${reason}`).join(', ');
      log(`stopped (${why})${s.failed ? ` — parked: ${parked || 'see the failure store'}; list them with \`npm run failures -- list\`` : ''}`);
    }
    await shutdown(s.lost === 0 ? 0 : 1);
  };
} catch (err) {
  console.error(`npm start: ${err.message}`);
  await shutdown(1);
}
