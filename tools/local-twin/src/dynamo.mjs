// DynamoDB on this machine: dynalite in-process behind an HTTP front that adds what the persister
// needs and dynalite lacks (PartiQL INSERTs), with the tables the persister's serverless.yml
// defines (read from its packaged CloudFormation template, not a hand-written copy) plus the
// embedded failure store's table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CreateTableCommand, DescribeTableCommand, DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { startFront } from './dynamoFront.mjs';

const require = createRequire(import.meta.url);
const { loadCore } = require('../../deploy/src/twinflowCore.cjs');

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

/** Table definitions from `nx run persister:package` (cached by Nx, so usually instant). */
export function persisterTableDefinitions(workspace) {
  execFileSync(process.execPath, [require.resolve('nx/bin/nx.js'), 'run', 'persister:package', '--outputStyle=static'], {
    cwd: workspace,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' },
  });
  const template = JSON.parse(readFileSync(path.join(workspace, 'apps/persister/.serverless/cloudformation-template-update-stack.json'), 'utf8'));
  return Object.values(template.Resources)
    .filter((resource) => resource.Type === 'AWS::DynamoDB::Table')
    .map(({ Properties: p }) => ({
      TableName: p.TableName,
      AttributeDefinitions: p.AttributeDefinitions,
      KeySchema: p.KeySchema,
      BillingMode: p.BillingMode,
    }));
}

/**
 * Starts the local DynamoDB on 127.0.0.1:port and creates the tables (those that exist already are
 * kept). The endpoint is an HTTP front (dynamoFront.mjs) before dynalite, started in-process on an
 * ephemeral port — or before `backendEndpoint` when given (no dynalite then). The front forwards
 * every request as it is, answers the persister's PartiQL INSERTs (BatchExecuteStatement, which
 * dynalite lacks) and serialises writes. It is also what `setAvailable(false)` shuts: clients see
 * DynamoDB go away (connections refused, open ones reset) while the data stays — an outage, not a
 * wipe.
 */
export async function startDynamo({ port, region, tables, backendEndpoint }) {
  let server;
  let backend = backendEndpoint;
  if (backend === undefined) {
    server = require('dynalite')({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
    await new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', resolve);
    });
    backend = `http://127.0.0.1:${server.address().port}`;
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
  return {
    client,
    /** `http://127.0.0.1:<port>`: the front (`port` 0 picks a free one). */
    endpoint,
    /** The DynamoDB that holds the data (the in-process dynalite, or `backendEndpoint`). */
    backendEndpoint: backend,
    setAvailable: (wanted) => front.setAvailable(wanted),
    /**
     * Asks the backend itself (not the front, whose outage switch is deliberate) whether it still
     * answers, every second; after `failures` misses in a row calls `onDead(error)` once.
     */
    watch: (onDead, { intervalMs = 1_000, failures = 3 } = {}) => {
      const probe = new DynamoDBClient({ endpoint: backend, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });
      let missed = 0;
      const timer = setInterval(async () => {
        try {
          await probe.send(new ListTablesCommand({ Limit: 1 }), { abortSignal: AbortSignal.timeout(intervalMs * 2) });
          missed = 0;
        } catch (error) {
          missed += 1;
          if (missed === failures) onDead(error);
        }
      }, intervalMs);
      timer.unref();
      return () => {
        clearInterval(timer);
        probe.destroy();
      };
    },
    close: async () => {
      await front.close();
      if (server) await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** Creates `table` unless it exists, then waits until it is ACTIVE (an emulator may take a moment). */
async function createTable(client, table) {
  try {
    await client.send(new CreateTableCommand(table));
  } catch (error) {
    if (error?.name !== 'ResourceInUseException') throw error;
  }
  for (let waited = 0; ; waited += 20) {
    const { Table } = await client.send(new DescribeTableCommand({ TableName: table.TableName }));
    if (Table?.TableStatus === 'ACTIVE') return;
    if (waited > 30_000) throw new Error(`table ${table.TableName} is still ${Table?.TableStatus} after 30 s`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** The embedded failure store's table: one item per failure record, keyed by id. */
export function failureTableDefinition(twin) {
  return {
    TableName: loadCore().failureTableName(twin),
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
