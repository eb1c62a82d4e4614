// 1b. The adapter's opt-in options, each against the raw call (`LambdaClient.send(InvokeCommand)`,
// encode and JSON.parse included, as bench/adapterOverhead.ts makes it) and beside the plain adapter
// (every option at its default), in one run: the same client, endpoint (the in-process fake Lambda
// API, so the client-side cost is what shows) and payload, calls interleaved round by round in an
// order shuffled each round, so that no variant runs on a warmer or quieter machine, nor always
// after the same one (a call timed right after a network call would be charged for its tail: the
// event loop is let settle before each call). Variants:
// - `metrics`: a MemoryMetrics sink (what the adapter records per call: Invocations, Duration);
// - `rateLimit`: a token bucket set far above the call rate, so it never waits (its bookkeeping alone);
// - `cache` miss: a new payload every call (key computed, entry stored, LRU evicting at 1,000);
// - `cache` hit: the same payload every call, answered from the cache (no request at all).
// Goals (issue 17): each option ≤ 1.05× the raw call (the plain adapter too), a cache hit ≤ 0.05× it,
// judged on the median call's wall time (`vsRaw`); beside it the mean's (`meanVsRaw`) and CPU time's
// (`cpuVsRaw`: user + system of the process, the fake API's share included).
// `npx tsx --tsconfig bench/tsconfig.json bench/adapterFeatures.ts [--quick] [--port N]` runs it alone.
import { parseArgs } from 'node:util';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { silentLogger } from '@twinflow/core';
import { LambdaAdapter, MemoryMetrics } from '@twinflow/lambda-adapter';
import { FUNCTION, PAYLOAD, benchClient, fakeLambdaEndpoint } from './adapterOverhead';
import { printResult, runAlone } from './report';

const round = (x: number): number => Math.round(x * 1000) / 1000;

/** One variant: its call, and the most it may cost against the raw call (`undefined`: no goal). */
type Variant = { name: string; call: () => Promise<unknown>; maxVsRaw: number | undefined };

/** The median of `values` (sorted in place). */
function median(values: number[]): number {
  values.sort((a, b) => a - b);
  const mid = values.length >> 1;
  return values.length % 2 === 1 ? (values[mid] ?? 0) : ((values[mid - 1] ?? 0) + (values[mid] ?? 0)) / 2;
}

/**
 * Times `calls` calls of every variant, interleaved: each round calls every variant once, in an
 * order shuffled each round (seeded, so every run shuffles alike), so no variant always follows
 * the same one; before each call the event loop is let settle (what the previous call left, such
 * as its socket going back to the pool, is nobody's time). Ratios are against `variants[0]` (the
 * raw call): of the median call (`vsRaw`, per block in `blockVsRaw`: robust to the pauses a busy
 * machine puts into a few calls), of the mean (`meanVsRaw`) and of CPU time (`cpuVsRaw`); and of the
 * median against `variants[1]`, the plain adapter (`vsPlain`).
 */
async function interleavedVariants(variants: readonly Variant[], { calls, blocks }: { calls: number; blocks: number }) {
  const perBlock = Math.ceil(calls / blocks);
  const samples = variants.map((): number[][] => []); // [variant][block] → ns of each call
  const cpuUs = variants.map(() => 0);
  const order = variants.map((_, v) => v);
  let seed = 17;
  const random = (): number => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31) / 2 ** 31;
  for (let block = 0; block < blocks; block += 1) {
    const blockSamples = variants.map((): number[] => []);
    for (let i = 0; i < perBlock; i += 1) {
      for (let k = order.length - 1; k > 0; k -= 1) {
        const j = Math.floor(random() * (k + 1));
        [order[k], order[j]] = [order[j] ?? j, order[k] ?? k];
      }
      for (const v of order) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        const cpu = process.cpuUsage();
        const started = process.hrtime.bigint();
        await variants[v]?.call();
        blockSamples[v]?.push(Number(process.hrtime.bigint() - started));
        const { user, system } = process.cpuUsage(cpu);
        cpuUs[v] = (cpuUs[v] ?? 0) + user + system;
      }
    }
    blockSamples.forEach((ns, v) => samples[v]?.push(ns));
  }
  const n = perBlock * blocks;
  const all = samples.map((perBlockNs) => perBlockNs.flat());
  const medians = all.map((ns) => median([...ns]));
  const means = all.map((ns) => ns.reduce((sum, x) => sum + x, 0) / Math.max(1, ns.length));
  const blockMedians = samples.map((perBlockNs) => perBlockNs.map((ns) => median([...ns])));
  const [raw = 1, plain = 1] = medians;
  return variants.map(({ name, maxVsRaw }, v) => {
    const vsRaw = round((medians[v] ?? 0) / raw);
    const spread = (blockMedians[v] ?? []).map((ns, b) => ns / (blockMedians[0]?.[b] ?? ns)).sort((a, b) => a - b);
    const goal = maxVsRaw === undefined ? 'baseline' : `≤ ${maxVsRaw} ${vsRaw <= maxVsRaw ? 'met' : 'MISSED'}`;
    return {
      variant: name,
      calls: n,
      medianUs: round((medians[v] ?? 0) / 1000),
      vsRaw,
      blockVsRaw: `${round(spread[0] ?? 0)}–${round(spread.at(-1) ?? 0)}`,
      meanVsRaw: round((means[v] ?? 0) / (means[0] ?? 1)),
      cpuVsRaw: round((cpuUs[v] ?? 0) / (cpuUs[0] ?? 1)),
      vsPlain: round((medians[v] ?? 0) / plain),
      goal,
    };
  });
}

/** Options of {@link adapterFeatures}; `port`: the fake Lambda API's (default any free one). */
export type AdapterFeaturesOptions = { calls: number; blocks: number; warmup: number; port?: number };

/** Each opt-in option of the adapter vs the raw call (and the plain adapter), on the in-process fake Lambda API. */
export async function adapterFeatures({ calls, blocks, warmup, port }: AdapterFeaturesOptions) {
  const fake = await fakeLambdaEndpoint({ port });
  const client = benchClient(fake.url);
  const base = { functionName: FUNCTION, client, logger: silentLogger, circuitBreaker: false } as const;
  const plain = new LambdaAdapter(base);
  const withMetrics = new LambdaAdapter({ ...base, metrics: new MemoryMetrics() });
  const withRateLimit = new LambdaAdapter({ ...base, rateLimit: { perSecond: 1_000_000 } });
  const withCache = new LambdaAdapter({ ...base, cache: { ttlMs: 3_600_000, maxEntries: 1_000 } });
  const withCacheMisses = new LambdaAdapter({ ...base, cache: { ttlMs: 3_600_000, maxEntries: 1_000 } });
  // Every miss a payload of its own, made before the clock starts (the same size as PAYLOAD's encoding ± a few bytes).
  const missPayloads = Array.from({ length: warmup + Math.ceil(calls / blocks) * blocks }, (_, i) => ({ ...PAYLOAD, eventId: `bench-${i}` }));
  let miss = 0;
  // What any caller of the raw client must do: encode the object, send, decode the JSON answer.
  const raw = async (): Promise<unknown> => {
    const out = await client.send(new InvokeCommand({ FunctionName: FUNCTION, Payload: Buffer.from(JSON.stringify(PAYLOAD)) }));
    return JSON.parse(Buffer.from(out.Payload ?? new Uint8Array()).toString('utf8'));
  };
  const variants: Variant[] = [
    { name: 'raw LambdaClient.send(InvokeCommand)', call: raw, maxVsRaw: undefined },
    { name: 'plain adapter (defaults)', call: () => plain.invoke(PAYLOAD), maxVsRaw: 1.05 },
    { name: 'metrics (MemoryMetrics)', call: () => withMetrics.invoke(PAYLOAD), maxVsRaw: 1.05 },
    { name: 'rateLimit (never waits)', call: () => withRateLimit.invoke(PAYLOAD), maxVsRaw: 1.05 },
    { name: 'cache, miss (new payload)', call: () => withCacheMisses.invoke(missPayloads[miss++] ?? PAYLOAD), maxVsRaw: 1.05 },
    { name: 'cache, hit (same payload)', call: () => withCache.invoke(PAYLOAD), maxVsRaw: 0.05 },
  ];
  try {
    for (let i = 0; i < warmup; i += 1) for (const { call } of variants) await call();
    const rows = await interleavedVariants(variants, { calls, blocks });
    const vsRaw = (v: number): number => rows[v]?.vsRaw ?? 0;
    return {
      name: 'adapter features: each opt-in option vs the raw LambdaClient.send(InvokeCommand) (in-process fake Lambda API)',
      plainVsRaw: vsRaw(1),
      metricsVsRaw: vsRaw(2),
      rateLimitVsRaw: vsRaw(3),
      cacheMissVsRaw: vsRaw(4),
      cacheHitVsRaw: vsRaw(5),
      // A raw call to Lambda costs as much as this many cache hits.
      callCostInHits: Math.round(1 / vsRaw(5)),
      goal: 'each option ≤ 1.05× the raw call, a cache hit ≤ 0.05×',
      rows,
    };
  } finally {
    client.destroy();
    await fake.close();
  }
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, port: { type: 'string', default: '0' } } });
  const sizes = values.quick ? { calls: 2000, blocks: 4, warmup: 200 } : { calls: 6000, blocks: 6, warmup: 300 };
  printResult(await adapterFeatures({ ...sizes, port: Number(values.port) }));
}

runAlone(module, main);
