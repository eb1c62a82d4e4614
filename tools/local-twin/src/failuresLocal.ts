// The failure store of the running local twin — `npm run failures -- list|replay|purge` without
// --stage / --queue-url, and the operator console, both through the functions below. `replay`
// sends each parked reading back into the pipeline at the stage that failed (dispatch →
// dispatcher, process → wrapper, persist → persister) and removes the records whose reading went
// on; a reading that fails again is parked again by the pipeline itself, so nothing is lost
// either way. `purge` removes the selected records.
import path from 'node:path';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { dispatcherFunctionName, failureTableName, hotTableName, persisterFunctionName, REPLAY_TARGETS, TwinflowError, wrapperFunctionName, type FailureStage, type ReplayRole } from '@twinflow/core';
import { DynamoFailureStore } from '@twinflow/runtime';
import { LOCAL_CREDENTIALS } from './dynamo';
import { readFailureRecords, type StoredFailureRecord } from './failureRecords';
import { printLocalList, printLocalPurge, printLocalReplay, type FailuresCommand } from './failuresReport';
import { findStored, recordReading } from './hotTableLookup';

/** The local twin's endpoints `npm start` listens on. */
export const LOCAL_DEFAULTS = { lambdaEndpoint: 'http://127.0.0.1:3002', dynamodbEndpoint: 'http://127.0.0.1:4567' } as const;
const REGION = 'eu-central-1';
const FUNCTION_OF_ROLE: Record<ReplayRole, (twin: string) => string> = { dispatcher: dispatcherFunctionName, wrapper: wrapperFunctionName, persister: persisterFunctionName };

/** Where the local failure store is, and the clients to reach it (the caller owns and destroys them). */
export interface LocalFailureStoreDeps {
  dynamo: DynamoDBClient;
  twin: string;
  /** Default core's `failureTableName(twin)`. */
  failureTable?: string;
  /** Default core's `hotTableName(twin)`: where "stored after all" is looked up (by key). */
  hotTable?: string;
  /** The spool file the services write to while DynamoDB is unreachable; its records are included. */
  spoolFile?: string;
}
/** Which records: all of them, or those of a reason, device and stage; at most `max` (oldest first). */
export type ParkedSelection = { reason?: string | undefined; device?: string | undefined; stage?: FailureStage | undefined; max?: number | undefined };
/** A parked record, with whether its reading is in the hot table after all (replay removes it, sends nothing). */
export type ParkedRecord = StoredFailureRecord & { storedAfterAll: boolean };
/** What {@link listParked} found: the selected records and how many the store holds in all. */
export type ParkedList = { total: number; records: ParkedRecord[] };
/** What a replay did; `--json` prints it as it is. */
export type LocalReplaySummary = { selected: number; replayed: number; failedAgain: number; duplicates: number; storedAlready: number; errors: number; wouldReplay?: number; dryRun?: true };
/** What a purge did; `--json` prints it as it is. */
export type LocalPurgeSummary = { selected: number; purged: number; dryRun: boolean };
/** Options of a replay: a dry run sends and removes nothing; `onError` hears of each record that could not be replayed. */
export type ReplayOptions = { dryRun?: boolean | undefined; onError?: (record: ParkedRecord, error: Error) => void };

/** The local failure store could not be read (the twin not running, say). */
export class FailureStoreReadError extends TwinflowError {
  public constructor(cause: unknown) {
    super(`cannot read the failure store (${(cause as Error | undefined)?.message ?? String(cause)})`, 'FAILURE_STORE_UNREADABLE', { cause, retryable: true });
  }
}

/**
 * The selected parked records, oldest first, each with whether its reading was stored after all
 * (its key looked up in the hot table, never a scan of it).
 *
 * @throws FailureStoreReadError when the store cannot be read
 * @example
 * ```ts
 * const { total, records } = await listParked({ dynamo, twin: 'demo' }, { reason: 'function-error' });
 * ```
 */
export function listParked(deps: LocalFailureStoreDeps, selection: ParkedSelection = {}): Promise<ParkedList> {
  return selectParked(deps, selection, true);
}

/** The selected records; `lookUp` false (a purge) leaves the hot table alone (`storedAfterAll` false). */
async function selectParked(deps: LocalFailureStoreDeps, selection: ParkedSelection, lookUp: boolean): Promise<ParkedList> {
  const { dynamo, twin } = deps;
  let all: StoredFailureRecord[];
  try {
    all = await readFailureRecords({ client: dynamo, table: deps.failureTable ?? failureTableName(twin), spoolFile: deps.spoolFile });
  } catch (err) {
    throw new FailureStoreReadError(err);
  }
  all.sort((a, b) => String(a.failedAt).localeCompare(String(b.failedAt)));
  const matching = all
    .filter((r) => (!selection.device || r.deviceId === selection.device) && (!selection.reason || r.reason === selection.reason) && (!selection.stage || r.stage === selection.stage))
    .slice(0, selection.max ?? Infinity);
  // A reading can be parked and stored after all (a hand-off that timed out but was delivered):
  // look its key up in the hot table, so such records are told apart and never replayed.
  const stored = lookUp ? await findStored(dynamo, deps.hotTable ?? hotTableName(twin), matching.map(recordReading)) : new Set<string>();
  return { total: all.length, records: matching.map((r) => ({ ...r, storedAfterAll: r.eventId !== undefined && stored.has(r.eventId) })) };
}

/**
 * Replays the selected parked readings, each synchronously to the service of the stage that
 * failed (core's REPLAY_TARGETS), and removes the records whose hand-off succeeded — a reading
 * the service parked again has a fresh record. A record whose reading is stored after all is
 * removed without sending anything. Exactly what `npm run failures -- replay` does locally.
 *
 * @throws FailureStoreReadError when the store cannot be read
 * @example
 * ```ts
 * const summary = await replayParked({ dynamo, lambda, twin: 'demo', spoolFile }, { device: 'thermostat-1' });
 * if (summary.errors > 0) console.error('some records are left in the store');
 * ```
 */
export async function replayParked(deps: LocalFailureStoreDeps & { lambda: LambdaClient }, selection: ParkedSelection & ReplayOptions = {}): Promise<LocalReplaySummary> {
  const { records: selected } = await listParked(deps, selection);
  return replayRecords(deps, selected, selection);
}

/**
 * Removes the selected parked records (none with `dryRun`).
 *
 * @throws FailureStoreReadError when the store cannot be read
 */
export async function purgeParked(deps: LocalFailureStoreDeps, selection: ParkedSelection & { dryRun?: boolean | undefined } = {}): Promise<LocalPurgeSummary> {
  const { records } = await selectParked(deps, selection, false);
  return purgeRecords(deps, records, selection.dryRun ?? false);
}

async function purgeRecords(deps: LocalFailureStoreDeps, records: readonly ParkedRecord[], dryRun: boolean): Promise<LocalPurgeSummary> {
  const outcome: LocalPurgeSummary = { selected: records.length, purged: 0, dryRun };
  if (!dryRun) {
    await storeOf(deps).remove(records.map((r) => r.id));
    outcome.purged = records.length;
  }
  return outcome;
}

async function replayRecords(deps: LocalFailureStoreDeps & { lambda: LambdaClient }, selected: readonly ParkedRecord[], { dryRun = false, onError }: ReplayOptions): Promise<LocalReplaySummary> {
  const outcome: LocalReplaySummary = { selected: selected.length, replayed: 0, failedAgain: 0, duplicates: 0, storedAlready: 0, errors: 0, ...(dryRun ? { wouldReplay: 0, dryRun: true as const } : {}) };
  const done: string[] = [];
  for (const record of selected) {
    if (record.storedAfterAll) {
      // Already in the hot table under its key and event id: nothing to send, the record is done.
      outcome.storedAlready += 1;
      outcome.duplicates += 1;
      done.push(record.id);
      continue;
    }
    if (dryRun) {
      outcome.wouldReplay = (outcome.wouldReplay ?? 0) + 1;
      continue;
    }
    try {
      const target = REPLAY_TARGETS[record.stage];
      if (target === undefined) throw new Error(`no replay target for stage ${JSON.stringify(record.stage)}`);
      const functionName = FUNCTION_OF_ROLE[target.role](deps.twin);
      const out = await deps.lambda.send(new InvokeCommand({ FunctionName: functionName, Payload: Buffer.from(JSON.stringify(target.payload(record.original))) }));
      const body = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || '{}') as { errorMessage?: string; duplicates?: number; failed?: number };
      if (out.FunctionError) throw new Error(`${functionName} failed: ${body.errorMessage ?? out.FunctionError}`);
      outcome.duplicates += body.duplicates ?? 0;
      if ((body.failed ?? 0) > 0) outcome.failedAgain += 1;
      else outcome.replayed += 1;
      // The reading went on, or the pipeline parked it again under a fresh record: either way this one is done.
      done.push(record.id);
    } catch (err) {
      outcome.errors += 1;
      onError?.(record, err instanceof Error ? err : new Error(String(err)));
    }
  }
  if (!dryRun) await storeOf(deps).remove(done);
  return outcome;
}

/** runtime's store over the caller's client: removes records from the table and the spool file. */
function storeOf(deps: LocalFailureStoreDeps): DynamoFailureStore {
  const client = DynamoDBDocumentClient.from(deps.dynamo, { marshallOptions: { removeUndefinedValues: true, convertClassInstanceToMap: true } });
  return new DynamoFailureStore({ tableName: deps.failureTable ?? failureTableName(deps.twin), client, ...(deps.spoolFile === undefined ? {} : { spoolFile: deps.spoolFile }) });
}

/** The CLI's options for the local store (see failures.ts). */
export type LocalCommandOptions = Omit<ParkedSelection, 'stage'> & {
  command: FailuresCommand;
  lambdaEndpoint?: string | undefined;
  dynamodbEndpoint?: string | undefined;
  spoolFile?: string | undefined;
  dryRun: boolean;
  json: boolean;
};

/**
 * Runs `options.command` on the local twin's failure store (`workspace` holds its default spool
 * file) and prints what it did; resolves with the exit code (1: a replay had errors).
 */
export async function runLocalCommand(options: LocalCommandOptions, twin: string, workspace: string): Promise<number> {
  const dynamodbEndpoint = options.dynamodbEndpoint ?? LOCAL_DEFAULTS.dynamodbEndpoint;
  const dynamo = new DynamoDBClient({ endpoint: dynamodbEndpoint, region: REGION, credentials: LOCAL_CREDENTIALS });
  const lambda = new LambdaClient({ endpoint: options.lambdaEndpoint ?? LOCAL_DEFAULTS.lambdaEndpoint, region: REGION, credentials: LOCAL_CREDENTIALS, maxAttempts: 3 });
  const deps = { dynamo, lambda, twin, spoolFile: options.spoolFile ?? path.join(workspace, 'tmp/local-twin/failures-spool.jsonl') };
  try {
    let parked: ParkedList;
    try {
      parked = await selectParked(deps, { device: options.device, reason: options.reason, max: options.max }, options.command !== 'purge');
    } catch (err) {
      if (!(err instanceof FailureStoreReadError)) throw err;
      throw new Error(`cannot read the failure store at ${dynamodbEndpoint} — is the local twin running (npm start)? (${(err.cause as Error | undefined)?.message ?? err.message})`);
    }
    if (options.command === 'list') {
      printLocalList(parked.records, parked.total, options);
      return 0;
    }
    if (options.command === 'purge') {
      printLocalPurge(await purgeRecords(deps, parked.records, options.dryRun), parked.total, options);
      return 0;
    }
    const onError = options.json ? undefined : (record: ParkedRecord, error: Error) => console.error(`replay of ${record.id} (${record.reason}) failed: ${error.message}`);
    const outcome = await replayRecords(deps, parked.records, { dryRun: options.dryRun, ...(onError ? { onError } : {}) });
    printLocalReplay(outcome, options);
    return outcome.errors > 0 ? 1 : 0;
  } finally {
    dynamo.destroy();
    lambda.destroy();
  }
}
