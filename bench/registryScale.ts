// 10,000 devices in the registry (`npx tsx --tsconfig bench/tsconfig.json bench/registryScale.ts
// [--quick] [--port N]`, N in 6300–6399, default the first free of 6370–6379). The dispatcher
// bundles config/config_iot_devices.json and validates it at cold start; this builds its bundle
// twice with the services' own esbuild options (the `esbuild` block of apps/serverless.shared.yml,
// read here, as serverless-esbuild applies it): once with the repository's registry, once with a
// generated one of 10,000 devices (the repository's among them) substituted for the same import.
// For each: the zip's bytes (as `serverless package` zips it: `src/handler.js`), the cold start
// (require + first call in a fresh process, bundles.ts's `coldStartMs`, the two bundles alternating)
// with a real reading, which the dispatcher checks against the registry and hands to the wrapper
// (a local HTTP server answering 202, in its own process, as Lambda answers an `Event` invoke),
// and the warm cost per reading (both handlers in one process, gateway messages of 25 readings,
// blocks alternating). And core's device lookup alone: `get(id)` with 2, 10,000 and 100,000
// entries (O(1): the ratio stays about 1).
import { execFileSync, spawn } from 'node:child_process';
import type { ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build } from 'esbuild';
import type { BuildOptions, Plugin } from 'esbuild';
import { parseDocument } from 'yaml';
import { createDeviceLookup, parseDeviceRegistry } from '@twinflow/core';
import type { DeviceEntry, DeviceLookup } from '@twinflow/core';
import { readZipEntry, writeDeterministicZip } from '@twinflow/deploy-tools';
import { coldStartEnv, coldStartMs } from './bundles';
import { printResult, runAlone } from './report';

/** The import the dispatcher bundles its registry through (apps/dispatcher/src/config.ts). */
const REGISTRY_IMPORT = '@twinflow/config/config_iot_devices.json';
const LARGE = 10_000;
const HUGE = 100_000;
const READINGS_PER_MESSAGE = 25;
const PORTS = { first: 6370, last: 6379 } as const;

const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const tenths = (x: number): number => Math.round(x * 10) / 10;
const hundredths = (x: number): number => Math.round(x * 100) / 100;
const quartilesOf = (xs: readonly number[]): number[] => {
  const sorted = [...xs].sort((a, b) => a - b);
  return [sorted[Math.floor(sorted.length / 4)], sorted[Math.floor((3 * sorted.length) / 4)]].map((x) => hundredths(x ?? Number.NaN));
};

/**
 * Keys of serverless-esbuild's options that are its own, not esbuild's: it drops them before
 * calling esbuild (serverless-esbuild/dist/bundle.js), and so does this. `exclude` becomes `external`.
 */
const PLUGIN_ONLY_KEYS = new Set(['concurrency', 'zipConcurrency', 'exclude', 'nativeZip', 'packager', 'packagePath', 'watch', 'keepOutputDirectory', 'packagerOptions', 'installExtraArgs', 'outputFileExtension', 'outputBuildFolder', 'outputWorkFolder', 'nodeExternals', 'skipBuild', 'skipRebuild', 'skipBuildExcludeFns', 'stripEntryResolveExtensions', 'disposeContext']);

/**
 * The esbuild options `serverless package` builds a service with: the `esbuild` block of
 * apps/serverless.shared.yml over serverless-esbuild's defaults (bundle, node platform, the
 * runtime's target, `exclude: ['aws-sdk']`), its own keys dropped, `exclude` turned into `external`
 * and a `plugins` file loaded.
 */
export function serviceEsbuildOptions(workspace: string, serviceDir: string): BuildOptions {
  const doc = parseDocument(readFileSync(path.join(workspace, 'apps', 'serverless.shared.yml'), 'utf8'));
  if (doc.errors.length > 0) throw new Error(`apps/serverless.shared.yml: ${doc.errors[0]?.message ?? 'invalid YAML'}`);
  const block = (doc.toJSON() as { esbuild?: Record<string, unknown> }).esbuild;
  if (block === undefined) throw new Error('apps/serverless.shared.yml: no esbuild block');
  if (block['config'] !== undefined) throw new Error('registryScale: the esbuild block names a config file; mirror it here');
  const merged: Record<string, unknown> = { bundle: true, platform: 'node', target: 'node22', exclude: ['aws-sdk'], external: [], ...block };
  const strings = (value: unknown): string[] => (Array.isArray(value) ? value : [value]).filter((v): v is string => typeof v === 'string');
  const exclude = strings(merged['exclude']);
  const options = Object.fromEntries(Object.entries(merged).filter(([key]) => !PLUGIN_ONLY_KEYS.has(key)));
  // `plugins: <file>`: a module (relative to the service) exporting esbuild plugins, as serverless-esbuild loads it.
  if (typeof options['plugins'] === 'string') {
    const loaded = require(path.join(serviceDir, options['plugins'])) as Plugin[] | { default: Plugin[] };
    options['plugins'] = Array.isArray(loaded) ? loaded : loaded.default;
  }
  return { ...options, external: [...strings(merged['external']), ...(exclude.includes('*') ? [] : exclude)] } as BuildOptions;
}

/**
 * `count` valid devices: `sensor-00001`, … then the repository's own (so the same readings are
 * registered in both). Each generated entry has the fields of a repository entry in turn (its
 * description, memory and timeout), so the registry is 10,000 entries like the repository's.
 */
export function generatedRegistry(count: number, own: readonly DeviceEntry[]): DeviceEntry[] {
  const width = String(count).length;
  const generated = Array.from({ length: count - own.length }, (_, i): DeviceEntry => ({ ...own[i % own.length], id: `sensor-${String(i + 1).padStart(width, '0')}` }));
  return [...generated, ...own];
}

/**
 * Resolves the registry import to `file` instead of the repository's, an ordinary JSON file on
 * disk, so every loader and plugin of the build treats it as it treats the real one.
 */
function registryPlugin(file: string): Plugin {
  const filter = new RegExp(`^${REGISTRY_IMPORT.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`);
  return { name: 'registry-scale', setup: (b) => void b.onResolve({ filter }, () => ({ path: file })) };
}

/** The dispatcher's `src/handler.js` as `serverless package` builds it; with `registryFile`, that registry bundled instead of the repository's. */
async function buildDispatcher(workspace: string, registryFile?: string): Promise<string> {
  const appDir = path.join(workspace, 'apps', 'dispatcher');
  const { plugins = [], ...options } = serviceEsbuildOptions(workspace, appDir);
  const result = await build({
    ...options,
    absWorkingDir: appDir,
    entryPoints: [path.join(appDir, 'src', 'handler.ts')],
    outdir: path.join(appDir, '.esbuild', '.build', 'src'),
    write: false,
    logLevel: 'silent',
    plugins: registryFile === undefined ? plugins : [registryPlugin(registryFile), ...plugins],
  });
  const out = result.outputFiles.find((file) => file.path.endsWith('handler.js'));
  if (out === undefined) throw new Error('registryScale: esbuild wrote no handler.js');
  return out.text;
}

const SERVER = `
const server = require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => { res.writeHead(202, { 'content-type': 'application/json' }); res.end(); }); });
server.on('error', (e) => { process.stdout.write('error ' + e.code + '\\n'); process.exit(1); });
server.listen(Number(process.argv[1]), '127.0.0.1', () => process.stdout.write('ready\\n'));
`;

/** A Lambda API that answers every invoke 202 (an accepted `Event` invoke), in its own process (cold starts block this one). */
async function startAcceptingLambda(ports: readonly number[]): Promise<{ endpoint: string; stop: () => void }> {
  for (const port of ports) {
    const child: ChildProcess = spawn(process.execPath, ['-e', SERVER, String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    const line = await new Promise<string>((resolve) => {
      let text = '';
      child.stdout?.on('data', (chunk: Buffer) => {
        text += chunk.toString();
        if (text.includes('\n')) resolve(text.trim());
      });
      child.on('exit', () => resolve(text.trim() || 'exited'));
    });
    if (line === 'ready') return { endpoint: `http://127.0.0.1:${port}`, stop: () => void child.kill() };
    child.kill();
  }
  throw new Error(`registryScale: no free port among ${ports.join(', ')}`);
}

const PROBE = `
const { handler } = require(process.argv[1]);
handler(JSON.parse(process.argv[2]), { awsRequestId: 'probe' }).then((r) => process.stdout.write(JSON.stringify({ received: r.received, dispatched: r.dispatched, failed: r.failed })));
`;

const WARM = `
const { files, messages, blocks, perBlock, warmup } = JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));
const handlers = files.map((f) => require(f).handler);
let n = 0;
const run = async (v, count) => {
  const t0 = process.hrtime.bigint();
  let readings = 0;
  for (let i = 0; i < count; i += 1) {
    const message = messages[v][(n += 1) % messages[v].length];
    const r = await handlers[v](message, { awsRequestId: 'warm-' + n });
    if (r.dispatched !== message.length) throw new Error('not dispatched: ' + JSON.stringify(r.results.find((x) => x.status !== 'dispatched')));
    readings += message.length;
  }
  return Number(process.hrtime.bigint() - t0) / 1e3 / readings;
};
(async () => {
  for (let v = 0; v < handlers.length; v += 1) await run(v, warmup);
  const us = handlers.map(() => []);
  for (let b = 0; b < blocks; b += 1) {
    const order = b % 2 === 0 ? [0, 1] : [1, 0];
    for (const v of order) us[v].push(await run(v, perBlock));
  }
  process.stdout.write(JSON.stringify(us));
})().catch((e) => { process.stderr.write(String(e && e.stack || e)); process.exit(1); });
`;

/** Gateway messages of 25 readings each, over `deviceIds` in turn; timestamps increasing, so every reading is new. */
function messagesOver(deviceIds: readonly string[], count: number): Array<Array<Record<string, unknown>>> {
  const start = Date.parse('2026-11-24T08:00:00.000Z');
  let k = 0;
  return Array.from({ length: count }, () =>
    Array.from({ length: READINGS_PER_MESSAGE }, () => {
      k += 1;
      return { device_id: deviceIds[k % deviceIds.length], timestamp: new Date(start + k).toISOString(), temperature: 60 + (k % 30), pressure: 700 + (k % 100) };
    }),
  );
}

/** ns per `get(id)`: the fastest of `rounds` alternating passes over each lookup's own query ids (other processes' noise only ever adds). */
function lookupNs(lookups: ReadonlyArray<{ devices: DeviceLookup; queries: readonly string[] }>, rounds: number): number[] {
  const ns = lookups.map(() => [] as number[]);
  let sink = 0;
  for (let r = 0; r < rounds; r += 1) {
    const order = lookups.map((_, i) => (i + r) % lookups.length);
    for (const i of order) {
      const { devices, queries } = lookups[i] as (typeof lookups)[number];
      const t0 = process.hrtime.bigint();
      for (const id of queries) sink += devices.get(id).id.length;
      (ns[i] as number[]).push(Number(process.hrtime.bigint() - t0) / queries.length);
    }
  }
  if (sink === 0) throw new Error('unreachable');
  return ns.map((xs) => Math.min(...xs));
}

/** `n` query ids, `pick(k)` the k-th. */
const queriesOf = (n: number, pick: (k: number) => string): string[] => Array.from({ length: n }, (_, k) => pick(k));

/** The registry-scale benchmark: zip, cold start and per-reading cost with 10,000 devices vs the repository's, and the lookup's O(1). */
export async function registryScale({ workspace, quick, ports = rangeOf(PORTS.first, PORTS.last) }: { workspace: string; quick: boolean; ports?: readonly number[] }) {
  const sizes = quick ? { coldRuns: 15, blocks: 20, perBlock: 10, warmup: 40, lookups: 200_000, lookupRounds: 7 } : { coldRuns: 41, blocks: 60, perBlock: 20, warmup: 80, lookups: 1_000_000, lookupRounds: 15 };
  const progress = (line: string): void => void process.stderr.write(`registry scale: ${line}\n`);
  const own = parseDeviceRegistry(JSON.parse(readFileSync(path.join(workspace, 'config', 'config_iot_devices.json'), 'utf8')));
  if (own.length === 0) throw new Error('registryScale: config/config_iot_devices.json has no device to send readings of');
  const large = generatedRegistry(LARGE, own);
  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-registry-'));
  const lambda = await startAcceptingLambda(ports);
  try {
    // In a config/ folder, as the repository's: the bundles' plugins treat it as they treat the real one.
    mkdirSync(path.join(dir, 'config'));
    const largeFile = path.join(dir, 'config', 'config_iot_devices.json');
    writeFileSync(largeFile, `${JSON.stringify(large, null, 2)}\n`);
    progress('building the dispatcher with the repository registry and with 10,000 devices…');
    const variants = [
      { label: `${own.length} devices (the repository's)`, devices: own.length, code: await buildDispatcher(workspace), readingIds: own.map((d) => d.id) },
      // Readings spread over the whole registry (every 97th device, the repository's among them).
      { label: `${LARGE.toLocaleString('en')} devices (generated)`, devices: LARGE, code: await buildDispatcher(workspace, largeFile), readingIds: [...queriesOf(Math.ceil(LARGE / 97), (k) => (large[k * 97] as DeviceEntry).id), ...own.map((d) => d.id)] },
    ].map((v, i) => ({ ...v, file: path.join(dir, `dispatcher-${i}.js`) }));
    const serverlessZip = path.join(workspace, 'apps', 'dispatcher', '.serverless', 'demo-dispatcher.zip');
    const sameAsPackaged = existsSync(serverlessZip) ? (await readZipEntry(serverlessZip, 'src/handler.js')).toString('utf8') === variants[0]?.code : 'not packaged';
    const zips: number[] = [];
    for (const v of variants) {
      writeFileSync(v.file, v.code);
      zips.push((await writeDeterministicZip([{ name: 'src/handler.js', data: v.code }])).bytes.length);
    }

    // The adapter's EMF lines off (the product's switch): the measuring scripts answer on stdout, and
    // the lines cost the same whatever the registry's size.
    const env = { ...coldStartEnv(workspace), LAMBDA_ENDPOINT: lambda.endpoint, AWS_ACCESS_KEY_ID: 'bench', AWS_SECRET_ACCESS_KEY: 'bench', POWERTOOLS_METRICS_DISABLED: 'true' };
    const reading = { device_id: own[0]?.id, timestamp: '2026-11-24T08:00:00.000Z', temperature: 70, pressure: 700 };
    for (const v of variants) {
      // The cold start must take the whole path: the reading registered, handed to the wrapper.
      const probe = JSON.parse(execFileSync(process.execPath, ['-e', PROBE, v.file, JSON.stringify(reading)], { env: { ...env, PATH: process.env['PATH'] }, encoding: 'utf8' })) as { dispatched: number };
      if (probe.dispatched !== 1) throw new Error(`registryScale: the ${v.label} dispatcher did not dispatch the reading: ${JSON.stringify(probe)}`);
    }
    progress(`cold start, a reading of ${reading.device_id} (${sizes.coldRuns} runs each, alternating)…`);
    const cold = variants.map(() => [] as number[]);
    for (let i = 0; i < sizes.coldRuns; i += 1) variants.forEach((v, j) => (cold[j] as number[]).push(coldStartMs(v.file, reading, env, 1)));
    const coldMs = cold.map(median);
    // Each run against the other bundle's run next to it: the machine's drift cancels within a pair.
    const coldPairs = (cold[1] ?? []).map((ms, i) => ms / (cold[0]?.[i] ?? Number.NaN));

    progress(`warm, ${sizes.blocks} alternating blocks of ${sizes.perBlock} messages × ${READINGS_PER_MESSAGE} readings…`);
    const warmConfig = path.join(dir, 'warm.json');
    writeFileSync(warmConfig, JSON.stringify({ files: variants.map((v) => v.file), messages: variants.map((v) => messagesOver(v.readingIds, sizes.perBlock)), blocks: sizes.blocks, perBlock: sizes.perBlock, warmup: sizes.warmup }));
    const warmBlocks = JSON.parse(execFileSync(process.execPath, ['-e', WARM, warmConfig], { env: { ...env, PATH: process.env['PATH'] }, encoding: 'utf8', maxBuffer: 1 << 20 })) as number[][];
    const warmUs = warmBlocks.map(median);
    // Each block against its neighbour of the other handler: drift cancels within a pair.
    const pairRatios = (warmBlocks[1] ?? []).map((us, b) => us / (warmBlocks[0]?.[b] ?? Number.NaN));

    progress(`lookup: get(id) with 2, ${LARGE.toLocaleString('en')} and ${HUGE.toLocaleString('en')} entries…`);
    const huge = generatedRegistry(HUGE, own);
    const lookups = [own, large, huge].map((registry) => ({ registry, devices: createDeviceLookup(registry) }));
    const sameIds = lookupNs(
      lookups.map(({ devices }) => ({ devices, queries: queriesOf(sizes.lookups, (k) => (own[k % own.length] as DeviceEntry).id) })),
      sizes.lookupRounds,
    );
    // Every id of the registry in a scrambled order: the larger maps no longer fit the CPU's caches.
    const everyId = lookupNs(
      lookups.map(({ registry, devices }) => ({ devices, queries: queriesOf(sizes.lookups, (k) => (registry[(k * 7919) % registry.length] as DeviceEntry).id) })),
      sizes.lookupRounds,
    );

    const [small, big] = [0, 1].map((i) => ({ zipBytes: zips[i] ?? Number.NaN, coldMs: coldMs[i] ?? Number.NaN, warmUs: warmUs[i] ?? Number.NaN }));
    if (small === undefined || big === undefined) throw new Error('unreachable');
    const coldRatio = hundredths(median(coldPairs));
    const readingRatio = hundredths(median(pairRatios));
    const lookupRatio = hundredths((sameIds[2] ?? Number.NaN) / (sameIds[0] ?? Number.NaN));
    const kb = (bytes: number): string => `${tenths(bytes / 1024)} KB`;
    return {
      name: `${LARGE.toLocaleString('en')} devices in the registry: the dispatcher's zip, cold start (a reading, fresh process) and warm cost per reading, vs the repository's ${own.length}`,
      coldStartRatio: coldRatio,
      perReadingRatio: readingRatio,
      lookupRatio,
      bundleSameAsServerlessPackage: sameAsPackaged,
      goal: 'cold start and per reading ≤ 1.1× with 10,000 devices, each zip ≤ 300 KB, lookup O(1) (ratio ≈ 1)',
      rows: [
        { figure: `zip bytes, ${variants[0]?.label}`, value: small.zipBytes, unit: kb(small.zipBytes), goal: '≤ 300 KB' },
        { figure: `zip bytes, ${variants[1]?.label}`, value: big.zipBytes, unit: kb(big.zipBytes), goal: '≤ 300 KB' },
        ...(sameAsPackaged === true ? [{ figure: 'zip bytes, `serverless package` of the same 2-device bundle (its own deflate)', value: statSync(serverlessZip).size, unit: kb(statSync(serverlessZip).size), goal: '' }] : []),
        { figure: `cold start ms, ${variants[0]?.label}`, value: tenths(small.coldMs), unit: 'ms', goal: '' },
        { figure: `cold start ms, ${variants[1]?.label}`, value: tenths(big.coldMs), unit: 'ms', goal: '' },
        { figure: `cold start, 10,000 vs repository (median of ${coldPairs.length} run pairs, quartiles ${quartilesOf(coldPairs).join('–')})`, value: coldRatio, unit: '×', goal: '≤ 1.1×' },
        { figure: `warm µs/reading, ${variants[0]?.label}`, value: tenths(small.warmUs), unit: 'µs', goal: '' },
        { figure: `warm µs/reading, ${variants[1]?.label}`, value: tenths(big.warmUs), unit: 'µs', goal: '' },
        { figure: `per reading, 10,000 vs repository (median of ${pairRatios.length} block pairs, quartiles ${quartilesOf(pairRatios).join('–')})`, value: readingRatio, unit: '×', goal: '≤ 1.1×' },
        { figure: 'lookup ns, same ids, 2 / 10,000 / 100,000 entries', value: sameIds.map(tenths).join(' / '), unit: 'ns', goal: '' },
        { figure: 'lookup, same ids, 10,000 vs 2 entries', value: hundredths((sameIds[1] ?? Number.NaN) / (sameIds[0] ?? Number.NaN)), unit: '×', goal: '≈ 1 (O(1))' },
        { figure: 'lookup, same ids, 100,000 vs 2 entries', value: lookupRatio, unit: '×', goal: '≈ 1 (O(1))' },
        // The same O(1) work; the larger maps (and their keys and entries) no longer fit the CPU's caches.
        { figure: 'lookup ns, every id in a scrambled order, 2 / 10,000 / 100,000 entries (memory, not the map)', value: everyId.map(tenths).join(' / '), unit: 'ns', goal: '' },
      ],
    };
  } finally {
    lambda.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function rangeOf(first: number, last: number): number[] {
  return Array.from({ length: last - first + 1 }, (_, i) => first + i);
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, port: { type: 'string' } } });
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 6300 && port <= 6399)) throw new Error(`--port: expected 6300–6399, got ${values.port}`);
  printResult(await registryScale({ workspace: path.resolve(__dirname, '..'), quick: values.quick, ...(port === undefined ? {} : { ports: [port] }) }));
}

runAlone(module, main);
