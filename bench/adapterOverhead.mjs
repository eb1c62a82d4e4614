// 1. Adapter overhead: LambdaAdapter.invoke vs a raw LambdaClient.send(new InvokeCommand()) with
// the same payload, the same client (keep-alive agent, maxAttempts 1) and the same endpoint, in
// interleaved calls (raw, adapter, adapter, raw, …) so that neither side runs on a warmer or
// quieter machine. Two endpoints: an in-process fake Lambda API (isolates the client-side cost)
// and the local twin's Lambda endpoint (serverless-offline running the real processor).
import http from 'node:http';
import { Agent } from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { silentLogger } from '@twinflow/core';
import { LambdaAdapter } from '@twinflow/lambda-adapter';

export const FUNCTION = 'demo-thermostat-1-processor';
export const PAYLOAD = { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'bench-1', payload: { temperature: 70.7 }, receivedAt: '2026-11-24T08:00:00.000Z' };

/** A Lambda Invoke API on 127.0.0.1 (`port`, default any free one) that answers every call at once with a small JSON body. */
export async function fakeLambdaEndpoint({ port = 0 } = {}) {
  const body = Buffer.from(JSON.stringify({ temperatureC: 21.5, comfort: 'comfortable' }));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(port, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((resolve) => server.close(resolve)) };
}

/** Times `pairs` interleaved calls of both sides; per-block ratios show the run-to-run spread. */
async function interleaved(raw, adapter, { pairs, blocks }) {
  const perBlock = Math.ceil(pairs / blocks);
  const ratios = [];
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
  const round = (x) => Math.round(x * 1000) / 1000;
  return {
    calls: n,
    rawUsPerCall: Math.round(rawNs / n / 1000),
    adapterUsPerCall: Math.round(adapterNs / n / 1000),
    ratio: round(adapterNs / rawNs),
    blockRatios: `${round(ratios[0])}–${round(ratios[ratios.length - 1])}`,
  };
}

/** The client both sides share: keep-alive agent, `maxAttempts: 1` (the adapter retries itself). */
export function benchClient(endpoint) {
  return new LambdaClient({
    endpoint,
    region: 'eu-central-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) },
  });
}

async function measure(endpoint, options) {
  const client = benchClient(endpoint);
  const adapter = new LambdaAdapter({ functionName: FUNCTION, client, logger: silentLogger, circuitBreaker: false });
  // The raw call does what any caller must: encode the object, send, decode the JSON answer.
  const raw = async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(JSON.stringify(PAYLOAD)) }));
    return JSON.parse(Buffer.from(out.Payload).toString('utf8'));
  };
  const viaAdapter = () => adapter.invoke(PAYLOAD);
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

/**
 * @param {{ pairs: number, blocks: number, warmup: number, localEndpoint?: string, fakePort?: number }} options
 *   `localEndpoint`: the local twin's Lambda API, serving `demo-thermostat-1-processor`;
 *   `fakePort`: the in-process fake's port (default any free one)
 */
export async function adapterOverhead({ pairs, blocks, warmup, localEndpoint, fakePort }) {
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
