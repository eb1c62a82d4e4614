// DynamoDB on this machine: dynalite in-process, with the tables the persister's serverless.yml
// defines (read from its packaged CloudFormation template, not a hand-written copy) plus the
// embedded failure store's table.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import { CreateTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';

const require = createRequire(import.meta.url);

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
 * Starts dynalite (on an ephemeral port) behind a TCP proxy on 127.0.0.1:port and creates the
 * tables. The proxy is what `setAvailable(false)` shuts: clients see DynamoDB go away (connections
 * refused, open ones reset) while the data stays — an outage, not a wipe.
 */
export async function startDynamo({ port, region, tables }) {
  const dynalite = require('dynalite');
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const backendPort = server.address().port;
  const sockets = new Set();
  const proxy = net.createServer((client) => {
    const backend = net.connect(backendPort, '127.0.0.1');
    sockets.add(client);
    sockets.add(backend);
    const drop = () => {
      client.destroy();
      backend.destroy();
      sockets.delete(client);
      sockets.delete(backend);
    };
    client.on('error', drop).on('close', drop);
    backend.on('error', drop).on('close', drop);
    client.pipe(backend).pipe(client);
  });
  const listen = () =>
    new Promise((resolve, reject) => {
      proxy.once('error', reject);
      proxy.listen(port, '127.0.0.1', resolve);
    });
  await listen();
  const client = new DynamoDBClient({ endpoint: `http://127.0.0.1:${port}`, region, credentials: LOCAL_CREDENTIALS });
  for (const table of tables) await client.send(new CreateTableCommand(table));
  let available = true;
  return {
    client,
    setAvailable: async (wanted) => {
      if (wanted === available) return;
      available = wanted;
      if (wanted) return listen();
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => proxy.close(() => resolve()));
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      if (available) await new Promise((resolve) => proxy.close(() => resolve()));
      await new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

/** The embedded failure store's table: one item per failure record, keyed by id. */
export function failureTableDefinition(twin) {
  return {
    TableName: `${twin}-failures`,
    AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'S' }],
    KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
    BillingMode: 'PAY_PER_REQUEST',
  };
}
