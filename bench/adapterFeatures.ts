// 1b. The adapter's opt-in features, each against the plain adapter (every option at its default)
// in one run: the same client, endpoint (the in-process fake Lambda API, so the client-side cost
// is what shows) and payload, calls interleaved round by round with the order rotated each round
// (plain, metrics, …; then metrics, …, plain), so that no variant runs on a warmer or quieter
// machine. Variants:
// - `metrics`: a MemoryMetrics sink (what the adapter records per call: Invocations, Duration);
// - `rateLimit`: a token bucket set far above the call rate, so it never waits (its bookkeeping alone);
// - `cache` miss: a new payload every call (key computed, entry stored, LRU evicting at 1,000);
// - `cache` hit: the same payload every call, answered from the cache (no request at all).
// `npx tsx bench/adapterFeatures.ts [--quick] [--port N]` runs it alone.
import { parseArgs } from 'node:util';
import { silentLogger } from '@twinflow/core';
import { LambdaAdapter, MemoryMetrics } from '@twinflow/lambda-adapter';
import { FUNCTION, PAYLOAD, benchClient, fakeLambdaEndpoint } from './adapterOverhead';

const round = (x: number): number => Math.round(x * 1000) / 1000;

type Variant = { name: string; call: () => Promise<unknown>; goal: string };

/**
 * Times `calls` calls of every variant, interleaved: each round calls every variant once, the
 * order rotated by one each round. Ratios are against `variants[0]`, overall and per block.
 */
async function interleavedVariants(variants: readonly Variant[], { calls, blocks }: { calls: number; blocks: number }) {
  const perBlock = Math.ceil(calls / blocks);
  const totalNs = variants.map(() => 0);
  const blockRatios = variants.map((): number[] => []);
  for (let block = 0; block < blocks; block += 1) {
    const blockNs = variants.map(() => 0);
    for (let i = 0; i < perBlock; i += 1) {
      for (let k = 0; k < variants.length; k += 1) {
        const v = (i + k) % variants.length;
        const started = process.hrtime.bigint();
        await variants[v]?.call();
        blockNs[v] = (blockNs[v] ?? 0) + Number(process.hrtime.bigint() - started);
      }
    }
    blockNs.forEach((ns, v) => {
      totalNs[v] = (totalNs[v] ?? 0) + ns;
      blockRatios[v]?.push(ns / (blockNs[0] ?? ns));
    });
  }
  const n = perBlock * blocks;
  const baseline = totalNs[0] ?? 1;
  return variants.map(({ name, goal }, v) => {
    const spread = [...(blockRatios[v] ?? [])].sort((a, b) => a - b);
    const ns = totalNs[v] ?? 0;
    return { variant: name, calls: n, usPerCall: round(ns / n / 1000), ratio: round(ns / baseline), blockRatios: `${round(spread[0] ?? 0)}–${round(spread.at(-1) ?? 0)}`, goal };
  });
}

/** Options of {@link adapterFeatures}; `port`: the fake Lambda API's (default any free one). */
export type AdapterFeaturesOptions = { calls: number; blocks: number; warmup: number; port?: number };

/** Each opt-in option of the adapter vs the plain adapter, on the in-process fake Lambda API. */
export async function adapterFeatures({ calls, blocks, warmup, port }: AdapterFeaturesOptions) {
  const fake = await fakeLambdaEndpoint({ port });
  const client = benchClient(fake.url);
  const base = { functionName: FUNCTION, client, logger: silentLogger, circuitBreaker: false } as const;
  const plain = new LambdaAdapter(base);
  const withMetrics = new LambdaAdapter({ ...base, metrics: new MemoryMetrics() });
  const withRateLimit = new LambdaAdapter({ ...base, rateLimit: { perSecond: 1_000_000 } });
  const withCache = new LambdaAdapter({ ...base, cache: { ttlMs: 3_600_000, maxEntries: 1_000 } });
  const withCacheMisses = new LambdaAdapter({ ...base, cache: { ttlMs: 3_600_000, maxEntries: 1_000 } });
  let miss = 0;
  const variants: Variant[] = [
    { name: 'plain adapter (defaults)', call: () => plain.invoke(PAYLOAD), goal: 'baseline' },
    { name: 'metrics (MemoryMetrics)', call: () => withMetrics.invoke(PAYLOAD), goal: '≤ 1.05' },
    { name: 'rateLimit (never waits)', call: () => withRateLimit.invoke(PAYLOAD), goal: '≤ 1.05' },
    { name: 'cache, miss (new payload)', call: () => withCacheMisses.invoke({ ...PAYLOAD, eventId: `bench-miss-${(miss += 1)}` }), goal: '≤ 1.1 (key + store)' },
    { name: 'cache, hit (same payload)', call: () => withCache.invoke(PAYLOAD), goal: '≪ 1 (no request)' },
  ];
  try {
    for (let i = 0; i < warmup; i += 1) for (const { call } of variants) await call();
    const rows = await interleavedVariants(variants, { calls, blocks });
    const metricsRatio = rows[1]?.ratio ?? 0;
    const cacheHitVsCall = rows[4]?.ratio ?? 0;
    return {
      name: 'adapter features: each opt-in option vs the plain adapter (in-process fake Lambda API)',
      metricsRatio,
      cacheHitVsCall,
      // A call to Lambda costs as much as this many cache hits.
      callCostInHits: Math.round(1 / cacheHitVsCall),
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
  const { name, rows, ...figures } = await adapterFeatures({ ...sizes, port: Number(values.port) });
  console.log(`\n${name}`);
  console.log(
    Object.entries(figures)
      .map(([k, v]) => `${k}: ${v}`)
      .join('  '),
  );
  console.table(rows);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
