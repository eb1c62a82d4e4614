// The running twin as the operator console sees it: LocalTwin's state behind the console's
// ConsoleSources seam. Reads are cheap or by key; nothing here scans the hot table.
import { BatchGetItemCommand, type DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { type FailureRecord, type JsonObject, UnknownDeviceError } from '@twinflow/core';
import { replayParked } from './failuresLocal';
import { type ConsoleSources, type FunctionHealth, type FunctionMetrics, type ReplaySelection, type StoredReading, startHealthServer } from './health';
import type { LocalTwin } from './LocalTwin';

/** What the console needs from the runtime besides LocalTwin's public surface. */
export interface ConsoleDeps {
  port: number;
  failures: () => Promise<FailureRecord[]>;
  metrics: () => Record<string, unknown>;
  account: () => Promise<unknown>;
  dynamo: DynamoDBClient;
  lambda: LambdaClient;
}

/** Starts the console (health page, JSON, admin endpoints) over `twin`. */
export function startConsoleFor(twin: LocalTwin, deps: ConsoleDeps): ReturnType<typeof startHealthServer> {
  return startHealthServer({ port: deps.port, sources: consoleSources(twin, deps) });
}

function consoleSources(twin: LocalTwin, deps: ConsoleDeps): ConsoleSources {
  const names = twin.functionNames;
  return {
    twin: twin.twin,
    stage: 'dev',
    functionNames: names,
    hotTable: twin.hotTable,
    health: () => healthOf(deps.lambda, [names.dispatcher, names.wrapper, names.persister]),
    counts: () => twin.counts(),
    countsByDevice: () => twin.countsByDevice(),
    metrics: () => deps.metrics() as Record<string, FunctionMetrics>,
    newestReadings: () => newestReadings(deps.dynamo, twin.hotTable, twin.newestStored()),
    parked: () => deps.failures(),
    replay: (selection: ReplaySelection) =>
      replayParked({ dynamo: deps.dynamo, lambda: deps.lambda, twin: twin.twin, failureTable: twin.failureTable, spoolFile: twin.spoolFile }, selection),
    faults: () => twin.faults(),
    setFaults: (rate, devices, kinds) => twin.setFaults(rate, devices, kinds),
    dynamoAvailable: () => twin.dynamoAvailable(),
    setDynamoAvailable: (available) => twin.setDynamoAvailable(available),
    account: async () => (await deps.account()) as JsonObject,
    deployProcessor: async (device, zipPath, sha256) => {
      if (!twin.devices.some((d) => d.id === device)) throw new UnknownDeviceError(device);
      return twin.deployProcessor(device, zipPath, sha256);
    },
  };
}

/** Each function's answer to `{ action: 'health' }`, or why it could not be had. */
async function healthOf(lambda: LambdaClient, functionNames: readonly string[]): Promise<Record<string, FunctionHealth>> {
  const entries = await Promise.all(
    functionNames.map(async (name): Promise<[string, FunctionHealth]> => {
      try {
        const out = await lambda.send(new InvokeCommand({ FunctionName: name, Payload: Buffer.from('{"action":"health"}') }));
        return [name, JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8') || 'null') as FunctionHealth];
      } catch (error) {
        return [name, { status: 'unreachable', error: (error as Error).message }];
      }
    }),
  );
  return Object.fromEntries(entries);
}

/** The newest stored readings, read by key (never a scan of the hot table), in the order given. */
async function newestReadings(client: DynamoDBClient, table: string, keys: ReadonlyArray<{ deviceId: string; timestamp: string }>): Promise<StoredReading[]> {
  if (keys.length === 0) return [];
  const unique = [...new Map(keys.map((k) => [`${k.deviceId}|${k.timestamp}`, k])).values()].slice(0, 100);
  const out = await client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: unique.map((k) => ({ device_id: { S: k.deviceId }, timestamp: { S: k.timestamp } })) } } }));
  const items = (out.Responses?.[table] ?? []).map((item) => unmarshall(item) as StoredReading);
  const order = new Map(unique.map((k, i) => [`${k.deviceId}|${k.timestamp}`, i]));
  return items.sort((a, b) => (order.get(`${a.device_id}|${a.timestamp}`) ?? 0) - (order.get(`${b.device_id}|${b.timestamp}`) ?? 0));
}
