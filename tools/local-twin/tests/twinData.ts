/**
 * What the in-process suites read from a running LocalTwin besides its own counts: the tables'
 * items, the wrapper's health report, and the failure store through the library's own
 * listParked / replayParked (what `npm run failures` runs locally).
 */
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LOCAL_CREDENTIALS, type LocalTwin, listParked, replayParked } from '@twinflow/local-twin';
import { waitFor } from './twinProcess';

/** Items of the twin's hot table (optionally one device's), with their `device|timestamp` keys. */
export async function storedItems(twin: LocalTwin, filter?: { device: string }): Promise<{ count: number; keys: Set<string> }> {
  const client = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: twin.region, credentials: LOCAL_CREDENTIALS });
  const keys = new Set<string>();
  let count = 0;
  let startKey: Record<string, never> | undefined;
  try {
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: twin.hotTable,
          ExclusiveStartKey: startKey,
          ...(filter ? { FilterExpression: 'device_id = :d', ExpressionAttributeValues: { ':d': { S: filter.device } } } : {}),
        }),
      );
      for (const item of page.Items ?? []) {
        count += 1;
        keys.add(`${item['device_id']?.S}|${item['timestamp']?.S}`);
      }
      startKey = page.LastEvaluatedKey as Record<string, never> | undefined;
    } while (startKey);
  } finally {
    client.destroy();
  }
  return { count, keys };
}

/** A processor component as the wrapper's health report gives it. */
export type ProcessorComponent = { status: string; circuit: string; totalRequests?: number };

/** The wrapper's answer to `{ action: 'health' }`: its processors by function name. */
export async function wrapperComponents(twin: LocalTwin): Promise<Record<string, ProcessorComponent>> {
  const out = await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.wrapper, Payload: Buffer.from('{"action":"health"}') }));
  const report = JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as { components?: Record<string, ProcessorComponent> };
  return report.components ?? {};
}

/** The wrapper's report of `device`'s processor. */
export async function processorComponent(twin: LocalTwin, device: string): Promise<ProcessorComponent | undefined> {
  return (await wrapperComponents(twin))[twin.functionNames.processors[device] ?? ''];
}

/** Runs `use` with the failure store's dependencies over a client of its own. */
async function withStore<T>(twin: LocalTwin, use: (deps: Parameters<typeof replayParked>[0]) => Promise<T>): Promise<T> {
  const dynamo = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: twin.region, credentials: LOCAL_CREDENTIALS });
  try {
    return await use({ dynamo, lambda: twin.lambda, twin: twin.twin, failureTable: twin.failureTable, hotTable: twin.hotTable, spoolFile: twin.spoolFile });
  } finally {
    dynamo.destroy();
  }
}

/** Parked records by reason, as `npm run failures -- list` finds them (listParked). */
export function failureReasons(twin: LocalTwin): Promise<Record<string, number>> {
  return withStore(twin, async (deps) => {
    const reasons: Record<string, number> = {};
    for (const record of (await listParked(deps)).records) reasons[record.reason] = (reasons[record.reason] ?? 0) + 1;
    return reasons;
  });
}

/** What one replay did (replayParked's summary). */
export type ReplayRound = Awaited<ReturnType<typeof replayParked>>;

/** One replay of the selected parked readings, as `npm run failures -- replay` does it (replayParked). */
export function replayOnce(twin: LocalTwin, selection: Parameters<typeof replayParked>[1] = {}): Promise<ReplayRound> {
  return withStore(twin, (deps) => replayParked(deps, selection));
}

/**
 * Replays the failure store until no replayed reading fails again (at most `maxRounds`), waiting
 * out the circuit breaker's 30 s cool-down between rounds for readings an open circuit parked anew.
 */
export async function replayAll(twin: LocalTwin, maxRounds = 3): Promise<ReplayRound[]> {
  const rounds: ReplayRound[] = [];
  for (let round = 0; round < maxRounds; round += 1) {
    const result = await replayOnce(twin);
    rounds.push(result);
    if (result.failedAgain === 0) break;
    await new Promise((resolve) => setTimeout(resolve, 31_000));
  }
  return rounds;
}

/** Waits until the hot table holds `total` items and the failure store (table and spool) none. */
export async function waitDrained(twin: LocalTwin, total: number): Promise<{ count: number; keys: Set<string> }> {
  let last = { stored: 0, parked: 0 };
  return waitFor(
    async () => {
      const hot = await storedItems(twin);
      const parked = (await twin.failures()).length;
      last = { stored: hot.count, parked };
      return hot.count === total && parked === 0 ? hot : undefined;
    },
    60_000,
    () => `the failure store drained into the hot table (${total} items; last ${JSON.stringify(last)})`,
  );
}
