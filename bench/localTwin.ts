// The local twin as the benchmarks use it: a LocalTwin in this process (nothing sent but what the
// benchmark sends), and the hot table's items for latency figures.
import path from 'node:path';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { LOCAL_CREDENTIALS, LocalTwin, type TwinPorts } from '@twinflow/local-twin';

/** A stored reading as the benchmarks read it. */
export type HotItem = { device_id: string; timestamp: string; processed_at: string } & Record<string, unknown>;

/** What a pipeline benchmark needs from a twin, whichever way it runs. */
export interface BenchTwin {
  lambdaEndpoint: string;
  lambda: LocalTwin['lambda'];
  twinName: string;
  counts(): Promise<{ persisted: number; failed: number }>;
  /** Every item of the hot table (a benchmark's own table: the scan is the measurement). */
  items(): Promise<HotItem[]>;
  /** Keys (`device|timestamp`) of the readings in the failure store. */
  parkedKeys(): Promise<Set<string>>;
  stop(): Promise<void>;
}

/** Every item of `table`, through the SDK's paginator. */
export async function scanItems(endpoint: string, region: string, table: string): Promise<HotItem[]> {
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  try {
    const items: HotItem[] = [];
    for await (const page of paginateScan({ client }, { TableName: table })) items.push(...(page.Items ?? []).map((item) => unmarshall(item) as HotItem));
    return items;
  } finally {
    client.destroy();
  }
}

/** Keys (`device|timestamp`) of the failure records in `table` (a failure store on DynamoDB, as the twin keeps it). */
export async function scanParkedKeys(endpoint: string, region: string, table: string): Promise<Set<string>> {
  const records = (await scanItems(endpoint, region, table)) as Array<Record<string, unknown>>;
  return new Set(records.map((record) => `${String(record['deviceId'] ?? '')}|${String(record['timestamp'] ?? '')}`));
}

/** Starts a LocalTwin for a benchmark, in its own work directory; `twin` is the library object itself. */
export async function startLocalTwin({ workspace, ports, name = 'bench-twin' }: { workspace: string; ports: TwinPorts; name?: string }): Promise<BenchTwin & { twin: LocalTwin }> {
  const twin = await LocalTwin.start({ workspace, ports, workDir: path.join(workspace, 'tmp', name), logLevel: 'warn' });
  return {
    twin,
    twinName: twin.twin,
    lambdaEndpoint: twin.endpoints.lambda,
    lambda: twin.lambda,
    counts: async () => twin.counts(),
    items: () => scanItems(twin.endpoints.dynamodb, twin.region, twin.hotTable),
    parkedKeys: async () => new Set((await twin.failures()).map((record) => `${record.deviceId ?? ''}|${record.timestamp ?? ''}`)),
    stop: () => twin.stop(),
  };
}
