// 2. Pipeline throughput on the local twin: readings/s from the dispatcher to the hot table
// (dispatcher → wrapper → processor → persister), against the same Lambda endpoint's ceiling
// for a near no-op invoke, measured before and after in the same run; p50/p99 end-to-end latency
// and loss. Load is closed-loop: at most `window` readings in flight (sent, not yet in the hot
// table or the failure store), so the twin runs at capacity without a backlog that would push
// processor calls past their timeout. Two shapes of telemetry:
//  - gateway messages: 25 readings per dispatcher invocation (a JSON array), the batching case;
//  - device messages: one reading per invocation, as a single device publishes; every reading
//    then costs four invocations (dispatcher, wrapper, processor, persister), so this shape is
//    bounded near 0.25 of the ceiling by design.
import { InvokeCommand, type LambdaClient } from '@aws-sdk/client-lambda';
import { dispatcherFunctionName, processorFunctionName } from '@twinflow/core';
import type { BenchTwin } from './localTwin';

const DEVICES = ['thermostat-1', 'pressure-sensor-1'];
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

type Shape = { shape: string; perMessage: number; window: number };

/** Invokes per second the endpoint answers for a near no-op function, `concurrency` at a time. */
async function ceiling(lambda: LambdaClient, twinName: string, calls: number, concurrency = 32): Promise<number> {
  const payload = Buffer.from(JSON.stringify({ twin: twinName, deviceId: 'thermostat-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'ceiling', payload: { temperature: 70 }, receivedAt: '2026-11-24T08:00:00.000Z' }));
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < calls) {
        next += 1;
        await lambda.send(new InvokeCommand({ FunctionName: processorFunctionName(twinName, 'thermostat-1'), Payload: payload }));
      }
    }),
  );
  return calls / ((performance.now() - started) / 1000);
}

/** Sends `readings` readings in messages of `perMessage`, keeping at most `window` in flight; resolves when all are settled. */
async function closedLoop(twin: BenchTwin, { readings, perMessage, window, settleTimeoutMs = 60_000 }: Shape & { readings: number; settleTimeoutMs?: number }) {
  const base = await twin.counts();
  const settled = (c: { persisted: number; failed: number }): number => c.persisted + c.failed - base.persisted - base.failed;
  const lastTs = new Map<string, number>();
  let sent = 0;
  const startedAt = Date.now();
  const message = (): object => {
    const batch: object[] = [];
    for (let i = 0; i < perMessage && sent < readings; i += 1, sent += 1) {
      const device = DEVICES[sent % DEVICES.length] as string;
      const ts = Math.max(Date.now(), (lastTs.get(device) ?? 0) + 1);
      lastTs.set(device, ts);
      batch.push({ device_id: device, timestamp: new Date(ts).toISOString(), temperature: 60 + (sent % 30), pressure: 700 + (sent % 100), seq: sent });
    }
    return perMessage === 1 ? (batch[0] as object) : batch;
  };
  while (sent < readings) {
    const inFlight = sent - settled(await twin.counts());
    const sends: Array<Promise<unknown>> = [];
    for (let room = window - inFlight; room >= perMessage && sent < readings; room -= perMessage) {
      sends.push(twin.lambda.send(new InvokeCommand({ FunctionName: dispatcherFunctionName(twin.twinName), InvocationType: 'Event', Payload: Buffer.from(JSON.stringify(message())) })));
    }
    await Promise.all(sends);
    await sleep(20);
  }
  // Until every reading settled, or none settled for `settleTimeoutMs` (the rest counts as lost).
  let last = { at: Date.now(), settled: -1 };
  let counts = await twin.counts();
  while (settled(counts) < readings && Date.now() - last.at <= settleTimeoutMs) {
    await sleep(50);
    counts = await twin.counts();
    if (settled(counts) !== last.settled) last = { at: Date.now(), settled: settled(counts) };
  }
  return { startedAt, endedAt: Date.now(), persisted: counts.persisted - base.persisted, parked: counts.failed - base.failed };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length === 0 ? 0 : (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number);
}

/** Pipeline throughput against the endpoint's ceiling, both shapes of telemetry. */
export async function pipeline({ twin, readings, ceilingCalls }: { twin: BenchTwin; readings: number; ceilingCalls: number }) {
  await ceiling(twin.lambda, twin.twinName, Math.min(300, ceilingCalls)); // warm-up
  const before = await ceiling(twin.lambda, twin.twinName, ceilingCalls);
  const runs = [];
  for (const shape of [
    { shape: 'gateway messages, 25 readings each', perMessage: 25, window: 500 },
    { shape: 'device messages, 1 reading each', perMessage: 1, window: 100 },
  ] satisfies Shape[]) {
    const run = await closedLoop(twin, { readings, ...shape });
    const items = (await twin.items()).filter((item) => Date.parse(item.timestamp) >= run.startedAt && Date.parse(item.timestamp) <= run.endedAt);
    const processed = items.map((item) => Date.parse(item.processed_at));
    const latencies = items.map((item) => Date.parse(item.processed_at) - Date.parse(item.timestamp)).sort((a, b) => a - b);
    const seconds = processed.length === 0 ? Infinity : (Math.max(...processed) - run.startedAt) / 1000;
    runs.push({ ...shape, ...run, items: items.length, perS: items.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
  }
  const after = await ceiling(twin.lambda, twin.twinName, ceilingCalls);
  const ceilingPerS = Math.max(before, after);
  return {
    name: 'pipeline throughput (local twin)',
    rows: runs.map((run) => ({
      telemetry: run.shape,
      readings,
      inFlightWindow: run.window,
      persisted: run.items,
      parked: run.parked,
      lost: readings - run.items - run.parked,
      pipelinePerS: Math.round(run.perS),
      endpointCeilingPerS: Math.round(ceilingPerS),
      ratio: Math.round((run.perS / ceilingPerS) * 100) / 100,
      latencyP50Ms: run.p50,
      latencyP99Ms: run.p99,
      goal: run.perMessage > 1 ? '≥ 0.5, zero loss' : '≤ 0.25 by design (4 invocations per reading), zero loss',
    })),
    ceilingBeforePerS: Math.round(before),
    ceilingAfterPerS: Math.round(after),
  };
}
