// Function durations on the local twin, the inputs of the capacity calculator (`npm run capacity`,
// tools/capacity): each function invoked on its own (RequestResponse, through the SDK's Lambda
// client at the twin's endpoint), with one reading and with a batch, the median of `calls` each,
// the eight shapes interleaved round by round so a slow moment of the shared machine hits all of
// them. Shapes: the dispatcher with a device message (1 reading) and a gateway message (`batch`
// readings, both devices); the wrapper with an event of 1 / `batch` readings (it waits for the
// processor calls it makes, so its figure includes theirs); a processor alone (one reading; a
// `twinflow.processor-batch/1` request of `batch` readings of one device); the persister with 1 /
// `batch` records. Every reading is fresh (one message factory: timestamps strictly increasing per
// device), so none is refused as a duplicate; what the dispatcher and wrapper hand on is waited
// for (and must be stored, nothing parked) before the next call, so no call shares the endpoint
// with the previous one's downstream work.
// The figures are client-observed: they include the HTTP round trip and serverless-offline's own
// work around each call, so they are upper bounds of what Lambda would bill for the same code.
// Alone: `npx tsx --tsconfig bench/tsconfig.json bench/functionDurations.ts [--calls N] [--batch B]
// [--out FILE]` starts its own twin (ports 6102, 6167, 6110) and writes FILE (default
// bench/results/function-durations.json) in the shape `npm run capacity -- --durations FILE` reads.
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { FUNCTION_DURATIONS_BENCHMARK, durationRows } from '@twinflow/capacity';
import type { FunctionDurations, PipelineFunction } from '@twinflow/capacity';
import { dispatcherFunctionName, persisterFunctionName, processorFunctionName, readProcessorBatchResponse, toProcessorBatchRequest, wrapperFunctionName } from '@twinflow/core';
import type { JsonObject, PersistRecord, TelemetryEvent } from '@twinflow/core';
import { normalizeTelemetry } from '@twinflow/payload-mappers';
import { startLocalTwin, type BenchTwin } from './localTwin';
import { messageFactory, readingKey, waitSettled } from './pipeline';

/** The processor measured alone (its readings all of this device). */
const PROCESSOR_DEVICE = 'thermostat-1';
const WARM_UP_ROUNDS = 3;

type Shape = `${PipelineFunction}:${'one' | 'batch'}`;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
const tenths = (x: number): number => Math.round(x * 10) / 10;

/** Fresh raw readings from one factory (so no two share a device and timestamp), taken in any order. */
function readingSource(batch: number) {
  const messages = messageFactory(batch);
  const spare: Array<Record<string, unknown>> = [];
  const refill = (): void => {
    const message = messages.next(Number.POSITIVE_INFINITY);
    spare.push(...((Array.isArray(message) ? message : [message]) as Array<Record<string, unknown>>));
  };
  return {
    /** `n` readings, devices alternating. */
    take(n: number): Array<Record<string, unknown>> {
      while (spare.length < n) refill();
      return spare.splice(0, n);
    },
    /** `n` readings of `device` (the others stay for later calls). */
    takeOf(device: string, n: number): Array<Record<string, unknown>> {
      const taken: Array<Record<string, unknown>> = [];
      while (taken.length < n) {
        const at = spare.findIndex((reading) => reading['device_id'] === device);
        if (at < 0) refill();
        else taken.push(...spare.splice(at, 1));
      }
      return taken;
    },
  };
}

/** One RequestResponse invocation, timed from send to answer; a function error or a parked reading fails the run. */
async function timedInvoke(twin: BenchTwin, functionName: string, input: unknown): Promise<{ ms: number; answer: unknown }> {
  const Payload = Buffer.from(JSON.stringify(input));
  const started = performance.now();
  const out = await twin.lambda.send(new InvokeCommand({ FunctionName: functionName, Payload }));
  const ms = performance.now() - started;
  const text = out.Payload ? Buffer.from(out.Payload).toString('utf8') : 'null';
  if (out.FunctionError) throw new Error(`functionDurations: ${functionName} failed (${out.FunctionError}): ${text.slice(0, 300)}`);
  const answer: unknown = JSON.parse(text);
  const failed = typeof answer === 'object' && answer !== null ? (answer as Record<string, unknown>)['failed'] : undefined;
  if (typeof failed === 'number' && failed > 0) throw new Error(`functionDurations: ${functionName} parked ${failed} reading(s): ${text.slice(0, 300)}`);
  return { ms, answer };
}

/** Durations of the pipeline's functions for one reading and for `batch`, medians of `calls` each. */
export async function functionDurations({ twin, batch, calls }: { twin: BenchTwin; batch: number; calls: number }) {
  if (!(Number.isInteger(batch) && batch >= 2)) throw new Error(`functionDurations: batch must be an integer ≥ 2, got ${batch}`);
  const names = {
    dispatcher: dispatcherFunctionName(twin.twinName),
    wrapper: wrapperFunctionName(twin.twinName),
    processor: processorFunctionName(twin.twinName, PROCESSOR_DEVICE),
    persister: persisterFunctionName(twin.twinName),
  };
  const source = readingSource(batch);
  const eventsOf = (raws: ReadonlyArray<Record<string, unknown>>): TelemetryEvent[] => raws.map((raw) => normalizeTelemetry(raw, { twin: twin.twinName }));
  const samples = new Map<Shape, number[]>();
  let wrapperBatchDevices = 0;

  /** Times a dispatcher call, then waits until the ledger has all `expected` readings stored. */
  const throughDispatcher = async (input: unknown, expected: number): Promise<number> => {
    const base = await twin.counts();
    const { ms } = await timedInvoke(twin, names.dispatcher, input);
    const settled = await waitSettled(twin, base, expected, 30_000);
    if (settled.persisted !== expected || settled.parked !== 0) throw new Error(`functionDurations: ${names.dispatcher}: ${settled.persisted} of ${expected} readings stored, ${settled.parked} parked`);
    return ms;
  };
  /** Times a wrapper call, then waits until its readings are in the hot table (the ledger only follows readings the dispatcher saw). */
  const throughWrapper = async (events: TelemetryEvent[]): Promise<number> => {
    const { ms } = await timedInvoke(twin, names.wrapper, { events });
    const keys = events.map((event) => readingKey(event.deviceId, event.timestamp));
    const deadline = Date.now() + 30_000;
    for (;;) {
      const stored = new Set((await twin.items()).map((item) => readingKey(item.device_id, item.timestamp)));
      if (keys.every((key) => stored.has(key))) return ms;
      if (Date.now() > deadline) throw new Error(`functionDurations: ${names.wrapper}: ${keys.filter((key) => stored.has(key)).length} of ${keys.length} readings stored after 30 s`);
      await sleep(20);
    }
  };
  /** The processor on `events` (one event, or a batch request), then the persister on what it answered. */
  const processorThenPersister = async (events: TelemetryEvent[]): Promise<{ processorMs: number; persisterMs: number }> => {
    const processed = await timedInvoke(twin, names.processor, events.length === 1 ? events[0] : toProcessorBatchRequest(events));
    let data: JsonObject[] = [processed.answer as JsonObject];
    if (events.length > 1) {
      const read = readProcessorBatchResponse(processed.answer, events.length);
      if (read.kind !== 'results' || !read.results.every((r) => r.ok)) throw new Error(`functionDurations: ${names.processor} answered the batch with ${JSON.stringify(read).slice(0, 300)}`);
      data = read.results.map((r) => (r.ok ? r.data : {}));
    }
    const records: PersistRecord[] = events.map((event, i) => ({ event, data: data[i] as JsonObject }));
    // The persister writes before it answers: its answer says every record was received and none parked.
    const persisted = await timedInvoke(twin, names.persister, { records });
    const received = (persisted.answer as Record<string, unknown>)['received'];
    if (received !== records.length) throw new Error(`functionDurations: ${names.persister} received ${String(received)} of ${records.length} records`);
    return { processorMs: processed.ms, persisterMs: persisted.ms };
  };

  for (let round = 0; round < WARM_UP_ROUNDS + calls; round += 1) {
    const measured: Array<[Shape, number]> = [];
    measured.push(['dispatcher:one', await throughDispatcher(source.take(1)[0], 1)]);
    measured.push(['dispatcher:batch', await throughDispatcher(source.take(batch), batch)]);
    measured.push(['wrapper:one', await throughWrapper(eventsOf(source.take(1)))]);
    const wrapperEvents = eventsOf(source.take(batch));
    wrapperBatchDevices = new Set(wrapperEvents.map((event) => event.deviceId)).size;
    measured.push(['wrapper:batch', await throughWrapper(wrapperEvents)]);
    const one = await processorThenPersister(eventsOf(source.takeOf(PROCESSOR_DEVICE, 1)));
    measured.push(['processor:one', one.processorMs], ['persister:one', one.persisterMs]);
    const many = await processorThenPersister(eventsOf(source.takeOf(PROCESSOR_DEVICE, batch)));
    measured.push(['processor:batch', many.processorMs], ['persister:batch', many.persisterMs]);
    if (round >= WARM_UP_ROUNDS) for (const [shape, ms] of measured) samples.set(shape, [...(samples.get(shape) ?? []), ms]);
  }

  const pair = (fn: PipelineFunction) => ({ one: tenths(median(samples.get(`${fn}:one`) ?? [])), batch: tenths(median(samples.get(`${fn}:batch`) ?? [])) });
  const durations: FunctionDurations = {
    dispatcher: pair('dispatcher'),
    wrapper: pair('wrapper'),
    processor: pair('processor'),
    persister: pair('persister'),
    batch,
    wrapperBatchDevices,
    source: `local twin, client-observed medians of ${calls} RequestResponse calls (upper bounds: serverless-offline's overhead included)`,
  };
  return {
    name: FUNCTION_DURATIONS_BENCHMARK,
    source: durations.source,
    calls,
    rows: durationRows(durations),
    goal: 'inputs of npm run capacity (upper bounds)',
  };
}

if (require.main === module) {
  const { values } = parseArgs({ options: { calls: { type: 'string', default: '25' }, batch: { type: 'string', default: '25' }, out: { type: 'string' } } });
  const workspace = path.resolve(__dirname, '..');
  const out = path.resolve(values.out ?? path.join(workspace, 'bench/results/function-durations.json'));
  void (async () => {
    const twin = await startLocalTwin({ workspace, ports: { lambda: 6102, dynamodb: 6167, health: 6110 }, name: 'function-durations-twin' });
    try {
      const result = await functionDurations({ twin, batch: Number(values.batch), calls: Number(values.calls) });
      console.table(result.rows);
      mkdirSync(path.dirname(out), { recursive: true });
      // A results file of one benchmark: what the capacity calculator reads from bench/results/latest.json.
      writeFileSync(out, `${JSON.stringify({ at: new Date().toISOString(), benchmarks: [result] }, null, 2)}\n`);
      console.log(`written to ${path.relative(process.cwd(), out)} (npm run capacity -- --durations ${path.relative(process.cwd(), out)} …)`);
    } finally {
      await twin.stop();
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
