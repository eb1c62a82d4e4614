/**
 * An oracle independent of the twin's own accounting: its own readings with its own ids, sent to
 * the dispatcher like any other sender, then both tables and the spool file read and matched
 * reading by reading. Nothing here reads the twin's counters.
 */
import { existsSync, readFileSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { DynamoDBClient, paginateScan } from '@aws-sdk/client-dynamodb';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { waitFor } from './twinProcess';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const region = 'eu-central-1';

/** Where the oracle reads: a DynamoDB endpoint, the twin's two tables and its spool file. */
export interface OracleStore {
  dynamodb: string;
  hotTable: string;
  failureTable: string;
  spoolFile?: string;
}

/**
 * A dynalite of the test's own, so the tables outlive the twin (`--dynamodb-backend`), reached
 * through a TCP relay: `stop()` makes it unreachable (relay closed, connections dropped, data
 * kept). `endpoint` is the relay, `dataEndpoint` dynalite itself (always reachable, for the oracle).
 */
export async function startBackend(): Promise<{ endpoint: string; dataEndpoint: string; stop: () => Promise<void>; close: () => Promise<void> }> {
  const dynalite = require('dynalite') as (options: object) => Server;
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  const dataPort = await listenOn(server, 0);
  const sockets = new Set<Socket>();
  const relay = createServer((client) => {
    const upstream = connect(dataPort, '127.0.0.1');
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => undefined);
    }
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
    client.pipe(upstream).pipe(client);
  });
  const port = await listenOn(relay, 0);
  let listening = true;
  const stop = async (): Promise<void> => {
    if (!listening) return;
    listening = false;
    const closed = new Promise<void>((resolve) => relay.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    await closed;
  };
  return {
    endpoint: `http://127.0.0.1:${port}`,
    dataEndpoint: `http://127.0.0.1:${dataPort}`,
    stop,
    close: async () => {
      await stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function listenOn(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const address = server.address();
      resolve(typeof address === 'object' && address !== null ? address.port : 0);
    });
  });
}

export interface OracleReading {
  eventId: string;
  deviceId: string;
  /** Absent for a reading sent without a time (the dispatcher gives it its receive time). */
  timestamp?: string;
  message: Record<string, unknown>;
}

/**
 * `count` readings with ids `${prefix}-${n}`, alternating thermostat-1 / pressure-sensor-1, unique
 * timestamps per device; every `untimedEvery`-th one carries no time.
 */
export function oracleReadings(prefix: string, count: number, { untimedEvery = 0, base = Date.UTC(2026, 11, 1, 6) } = {}): OracleReading[] {
  return Array.from({ length: count }, (_, n) => {
    const deviceId = n % 2 === 0 ? 'thermostat-1' : 'pressure-sensor-1';
    const untimed = untimedEvery > 0 && n % untimedEvery === untimedEvery - 1;
    const timestamp = untimed ? undefined : new Date(base + n).toISOString();
    const values = deviceId === 'thermostat-1' ? { temperature: 60 + (n % 30), humidity: 40 } : { pressure: 700 + (n % 90) };
    const message = { device_id: deviceId, eventId: `${prefix}-${n}`, ...(timestamp ? { timestamp } : {}), ...values, nonce: `${prefix}-${n}` };
    return { eventId: `${prefix}-${n}`, deviceId, ...(timestamp ? { timestamp } : {}), message };
  });
}

/**
 * Sends each message as its own asynchronous invocation of the dispatcher, `concurrency` at a
 * time and otherwise as fast as the endpoint takes them (no pacing). Accepted = answered 202.
 */
export async function sendAll({ lambda: lambdaEndpoint, dispatcher }: { lambda: string; dispatcher: string }, messages: unknown[], concurrency = 64): Promise<{ accepted: number[]; refused: number[] }> {
  const lambda = new LambdaClient({ endpoint: lambdaEndpoint, region, credentials, maxAttempts: 1 });
  const accepted: number[] = [];
  const refused: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < messages.length) {
      const index = next++;
      try {
        const out = await lambda.send(new InvokeCommand({ FunctionName: dispatcher, InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(messages[index])) }));
        (out.StatusCode === 202 ? accepted : refused).push(index);
      } catch {
        refused.push(index);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  lambda.destroy();
  return { accepted, refused };
}

/** Every item of a table, unmarshalled. */
export async function scanAll(dynamodbEndpoint: string, table: string): Promise<Array<Record<string, unknown>>> {
  const client = new DynamoDBClient({ endpoint: dynamodbEndpoint, region, credentials });
  const items: Array<Record<string, unknown>> = [];
  for await (const page of paginateScan({ client }, { TableName: table })) items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
  client.destroy();
  return items;
}

/** Where each reading stands, by identity. */
export interface Account {
  stored: Set<string>;
  parked: Set<string>;
  both: Set<string>;
  missing: Set<string>;
  /** Event ids held by more than one hot-table item. */
  storedTwice: Set<string>;
  /** Failure records, with `reason`, by event id. */
  records: Map<string, Array<{ reason: string; stage: string }>>;
  /** Hot-table items by event id. */
  items: Map<string, Array<Record<string, unknown>>>;
}

/** Reads the hot table, the failure table and the spool file, and settles each of `eventIds`. */
export async function accountFor({ dynamodb, hotTable, failureTable, spoolFile }: OracleStore, eventIds: Iterable<string>): Promise<Account> {
  const hot = await scanAll(dynamodb, hotTable);
  const failures: Array<Record<string, unknown>> = await scanAll(dynamodb, failureTable);
  if (spoolFile && existsSync(spoolFile)) {
    for (const line of readFileSync(spoolFile, 'utf8').split('\n')) if (line.trim() !== '') failures.push(JSON.parse(line) as Record<string, unknown>);
  }
  const items = new Map<string, Array<Record<string, unknown>>>();
  for (const item of hot) items.set(String(item['event_id']), [...(items.get(String(item['event_id'])) ?? []), item]);
  const records = new Map<string, Array<{ reason: string; stage: string }>>();
  for (const record of failures) {
    const id = String(record['eventId']);
    records.set(id, [...(records.get(id) ?? []), { reason: String(record['reason']), stage: String(record['stage']) }]);
  }
  const account: Account = { stored: new Set(), parked: new Set(), both: new Set(), missing: new Set(), storedTwice: new Set(), records, items };
  for (const id of eventIds) {
    const stored = (items.get(id)?.length ?? 0) > 0;
    const parked = (records.get(id)?.length ?? 0) > 0;
    if ((items.get(id)?.length ?? 0) > 1) account.storedTwice.add(id);
    if (stored && parked) account.both.add(id);
    else if (stored) account.stored.add(id);
    else if (parked) account.parked.add(id);
    else account.missing.add(id);
  }
  return account;
}

/** Waits until every one of `eventIds` is stored or parked in the tables; rejects naming how many are not. */
export async function waitAccounted(store: OracleStore, eventIds: string[], timeoutMs: number): Promise<Account> {
  let missing = eventIds.length;
  return waitFor(
    async () => {
      const account = await accountFor(store, eventIds);
      missing = account.missing.size;
      return missing === 0 ? account : undefined;
    },
    timeoutMs,
    () => `${eventIds.length} readings stored or parked (${missing} in neither table)`,
    1_000,
  );
}
