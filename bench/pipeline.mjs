// 2. Pipeline throughput on the local twin: readings/s through dispatcher → wrapper → processor →
// persister, against the local Lambda endpoint's own ceiling for a near no-op invoke (a processor
// called directly), measured in the same run on the same endpoint; p50/p99 end-to-end latency.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';

const ports = { lambda: 7302, dynamodb: 7567, health: 7310 };
const credentials = { accessKeyId: 'bench', secretAccessKey: 'bench' };

async function until(fn, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      if (await fn()) return;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error('pipeline benchmark timed out');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function pool(total, concurrency, fn) {
  let next = 0;
  await Promise.all(Array.from({ length: concurrency }, async () => {
    while (next < total) await fn(next++);
  }));
}

export async function pipeline({ workspace, readings, ceilingCalls }) {
  const twin = spawn(process.execPath, [path.join(workspace, 'tools/local-twin/src/cli.mjs'), '--events', '0', '--lambda-port', String(ports.lambda), '--dynamodb-port', String(ports.dynamodb), '--health-port', String(ports.health)], {
    cwd: workspace,
    stdio: 'ignore',
  });
  try {
    await until(async () => (await fetch(`http://127.0.0.1:${ports.health}/health.json`)).ok, 120_000);
    const lambda = new LambdaClient({ endpoint: `http://127.0.0.1:${ports.lambda}`, region: 'eu-central-1', credentials, maxAttempts: 1 });
    const event = Buffer.from(JSON.stringify({ twin: 'demo', deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'c', payload: { temperature: 70 }, receivedAt: '2026-11-24T08:00:00.000Z' }));

    // Ceiling: the endpoint answering a near no-op function, as fast as it can
    let started = performance.now();
    await pool(ceilingCalls, 32, () => lambda.send(new InvokeCommand({ FunctionName: 'demo-thermostat-1-processor', Payload: event })));
    const ceiling = ceilingCalls / ((performance.now() - started) / 1000);

    // Pipeline: readings sent as the IoT rule does, until all are in the hot table
    const base = Date.now();
    started = performance.now();
    // 16 senders: enough to saturate this machine without tipping the processors past their
    // per-attempt timeout (an overloaded twin parks readings as timeout/circuit-open instead).
    await pool(readings, 16, (n) =>
      lambda.send(
        new InvokeCommand({
          FunctionName: 'demo-dispatcher',
          InvocationType: 'Event',
          Payload: Buffer.from(JSON.stringify({ device_id: n % 2 ? 'thermostat-1' : 'pressure-sensor-1', timestamp: new Date(base + n).toISOString(), temperature: 70, pressure: 760 })),
        }),
      ),
    );
    const dynamo = new DynamoDBClient({ endpoint: `http://127.0.0.1:${ports.dynamodb}`, region: 'eu-central-1', credentials });
    let items = [];
    await until(async () => {
      const h = await (await fetch(`http://127.0.0.1:${ports.health}/health.json`)).json();
      return h.counts.persisted + h.counts.failed >= readings;
    }, 300_000);
    const elapsed = (performance.now() - started) / 1000;
    let startKey;
    do {
      const page = await dynamo.send(new ScanCommand({ TableName: 'demo-hot', ExclusiveStartKey: startKey }));
      items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
      startKey = page.LastEvaluatedKey;
    } while (startKey);
    const latencies = items.map((item) => Date.parse(item.processed_at) - Date.parse(item.timestamp)).sort((a, b) => a - b);
    const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
    const parked = (await (await fetch(`http://127.0.0.1:${ports.health}/health.json`)).json()).counts.failed;
    const throughput = items.length / elapsed;
    return {
      name: 'pipeline throughput (local twin)',
      readings,
      persisted: items.length,
      parked,
      lost: readings - items.length - parked,
      endpointCeilingPerS: Math.round(ceiling),
      pipelinePerS: Math.round(throughput),
      ratio: Math.round((throughput / ceiling) * 100) / 100,
      latencyP50Ms: pct(50),
      latencyP99Ms: pct(99),
      goal: '≥ 0.5 with zero loss',
    };
  } finally {
    twin.kill('SIGINT');
    await new Promise((resolve) => twin.once('exit', resolve));
  }
}
