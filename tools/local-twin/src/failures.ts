// `npm run failures -- list|replay|purge [--stage S | --queue-url U] [...]`: the failure store —
// a deployed stage's SQS failure queue (failuresQueue.ts), or without --stage / --queue-url the
// running local twin's (failuresLocal.ts). This file reads the command line and dispatches; the
// entry at the bottom runs only when the file is executed (tsx), never when it is imported.
import path from 'node:path';
import { parseArgs } from 'node:util';
import { REGION_PATTERN, TwinflowError, assertStage, isDeviceId, loadTwinConfig } from '@twinflow/core';
import { LOCAL_DEFAULTS, runLocalCommand } from './failuresLocal';
import { QueueStageUnknownError, runQueueCommand } from './failuresQueue';
import type { FailuresCommand } from './failuresReport';

const WORKSPACE = path.resolve(__dirname, '../../..');

/** The help text (`-h`), also printed after a usage error. */
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
} as const;
const LOCAL_ONLY = ['lambda-endpoint', 'dynamodb-endpoint', 'spool-file'] as const;
const COMMANDS: readonly string[] = ['list', 'replay', 'purge'] satisfies FailuresCommand[];

/** The command line is not one `npm run failures` takes; the message says what is wrong (exit code 2). */
export class FailuresUsageError extends TwinflowError {
  public constructor(message: string) {
    super(message, 'FAILURES_USAGE');
  }
}

/** A command, read from the command line. */
export type FailuresOptions = {
  help?: false;
  command: FailuresCommand;
  /** `sqs` with --stage or --queue-url, else the local twin's store. */
  mode: 'sqs' | 'local';
  stage: string | undefined;
  queueUrl: string | undefined;
  region: string | undefined;
  lambdaEndpoint: string | undefined;
  dynamodbEndpoint: string | undefined;
  spoolFile: string | undefined;
  device: string | undefined;
  reason: string | undefined;
  max: number | undefined;
  dryRun: boolean;
  json: boolean;
};
/** What {@link parseFailuresArgs} reads: a command, or a request for help. */
export type FailuresArgs = { help: true } | FailuresOptions;

/**
 * Reads argv (after `failures.ts`), pure: no I/O, no defaults from the environment.
 *
 * @throws FailuresUsageError for bad input, its message naming the flag
 * @example
 * ```ts
 * parseFailuresArgs(['replay', '--reason', 'function-error', '--max', '10']);
 * // → { command: 'replay', mode: 'local', reason: 'function-error', max: 10, dryRun: false, json: false, ... }
 * ```
 */
export function parseFailuresArgs(argv: readonly string[]): FailuresArgs {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (err) {
    throw new FailuresUsageError((err as Error).message);
  }
  const { values, positionals } = parsed;
  if (values.help) return { help: true };
  const [command, ...extra] = positionals;
  if (command === undefined || !COMMANDS.includes(command)) throw new FailuresUsageError(`expected "list", "replay" or "purge", got ${JSON.stringify(command ?? '')}`);
  if (extra.length > 0) throw new FailuresUsageError(`unexpected argument ${JSON.stringify(extra[0])}`);
  const sqs = values.stage !== undefined || values['queue-url'] !== undefined;
  if (sqs) {
    const local = LOCAL_ONLY.find((name) => values[name] !== undefined);
    if (local) throw new FailuresUsageError(`--${local} is for the local twin; with --stage / --queue-url the SDK's endpoints apply (AWS_ENDPOINT_URL_…)`);
  } else if (values.region !== undefined) {
    throw new FailuresUsageError('--region needs --stage or --queue-url (the local twin has its own endpoints)');
  }
  if (values.stage !== undefined) {
    try {
      assertStage(values.stage);
    } catch (err) {
      throw new FailuresUsageError(`--stage: ${(err as Error).message}`);
    }
  }
  if (values.region !== undefined && !REGION_PATTERN.test(values.region)) throw new FailuresUsageError(`--region: expected an AWS region such as eu-central-1, got ${JSON.stringify(values.region)}`);
  if (values['queue-url'] !== undefined && !/^https?:\/\/[^/]+\/.+/.test(values['queue-url'])) {
    throw new FailuresUsageError(`--queue-url: expected an SQS queue URL such as https://sqs.eu-central-1.amazonaws.com/123456789012/demo-failures, got ${JSON.stringify(values['queue-url'])}`);
  }
  if (values.device !== undefined && !isDeviceId(values.device)) throw new FailuresUsageError(`--device: ${JSON.stringify(values.device)} is not a valid device id`);
  if (values.reason !== undefined && values.reason.trim() === '') throw new FailuresUsageError('--reason: expected a reason such as function-error');
  let max: number | undefined;
  if (values.max !== undefined) {
    max = Number(values.max);
    if (!/^\d+$/.test(values.max) || !Number.isSafeInteger(max) || max < 1) throw new FailuresUsageError(`--max: expected a positive integer, got ${JSON.stringify(values.max)}`);
  }
  return {
    command: command as FailuresCommand,
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

/** Runs one command; never throws. Resolves with the exit code: 0 done, 1 errors, 2 bad usage (after the message and USAGE on stderr). */
export async function main(argv: readonly string[], workspace: string = WORKSPACE): Promise<number> {
  try {
    const options = parseFailuresArgs(argv);
    if (options.help) {
      console.log(USAGE);
      return 0;
    }
    const twinConfig = loadTwinConfig(path.join(workspace, 'config/twin.json'));
    if (options.mode === 'local') return await runLocalCommand(options, twinConfig.twinName, workspace);
    const summary = await runQueueCommand(options, twinConfig);
    return (summary.errors ?? 0) > 0 ? 1 : 0;
  } catch (err) {
    if (err instanceof FailuresUsageError || err instanceof QueueStageUnknownError) {
      console.error(`failures: ${err.message}\n\n${USAGE}`);
      return 2;
    }
    console.error(`failures: ${(err as Error).message}`);
    return 1;
  }
}

if (require.main === module) {
  void main(process.argv.slice(2)).then((code) => (process.exitCode = code));
}
