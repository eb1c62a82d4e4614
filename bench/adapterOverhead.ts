// 1. Adapter overhead: LambdaAdapter.invoke vs a raw LambdaClient.send(new InvokeCommand()) with
// the same payload, the same client (keep-alive agent, maxAttempts 1) and the same endpoint, in
// interleaved calls (raw, adapter, adapter, raw, …) so that neither side runs on a warmer or
// quieter machine. Two endpoints: an in-process fake Lambda API (isolates the client-side cost)
// and the local twin's Lambda endpoint (serverless-offline running the real processor).
import http, { Agent } from 'node:http';
import type { AddressInfo } from 'node:net';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { silentLogger } from '@twinflow/core';
import { LambdaAdapter } from '@twinflow/lambda-adapter';

export const FUNCTION = 'demo-thermostat-1-processor';
export const PAYLOAD = { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'bench-1', payload: { temperature: 70.7 }, receivedAt: '2026-11-24T08:00:00.000Z' };

/** A running fake Lambda Invoke API. */
export type FakeLambdaEndpoint = { url: string; close: () => Promise<void> };

/** A Lambda Invoke API on 127.0.0.1 (`port`, default any free one) that answers every call at once with a small JSON body. */
export async function fakeLambdaEndpoint({ port = 0 }: { port?: number | undefined } = {}): Promise<FakeLambdaEndpoint> {
  const body = Buffer.from(JSON.stringify({ temperatureC: 21.5, comfort: 'comfortable' }));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

type Sizes = { pairs: number; blocks: number; warmup: number };
const round = (x: number): number => Math.round(x * 1000) / 1000;

/** Times `pairs` interleaved calls of both sides; per-block ratios show the run-to-run spread. */
async function interleaved(raw: () => Promise<unknown>, adapter: () => Promise<unknown>, { pairs, blocks }: Sizes) {
  const perBlock = Math.ceil(pairs / blocks);
  const ratios: number[] = [];
  let rawNs = 0;
  let adapterNs = 0;
  for (let block = 0; block < blocks; block += 1) {
    let blockRaw = 0;
    let blockAdapter = 0;
    for (let i = 0; i < perBlock; i += 1) {
      const order = i % 2 === 0 ? [raw, adapter] : [adapter, raw];
      for (const fn of order) {
        const started = process.hrtime.bigint();
        await fn();
        const ns = Number(process.hrtime.bigint() - started);
        if (fn === raw) blockRaw += ns;
        else blockAdapter += ns;
      }
    }
    ratios.push(blockAdapter / blockRaw);
    rawNs += blockRaw;
    adapterNs += blockAdapter;
  }
  ratios.sort((a, b) => a - b);
  const n = perBlock * blocks;
  return {
    calls: n,
    rawUsPerCall: Math.round(rawNs / n / 1000),
    adapterUsPerCall: Math.round(adapterNs / n / 1000),
    ratio: round(adapterNs / rawNs),
    blockRatios: `${round(ratios[0] ?? 0)}–${round(ratios.at(-1) ?? 0)}`,
  };
}

/** The client both sides share: keep-alive agent, `maxAttempts: 1` (the adapter retries itself). */
export function benchClient(endpoint: string): LambdaClient {
  return new LambdaClient({
    endpoint,
    region: 'eu-central-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) },
  });
}

async function measure(endpoint: string, options: Sizes) {
  const client = benchClient(endpoint);
  const adapter = new LambdaAdapter({ functionName: FUNCTION, client, logger: silentLogger, circuitBreaker: false });
  // The raw call does what any caller must: encode the object, send, decode the JSON answer.
  const raw = async (): Promise<unknown> => {
    const out = await client.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(JSON.stringify(PAYLOAD)) }));
    return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'));
  };
  const viaAdapter = (): Promise<unknown> => adapter.invoke(PAYLOAD);
  try {
    for (let i = 0; i < options.warmup; i += 1) {
      await raw();
      await viaAdapter();
    }
    return await interleaved(raw, viaAdapter, options);
  } finally {
    client.destroy();
  }
}

/** Options of {@link adapterOverhead}. */
export type AdapterOverheadOptions = Sizes & {
  /** The local twin's Lambda API, serving `demo-thermostat-1-processor` (omitted: the fake only). */
  localEndpoint?: string;
  /** The in-process fake's port (default any free one). */
  fakePort?: number;
};

/** Adapter vs raw client, against the in-process fake and (given `localEndpoint`) the local twin. */
export async function adapterOverhead({ pairs, blocks, warmup, localEndpoint, fakePort }: AdapterOverheadOptions) {
  const fake = await fakeLambdaEndpoint({ port: fakePort });
  const rows = [];
  try {
    rows.push({ endpoint: 'in-process fake Lambda API', ...(await measure(fake.url, { pairs, blocks, warmup })), goal: '≤ 1.05' });
  } finally {
    await fake.close();
  }
  if (localEndpoint !== undefined) {
    rows.push({ endpoint: 'local twin (serverless-offline, real processor)', ...(await measure(localEndpoint, { pairs: Math.ceil(pairs / 2), blocks, warmup })), goal: '≤ 1.05' });
  }
  return { name: 'adapter overhead: LambdaAdapter.invoke vs raw LambdaClient.send(InvokeCommand)', rows };
}
