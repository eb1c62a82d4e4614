import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { readHealth, repoRoot, waitFor, type HealthJson, type RunningTwin } from './twinProcess';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const failuresCli = path.join(repoRoot, 'tools/local-twin/src/failures.mjs');

/** Items of a table (optionally one device's), with their `device|timestamp` (or `device|id`) keys. */
export async function countItems(endpoint: string, table: string, filter?: { device: string }): Promise<{ count: number; keys: Set<string> }> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials });
  const keys = new Set<string>();
  let count = 0;
  let startKey: Record<string, never> | undefined;
  do {
    const page = await client.send(
      new ScanCommand({
        TableName: table,
        ExclusiveStartKey: startKey,
        ...(filter ? { FilterExpression: 'device_id = :d', ExpressionAttributeValues: { ':d': { S: filter.device } } } : {}),
      }),
    );
    for (const item of page.Items ?? []) {
      count += 1;
      keys.add(`${item['device_id']?.S}|${item['timestamp']?.S ?? item['id']?.S}`);
    }
    startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
  } while (startKey);
  client.destroy();
  return { count, keys };
}

/** Parked readings by reason, as `npm run failures -- list --json` reports them. */
export async function failureReasons(twin: RunningTwin): Promise<Record<string, number>> {
  const out = execFileSync(process.execPath, [failuresCli, 'list', '--json', '--dynamodb-endpoint', twin.endpoints.dynamodb], {
    cwd: repoRoot,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  const reasons: Record<string, number> = {};
  for (const record of JSON.parse(out) as Array<{ reason: string }>) reasons[record.reason] = (reasons[record.reason] ?? 0) + 1;
  return reasons;
}

/** `PUT /admin/faults`: the processors' fault rates. */
export async function setFaults(twin: RunningTwin, body: object): Promise<void> {
  const response = await fetch(`${twin.endpoints.health}/admin/faults`, { method: 'PUT', body: JSON.stringify(body) });
  expect(response.status).toBe(200);
}

/** What one `npm run failures -- replay --json` did. */
export interface ReplayRound {
  selected: number;
  replayed: number;
  failedAgain: number;
  /** Records of readings found stored after all: removed, not sent, counted as duplicates. */
  storedAlready: number;
  duplicates: number;
  errors: number;
}

/**
 * Replays the failure store until no replayed reading fails again (at most `maxRounds`), waiting
 * out the circuit breaker's 30 s cool-down between rounds for readings an open circuit parked anew.
 */
export async function replayAll(twin: RunningTwin, maxRounds = 3): Promise<ReplayRound[]> {
  const rounds: ReplayRound[] = [];
  for (let round = 0; round < maxRounds; round += 1) {
    // Asynchronously: the twin's tables may live in this very process (a test's own dynalite).
    const { stdout: out } = await promisify(execFile)(process.execPath, [failuresCli, 'replay', '--json', '--lambda-endpoint', twin.endpoints.lambda, '--dynamodb-endpoint', twin.endpoints.dynamodb], {
      cwd: repoRoot,
      encoding: 'utf8',
      maxBuffer: 256 * 1024 * 1024,
    });
    const result = JSON.parse(out) as ReplayRound;
    rounds.push(result);
    if (result.failedAgain === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 31_000));
  }
  return rounds;
}

/**
 * Waits until all `total` readings were sent and each is persisted or parked. At least once: a
 * reading can be both (a hand-off retried after a timeout), never neither.
 */
export async function waitSettled(twin: RunningTwin, total: number, timeoutMs = 180_000): Promise<HealthJson['counts']> {
  return waitFor(
    async () => {
      const { counts } = await readHealth(twin);
      return counts.sent === total && counts.persisted + counts.failed >= total ? counts : undefined;
    },
    timeoutMs,
    `${total} readings settled`,
  );
}

/** Waits until the hot table holds `total` items and the failure store none (after a replay). */
export async function waitDrained(twin: RunningTwin, total: number): Promise<{ count: number; keys: Set<string> }> {
  return waitFor(
    async () => {
      const hot = await countItems(twin.endpoints.dynamodb, 'demo-hot');
      const parked = await countItems(twin.endpoints.dynamodb, 'demo-failures');
      return hot.count === total && parked.count === 0 ? hot : undefined;
    },
    60_000,
    'the failure store drained into the hot table',
  );
}
