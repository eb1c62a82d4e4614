import http from 'node:http';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import type { LambdaClient } from '@aws-sdk/client-lambda';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { LambdaAdapterConfigError } from '../../../src';
import { DEFAULT_MAX_SOCKETS, createPooledLambdaClient } from '../../../src';
import type { PooledLambdaClientOptions } from '../../../src';
import { thrownBy } from './fakes';

const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };

/** A local Lambda Invoke endpoint that counts TCP connections and holds answers until `release` says so. */
interface FakeLambda {
  endpoint: string;
  connections: () => number;
  maxInFlight: () => number;
  close: () => Promise<void>;
}

async function fakeLambda(holdUntil: (inFlight: number, received: number) => boolean = () => true): Promise<FakeLambda> {
  let connections = 0;
  let received = 0;
  let maxInFlight = 0;
  const pending: http.ServerResponse[] = [];
  const answer = (res: http.ServerResponse): void => {
    res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
    res.end(JSON.stringify({ ok: true }));
  };
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      received += 1;
      pending.push(res);
      maxInFlight = Math.max(maxInFlight, pending.length);
      if (holdUntil(pending.length, received)) pending.splice(0).forEach(answer);
    });
  });
  server.on('connection', () => {
    connections += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    connections: () => connections,
    maxInFlight: () => maxInFlight,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const invoke = (client: LambdaClient, n: number): Promise<unknown> =>
  client.send(new InvokeCommand({ FunctionName: `demo-thermostat-${n}-processor`, Payload: Buffer.from('{}') }));

describe('createPooledLambdaClient', () => {
  let lambda: FakeLambda | undefined;
  let client: LambdaClient | undefined;

  afterEach(async () => {
    client?.destroy();
    await lambda?.close();
    client = undefined;
    lambda = undefined;
  });

  /** The agents of a client's handler (its config is resolved on the first request). */
  const agentsOf = (pooled: LambdaClient): { httpAgent: http.Agent; httpsAgent: https.Agent } =>
    (pooled.config.requestHandler as NodeHttpHandler).httpHandlerConfigs() as { httpAgent: http.Agent; httpsAgent: https.Agent };
  const keepAliveOf = (agent: http.Agent): unknown => (agent as unknown as { keepAlive: unknown }).keepAlive;

  it('builds a client with maxAttempts 1 over a NodeHttpHandler with keep-alive agents bounded by maxSockets', async () => {
    // Prepare
    lambda = await fakeLambda();

    // Act
    client = createPooledLambdaClient({ region: 'eu-central-1', endpoint: lambda.endpoint, credentials, maxSockets: 7 });
    await invoke(client, 1);

    // Assess
    expect(await client.config.maxAttempts()).toBe(1);
    expect(client.config.requestHandler).toBeInstanceOf(NodeHttpHandler);
    const { httpAgent, httpsAgent } = agentsOf(client);
    expect(httpAgent).toBeInstanceOf(http.Agent);
    expect(httpsAgent).toBeInstanceOf(https.Agent);
    expect([httpAgent.maxSockets, httpsAgent.maxSockets]).toEqual([7, 7]);
    expect([keepAliveOf(httpAgent), keepAliveOf(httpsAgent)]).toEqual([true, true]);
  });

  it('defaults maxSockets to 50', async () => {
    // Prepare
    lambda = await fakeLambda();

    // Act
    client = createPooledLambdaClient({ region: 'eu-central-1', endpoint: lambda.endpoint, credentials });
    await invoke(client, 1);

    // Assess
    expect(DEFAULT_MAX_SOCKETS).toBe(50);
    expect([agentsOf(client).httpAgent.maxSockets, agentsOf(client).httpsAgent.maxSockets]).toEqual([50, 50]);
  });

  it('reuses one connection for calls one after another', async () => {
    // Prepare
    lambda = await fakeLambda();
    client = createPooledLambdaClient({ region: 'eu-central-1', endpoint: lambda.endpoint, credentials });

    // Act
    for (let i = 0; i < 5; i += 1) await invoke(client, i);

    // Assess
    expect(lambda.connections()).toBe(1);
  });

  it('never opens more than maxSockets connections, however many calls are in flight', async () => {
    // Prepare: answer only when 2 requests wait (or the last one has arrived), so calls overlap
    const total = 7;
    lambda = await fakeLambda((inFlight, received) => inFlight >= 2 || received === total);
    client = createPooledLambdaClient({ region: 'eu-central-1', endpoint: lambda.endpoint, credentials, maxSockets: 2 });

    // Act
    await Promise.all(Array.from({ length: total }, (_, i) => invoke(client as LambdaClient, i)));

    // Assess
    expect(lambda.connections()).toBe(2);
    expect(lambda.maxInFlight()).toBe(2);
  });

  it('lets several adapters share one pool (one client, one bound)', async () => {
    // Prepare
    lambda = await fakeLambda((inFlight, received) => inFlight >= 3 || received === 6);
    client = createPooledLambdaClient({ region: 'eu-central-1', endpoint: lambda.endpoint, credentials, maxSockets: 3 });
    const shared = client;

    // Act: two "adapters" (different functions) on the same client
    await Promise.all([0, 1, 2].flatMap((i) => [invoke(shared, i), invoke(shared, 10 + i)]));

    // Assess
    expect(lambda.connections()).toBe(3);
  });

  it.each<[string, unknown]>([
    ['connectionPool', 'eu-central-1'],
    ['connectionPool.maxSockets', { maxSockets: 0 }],
    ['connectionPool.maxSockets', { maxSockets: 1_001 }],
    ['connectionPool.region', { region: '' }],
    ['connectionPool.endpoint', { endpoint: '127.0.0.1:3002' }],
    ['connectionPool.credentials', { credentials: 'local' }],
    ['connectionPool.keepAlive', { keepAlive: false }],
  ])('throws LambdaAdapterConfigError naming %s for %p', (option, options) => {
    // Act
    const error = thrownBy(() => createPooledLambdaClient(options as PooledLambdaClientOptions));

    // Assess
    expect(error).toBeInstanceOf(LambdaAdapterConfigError);
    expect(error).toMatchObject({ option });
  });
});
