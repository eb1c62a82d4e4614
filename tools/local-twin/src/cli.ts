// `npm start`: the whole twinflow pipeline on this machine (a LocalTwin), a telemetry simulator,
// live progress, and on --exit an account of every reading checked against both tables.
// Exit codes: 0 every accepted reading accounted for; 1 a reading lost or refused, a component
// died, a start-up failure; 2 bad options; 129/130 a SIGHUP / Ctrl-C or SIGTERM before the twin was up.
import path from 'node:path';
import { ConfigError } from '@twinflow/core';
import { SettleTimeoutError, TwinComponentDiedError, TwinOptionError } from './errors';
import { LocalTwin } from './LocalTwin';
import { type CliOptions, HELP, parseOptions } from './options';

type Account = Awaited<ReturnType<LocalTwin['account']>>;
type StopReason = 'settled' | 'interrupted' | 'terminated' | 'hangup' | 'output closed' | 'endpoint died' | 'dynamodb died' | 'settle timeout';

const SIGNAL_EXIT: Partial<Record<StopReason, number>> = { interrupted: 130, terminated: 130, hangup: 129 };
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

// The AWS SDK warns about Node 20 on every client; the twin runs where the project's Node runs.
process.removeAllListeners('warning');
process.on('warning', (warning) => {
  const nodeVersionNotice = warning.name === 'NodeVersionSupportWarning' || warning.message.startsWith('NodeVersionSupportWarning');
  if (!nodeVersionNotice) process.stderr.write(`${warning.name}: ${warning.message}\n`);
});

let early: StopReason | undefined;
let onStop: (why: StopReason) => void = (why) => (early ??= why);

/** Runs `npm start` with `argv`; resolves with the exit code. */
export async function main(argv: readonly string[]): Promise<number> {
  // A reader of our output going away (`npm start | head`) stops the twin like Ctrl-C.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE') onStop('output closed');
    });
  }
  let options: CliOptions;
  try {
    options = parseOptions(argv);
  } catch (error) {
    console.error(`npm start: ${(error as Error).message}`);
    return 2;
  }
  if (options.help) {
    await new Promise<void>((resolve) => process.stdout.write(HELP, () => resolve()));
    return 0;
  }
  const log = (line: string): void => {
    if (!options.json) process.stderr.write(`${line}\n`);
  };

  // A signal before the twin is up stops it as soon as it is (LocalTwin.start cleans up what it began).
  process.once('SIGINT', () => onStop('interrupted'));
  process.once('SIGTERM', () => onStop('terminated'));
  // Closing the terminal stops the twin like Ctrl-C: every child goes with it (the endpoint also
  // watches for a twin that died outright).
  process.once('SIGHUP', () => onStop('hangup'));

  let twin: LocalTwin;
  try {
    twin = await LocalTwin.start({
      ports: { lambda: options.lambdaPort, dynamodb: options.dynamodbPort, health: options.healthPort },
      faultRate: options.faultRate,
      ...(options.workDir ? { workDir: path.resolve(options.workDir) } : {}),
      ...(options.dynamodbBackend ? { dynamodbBackend: options.dynamodbBackend } : {}),
      log,
    });
  } catch (error) {
    console.error(`npm start: ${(error as Error).message}`);
    return error instanceof TwinOptionError ? 2 : 1;
  }
  if (early) {
    await twin.stop();
    return SIGNAL_EXIT[early] ?? 1;
  }

  const batching = options.batch > 1 ? ` in messages of ${options.batch}` : '';
  log(`ready in ${((Date.now() - twin.startedAt) / 1000).toFixed(1)} s — sending ${options.events ?? 'readings'} at ${options.rate}/s${batching}${options.faultRate ? `, fault rate ${options.faultRate}` : ''}; Ctrl-C stops`);
  const simulation = twin.simulate({ rate: options.rate, events: options.events, batch: options.batch, maxInFlight: options.maxInFlight });

  const stopped = new Promise<{ why: StopReason; problem?: string }>((resolve) => {
    onStop = (why) => resolve({ why });
    void twin.ended.then(({ error }) => resolve({ why: error.component === 'endpoint' ? 'endpoint died' : 'dynamodb died', problem: error.message }));
    if (options.exit) {
      void simulation.done
        .then(() => twin.waitUntilSettled({ settleTimeoutS: options.settleTimeoutS }))
        .then(
          () => resolve({ why: 'settled' }),
          (error: unknown) => {
            if (error instanceof SettleTimeoutError) resolve({ why: 'settle timeout', problem: error.message });
            else if (!(error instanceof TwinComponentDiedError)) resolve({ why: 'settle timeout', problem: (error as Error).message });
          },
        );
    }
  });

  const progress = setInterval(() => {
    const s = twin.counts();
    const line = `  sent ${s.sent}  stored ${s.persisted}  parked ${s.failed}  both ${s.storedAndParked}  in flight ${s.inFlight}  ${s.eventsPerSecond}/s`;
    if (!options.json && process.stderr.isTTY) process.stderr.write(`\r${line}   `);
    else if (!options.json && Date.now() % 5000 < 250) log(line);
  }, 250);

  const { why, problem } = await stopped;
  clearInterval(progress);
  await simulation.stop();
  if (problem) process.stderr.write(`\nnpm start: ${problem}\n`);
  // Interrupted: nothing more is sent, but what is in flight may still settle (a second Ctrl-C stops at once).
  if (why === 'interrupted' || why === 'terminated') await drainInFlight(twin, 10_000, log);
  let account: Account | undefined;
  try {
    account = await twin.account();
  } catch (error) {
    process.stderr.write(`npm start: the final account could not read the tables (${(error as Error).message}); every unsettled reading counts as lost\n`);
  }
  printSummary(twin, account, why, options, log);
  await twin.stop();
  const lost = account === undefined ? twin.readings().filter((r) => r.status === 'unsettled').length : account.lost;
  const failed = why === 'endpoint died' || why === 'dynamodb died' || why === 'settle timeout' || lost > 0 || twin.counts().rejectedAtSend > 0;
  // Stopped once running (Ctrl-C, SIGHUP, ...): the account decides, as for --exit.
  return failed ? 1 : 0;
}

/** Waits (at most `limitMs`, or until a second signal) for the readings in flight to settle. */
async function drainInFlight(twin: LocalTwin, limitMs: number, log: (line: string) => void): Promise<void> {
  let hurry = false;
  process.once('SIGINT', () => (hurry = true));
  process.once('SIGTERM', () => (hurry = true));
  const until = Date.now() + limitMs;
  let told = false;
  while (!hurry && Date.now() < until) {
    const { inFlight } = twin.counts();
    if (inFlight === 0) return;
    if (!told) log(`\nstopping: waiting up to ${limitMs / 1000} s for ${inFlight} reading(s) in flight (Ctrl-C again to stop now)`);
    told = true;
    await sleep(200);
  }
}

function printSummary(twin: LocalTwin, account: Account | undefined, why: StopReason, options: CliOptions, log: (line: string) => void): void {
  const c = twin.counts();
  // The tables could not be read: every reading not settled by then counts as lost, by id.
  const unsettled = twin.readings().filter((r) => r.status === 'unsettled').map((r) => r.eventId);
  const s = account ?? { ...c, lost: unsettled.length, missing: unsettled, rejected: twin.rejectedIds(), failedByReason: {}, storedAndParkedByReason: {} };
  const { sent, accepted, rejectedAtSend, persisted, failed, storedAndParked, lost, missing, durationMs, eventsPerSecond, failedByReason, storedAndParkedByReason } = s;
  if (options.json) {
    const line = { sent, persisted, failed, lost, durationMs, eventsPerSecond, failedByReason, accepted, rejectedAtSend, storedAndParked, storedAndParkedByReason, missing, rejected: s.rejected, runId: twin.runId, stopped: why };
    process.stdout.write(`${JSON.stringify(line)}\n`);
    return;
  }
  process.stderr.write('\n');
  console.table({ sent, accepted, 'rejected at send': rejectedAtSend, stored: persisted, parked: failed, 'stored and parked': storedAndParked, lost, 'duration (s)': durationMs / 1000, 'readings/s': eventsPerSecond });
  const parked = Object.entries(failedByReason as Record<string, number>).map(([reason, n]) => `${n} ${reason}`).join(', ');
  const notes: string[] = [];
  if (failed) notes.push(`parked: ${parked}; list them with \`npm run failures -- list\``);
  if (storedAndParked) notes.push(`${storedAndParked} reading(s) were parked but stored after all (replay counts them as duplicates)`);
  if (lost) notes.push(`lost (in neither table): ${missing.slice(0, 10).join(', ')}${lost > 10 ? ` and ${lost - 10} more` : ''}`);
  log(`stopped (${why})${notes.length ? ` — ${notes.join('; ')}` : ''}`);
}

/** Runs `npm start` and exits with its code (the entry, bin/start.cjs, calls this). */
export function runCli(argv: readonly string[]): void {
  main(argv).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(`npm start: ${error instanceof ConfigError ? error.message : (error as Error).stack}`);
      process.exit(1);
    },
  );
}
