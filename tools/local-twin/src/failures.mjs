#!/usr/bin/env node
// `npm run failures -- list|replay|purge [--stage S | --queue-url U] [...]`: the failure store —
// a deployed stage's SQS failure queue (failuresQueue.mjs), or without --stage / --queue-url the
// running local twin's (failuresLocal.mjs). This file reads the command line and dispatches.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { REGION_PATTERN, assertStage, isDeviceId, loadTwinConfig } from '@twinflow/core';
import { runLocalCommand, LOCAL_DEFAULTS } from './failuresLocal.mjs';
import { runQueueCommand } from './failuresQueue.mjs';

const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');

export const USAGE = `Usage: npm run failures -- <list|replay|purge> [where] [selection] [output]

  list      what is parked: each message's shape, reason, function, devices, and whether its
            readings were stored after all (the queue is left as it was)
  replay    send each parked reading back to the function that failed (an IoT message to the
            dispatcher), synchronously; a message is deleted only once its hand-off succeeded
            (a reading stored after all is not sent again: its message is deleted as done)
  purge     delete the selected messages (unreadable ones are always left and reported)

Where (default: the running local twin, npm start):
  --stage S          the SQS failure queue of stage S ({twin}-failures, {twin}-failures-S)
  --queue-url URL    that SQS queue; the stage comes from its name unless --stage is given
  --region R         AWS region (default: the SDK's own, AWS_REGION / profile; else config/twin.json)
                     Credentials and endpoints are the SDK's defaults (AWS_PROFILE, AWS_ENDPOINT_URL,
                     AWS_ENDPOINT_URL_SQS / _LAMBDA / _DYNAMODB for an emulated account).
  --lambda-endpoint URL    local twin only (default ${LOCAL_DEFAULTS.lambdaEndpoint})
  --dynamodb-endpoint URL  local twin only (default ${LOCAL_DEFAULTS.dynamodbEndpoint})
  --spool-file FILE        local twin only (default tmp/local-twin/failures-spool.jsonl)

Selection:
  --device ID        only readings of this device
  --reason R         only this reason (e.g. function-error, retries-exhausted, iot-rule-error)
  --max N            at most N messages (records)

Output:
  --dry-run          report what would be replayed or purged; send and delete nothing
  --json             one JSON summary line on stdout (progress still goes to stderr)
  -h, --help         this help

Exit code: 0 done, 1 a replay (or delete) had errors or the store could not be read, 2 bad usage.`;

const OPTIONS = {
  stage: { type: 'string' },
  'queue-url': { type: 'string' },
  region: { type: 'string' },
  'lambda-endpoint': { type: 'string' },
  'dynamodb-endpoint': { type: 'string' },
  'spool-file': { type: 'string' },
  device: { type: 'string' },
  reason: { type: 'string' },
  max: { type: 'string' },
  'dry-run': { type: 'boolean', default: false },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
};
const LOCAL_ONLY = ['lambda-endpoint', 'dynamodb-endpoint', 'spool-file'];
const COMMANDS = ['list', 'replay', 'purge'];

class UsageError extends Error {}

/** Parses argv (after `node failures.mjs`); throws UsageError for bad input. */
export function parseFailuresArgs(argv) {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new UsageError(err.message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [command, ...extra] = positionals;
  if (!COMMANDS.includes(command)) throw new UsageError(`expected "list", "replay" or "purge", got ${JSON.stringify(command ?? '')}`);
  if (extra.length > 0) throw new UsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const sqs = values.stage !== undefined || values['queue-url'] !== undefined;
  if (sqs) {
    const local = LOCAL_ONLY.find((name) => values[name] !== undefined);
    if (local) throw new UsageError(`--${local} is for the local twin; with --stage / --queue-url the SDK's endpoints apply (AWS_ENDPOINT_URL_…)`);
  } else if (values.region !== undefined) {
    throw new UsageError('--region needs --stage or --queue-url (the local twin has its own endpoints)');
  }
  if (values.stage !== undefined) {
    try {
      assertStage(values.stage);
    } catch (err) {
      throw new UsageError(`--stage: ${err.message}`);
    }
  }
  if (values.region !== undefined && !REGION_PATTERN.test(values.region)) throw new UsageError(`--region: expected an AWS region such as eu-central-1, got ${JSON.stringify(values.region)}`);
  if (values['queue-url'] !== undefined && !/^https?:\/\/[^/]+\/.+/.test(values['queue-url'])) {
    throw new UsageError(`--queue-url: expected an SQS queue URL such as https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures, got ${JSON.stringify(values['queue-url'])}`);
  }
  if (values.device !== undefined && !isDeviceId(values.device)) throw new UsageError(`--device: ${JSON.stringify(values.device)} is not a valid device id`);
  if (values.reason !== undefined && values.reason.trim() === '') throw new UsageError('--reason: expected a reason such as function-error');
  let max;
  if (values.max !== undefined) {
    max = Number(values.max);
    if (!/^\d+$/.test(values.max) || !Number.isSafeInteger(max) || max < 1) throw new UsageError(`--max: expected a positive integer, got ${JSON.stringify(values.max)}`);
  }
  return {
    command,
    mode: sqs ? 'sqs' : 'local',
    stage: values.stage,
    queueUrl: values['queue-url'],
    region: values.region,
    lambdaEndpoint: values['lambda-endpoint'],
    dynamodbEndpoint: values['dynamodb-endpoint'],
    spoolFile: values['spool-file'],
    device: values.device,
    reason: values.reason,
    max,
    dryRun: values['dry-run'],
    json: values.json,
  };
}

async function main() {
  const options = parseFailuresArgs(process.argv.slice(2));
  if (options.help) return void console.log(USAGE);
  const twinConfig = loadTwinConfig(path.join(workspace, 'config/twin.json'));
  if (options.mode === 'local') return runLocalCommand(options, twinConfig.twinName, workspace);
  const summary = await runQueueCommand(options, twinConfig);
  if (summary.errors > 0) process.exitCode = 1;
  return undefined;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((err) => {
    if (err instanceof UsageError || err.usage) {
      console.error(`failures: ${err.message}\n\n${USAGE}`);
      process.exit(2);
    }
    console.error(`failures: ${err.message}`);
    process.exit(1);
  });
}
