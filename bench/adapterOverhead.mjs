// 1. Adapter overhead: LambdaAdapter.invoke vs a raw LambdaClient.send(InvokeCommand) against the
// same in-process fake Lambda endpoint, same client (keep-alive, maxAttempts 1), interleaved rounds.
import http from 'node:http';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { silentLogger } from '@twinflow/core';
import { Agent } from 'node:http';

export async function adapterOverhead({ calls, rounds }) {
  const body = Buffer.from(JSON.stringify({ ok: true, temperatureC: 21.5 }));
  const server = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json', 'x-amz-executed-version': '$LATEST' });
      res.end(body);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const endpoint = `http://127.0.0.1:${server.address().port}`;
  const client = new LambdaClient({
    endpoint,
    region: 'eu-central-1',
    maxAttempts: 1,
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    requestHandler: { httpAgent: new Agent({ keepAlive: true, maxSockets: 16 }) },
  });
  const adapter = new LambdaAdapter({ functionName: 'demo-thermostat-1-processor', client, logger: silentLogger, circuitBreaker: false });
  const payload = { twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'e1', payload: { temperature: 70.7 }, receivedAt: '2026-11-24T08:00:00.000Z' };
  // The raw call does what any caller must: encode the object, send, decode the JSON answer.
  const raw = async () => {
    const out = await client.send(new InvokeCommand({ FunctionName: 'demo-thermostat-1-processor', Payload: Buffer.from(JSON.stringify(payload)) }));
    return JSON.parse(Buffer.from(out.Payload).toString('utf8'));
  };
  const viaAdapter = () => adapter.invoke(payload);
  const time = async (fn) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i += 1) await fn();
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  await time(raw);
  await time(viaAdapter); // warm-up
  let rawMs = 0;
  let adapterMs = 0;
  for (let round = 0; round < rounds; round += 1) {
    // alternate the order so neither side always runs on a warmer machine
    if (round % 2 === 0) {
      rawMs += await time(raw);
      adapterMs += await time(viaAdapter);
    } else {
      adapterMs += await time(viaAdapter);
      rawMs += await time(raw);
    }
  }
  server.close();
  client.destroy();
  const n = calls * rounds;
  return {
    name: 'adapter overhead (fake HTTP endpoint)',
    calls: n,
    rawUsPerCall: Math.round((rawMs / n) * 1000),
    adapterUsPerCall: Math.round((adapterMs / n) * 1000),
    ratio: Math.round((adapterMs / rawMs) * 1000) / 1000,
    goal: '≤ 1.05',
  };
}
