// DynamoDB on this machine: dynalite in-process behind an HTTP front that adds what the persister
// needs and dynalite lacks (PartiQL INSERTs), with the tables the persister's serverless.yml
// defines (read from its packaged CloudFormation template, not a hand-written copy) plus the
// embedded failure store's table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { CreateTableCommand, DynamoDBClient, ListTablesCommand, waitUntilTableExists, type CreateTableCommandInput } from '@aws-sdk/client-dynamodb';
import { failureTableName } from '@twinflow/core';
import { startFront } from './dynamoFront';

/** The credentials every local client signs with (the twin checks none). */
export const LOCAL_CREDENTIALS: Readonly<{ accessKeyId: string; secretAccessKey: string }> = { accessKeyId: 'local', secretAccessKey: 'local' };

/** How long a created table may take to become ACTIVE (an emulator behind `backendEndpoint` may take a moment). */
const TABLE_ACTIVE_TIMEOUT_S = 30;

type CloudFormationTemplate = { Resources?: Record<string, { Type?: string; Properties?: Partial<CreateTableCommandInput> }> };

/**
 * Table definitions from `nx run persister:package` (cached by Nx, so usually instant): every
 * `AWS::DynamoDB::Table` of `apps/persister/.serverless/cloudformation-template-update-stack.json`,
 * with its name, attribute definitions, key schema and billing mode. `packaged: true` reads the
 * template as it is (the caller just ran the package target).
 */
export function persisterTableDefinitions(workspace: string, { packaged = false }: { packaged?: boolean } = {}): CreateTableCommandInput[] {
  if (!packaged) execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run', 'persister:package', '--outputStyle=static'], {
    cwd: workspace,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  const template = JSON.parse(readFileSync(path.join(workspace, 'apps/persister/.serverless/cloudformation-template-update-stack.json'), 'utf8')) as CloudFormationTemplate;
  return Object.values(template.Resources ?? {})
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
    .map(({ Properties: p = {} }) => ({
      TableName: p.TableName,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      BillingMode: p.BillingMode,
    }));
}

/** The embedded failure store's table: one item per failure record, keyed by id. */
export function failureTableDefinition(twin: string): CreateTableCommandInput {
  return {
    TableName: failureTableName(twin),
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}

/** Options of {@link startDynamo}. */
export interface StartDynamoOptions {
  /** Port of the front on 127.0.0.1; 0 picks a free one. */
  port: number;
  region: string;
  /** Created unless they exist. */
  tables: readonly CreateTableCommandInput[];
  /** A DynamoDB-compatible URL to hold the data instead of an in-process dynalite. */
  backendEndpoint?: string;
}

/** The local DynamoDB, running. */
export interface LocalDynamo {
  /** A client of the front. */
  client: DynamoDBClient;
  /** `http://127.0.0.1:<port>`: the front (`port` 0 picks a free one). */
  endpoint: string;
  /** The DynamoDB that holds the data (the in-process dynalite, or `backendEndpoint`). */
  backendEndpoint: string;
  /** Outage switch of the front: `false` refuses connections (open ones reset), the data stays. */
  setAvailable(wanted: boolean): Promise<void>;
  /**
   * Asks the backend itself (not the front, whose outage switch is deliberate) whether it still
   * answers, every `intervalMs` (1 s); after `failures` (3) misses in a row calls `onDead(error)`
   * once. Returns the function that stops watching.
   */
  watch(onDead: (error: Error) => void, options?: { intervalMs?: number; failures?: number }): () => void;
  /** Closes the front, then the in-process dynalite (if any). */
  close(): Promise<void>;
}

/**
 * Starts the local DynamoDB on 127.0.0.1:port and creates the tables (those that exist already are
 * kept). The endpoint is an HTTP front (dynamoFront.ts) before dynalite, started in-process on an
 * ephemeral port — or before `backendEndpoint` when given (no dynalite then). The front forwards
 * every request as it is, answers the persister's PartiQL INSERTs (BatchExecuteStatement, which
 * dynalite lacks) and serialises writes. It is also what `setAvailable(false)` shuts: clients see
 * DynamoDB go away (connections refused, open ones reset) while the data stays — an outage, not a
 * wipe.
 *
 * @example
 * ```ts
 * const dynamo = await startDynamo({ port: 0, region: 'eu-central-1', tables: [failureTableDefinition('demo')] });
 * await dynamo.client.send(new ListTablesCommand({}));
 * await dynamo.close();
 * ```
 */
export async function startDynamo({ port, region, tables, backendEndpoint }: StartDynamoOptions): Promise<LocalDynamo> {
  let server: Server | undefined;
  let backend = backendEndpoint;
  if (backend === undefined) {
    const dynalite = require('dynalite') as (options: object) => Server;
    const started = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    server = started;
    await new Promise<void>((resolve, reject) => {
      started.once('error', reject);
      started.listen(0, '127.0.0.1', () => resolve());
    });
    backend = `http://127.0.0.1:${(started.address() as AddressInfo).port}`;
  }
  const front = await startFront({ port, backend, region, credentials: LOCAL_CREDENTIALS });
  const admin = new DynamoDBClient({ endpoint: backend, region, credentials: LOCAL_CREDENTIALS });
  try {
    for (const table of tables) await createTable(admin, table);
  } finally {
    admin.destroy();
  }
  const endpoint = `http://127.0.0.1:${front.port}`;
  const client = new DynamoDBClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
  const data = backend;
  return {
    client,
    endpoint,
    backendEndpoint: data,
    setAvailable: (wanted) => front.setAvailable(wanted),
    watch: (onDead, { intervalMs = 1_000, failures = 3 } = {}) => {
      const probe = new DynamoDBClient({ endpoint: data, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
      let missed = 0;
      const timer = setInterval(() => {
        probe.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(intervalMs * 2) }).then(
          () => (missed = 0),
          (error: Error) => {
            missed += 1;
            if (missed === failures) onDead(error);
          },
        );
      }, intervalMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        probe.destroy();
      };
    },
    close: async () => {
      await front.close();
      if (server) await new Promise<void>((resolve) => server?.close(() => resolve()));
    },
  };
}

/** Creates `table` unless it exists, then waits (the SDK's waiter) until it is ACTIVE. */
async function createTable(client: DynamoDBClient, table: CreateTableCommandInput): Promise<void> {
  try {
    await client.send(new CreateTableCommand(table));
  } catch (error) {
    if ((error as Error | undefined)?.name !== 'ResourceInUseException') throw error;
  }
  await waitUntilTableExists({ client, maxWaitTime: TABLE_ACTIVE_TIMEOUT_S, minDelay: 1, maxDelay: 1 }, { TableName: table.TableName });
}

/**
 * A table keyed like the hot table (`device_id` + `timestamp`, on demand) under any name: for
 * tests and benchmarks that need one without packaging the persister (the twin itself creates
 * the hot table from the persister's template, {@link persisterTableDefinitions}).
 */
export function hotTableShape(tableName: string): CreateTableCommandInput {
  return {
    TableName: tableName,
    AttributeDefinitions: [
      { AttributeName: 'device_id', AttributeType: 'S' },
      { AttributeName: 'timestamp', AttributeType: 'S' },
    ],
    KeySchema: [
      { AttributeName: 'device_id', KeyType: 'HASH' },
      { AttributeName: 'timestamp', KeyType: 'RANGE' },
    ],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
