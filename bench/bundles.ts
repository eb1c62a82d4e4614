// 4. Bundle sizes and cold start: bytes of each app zip and processor zip; require + first call of
// each bundled handler in a fresh Node process, relative to a hello-world handler and to the SDK
// floor (a hello world that only loads the AWS SDK's Lambda client from node_modules, as the
// nodejs22.x runtime provides it). Each service is measured both ways, side by side: its shipped
// zip, and the other choice of apps/serverless.shared.yml (SDK bundled vs left to the runtime),
// built here with esbuild from the same entry and options.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import type { BuildOptions } from 'esbuild';
import { readZipEntry, writeDeterministicZip } from '@twinflow/deploy-tools';
import { serviceEsbuildOptions } from './registryScale';

const COLD = `
const t0 = process.hrtime.bigint();
const { handler } = require(process.argv[1]);
Promise.resolve(handler(JSON.parse(process.argv[2]), { getRemainingTimeInMillis: () => 30000, awsRequestId: 'cold' }))
  .catch(() => undefined)
  .then(() => process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6)));
`;

const APPS = ['dispatcher', 'wrapper', 'persister'] as const;
const SDK = '@aws-sdk/*';
const GOAL_VS_FLOOR = 0.8;
const MAX_SERVICE_ZIP_BYTES = 300 * 1024;

/** The environment the bundled handlers cold-start in (no AWS, a memory failure store, silent logs). */
export function coldStartEnv(workspace: string): NodeJS.ProcessEnv {
  return { TWIN_NAME: 'demo', FAILURE_STORE: 'memory', AWS_REGION: 'eu-central-1', NODE_PATH: path.join(workspace, 'node_modules'), LOG_LEVEL: 'silent', AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' };
}

/** Median ms of `runs` fresh processes that require `file` and call its handler once with `event`. */
export function coldStartMs(file: string, event: unknown, env: NodeJS.ProcessEnv, runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i += 1) {
    samples.push(Number(execFileSync(process.execPath, ['-e', COLD, file, JSON.stringify(event)], { env: { ...env, PATH: process.env['PATH'] }, encoding: 'utf8' })));
  }
  return median(samples);
}

const median = (samples: readonly number[]): number => [...samples].sort((a, b) => a - b)[Math.floor(samples.length / 2)] ?? Number.NaN;
const tenths = (x: number): number => Math.round(x * 10) / 10;
const hundredths = (x: number): number => Math.round(x * 100) / 100;

/** Whether esbuild options leave the AWS SDK v3 to the runtime. */
const excludesSdk = (options: BuildOptions): boolean => (options.external ?? []).includes(SDK);

/**
 * A service's `src/handler.js` built with the options `serverless package` uses, but the other SDK
 * choice: excluded when the shipped zip bundles it, bundled when it excludes it.
 */
async function buildAlternative(workspace: string, app: string): Promise<{ sdk: string; code: Uint8Array }> {
  const appDir = path.join(workspace, 'apps', app);
  const options = serviceEsbuildOptions(workspace, appDir);
  const external = excludesSdk(options) ? (options.external ?? []).filter((name) => name !== SDK) : [...(options.external ?? []), SDK];
  const result = await build({ ...options, external, absWorkingDir: appDir, entryPoints: [path.join(appDir, 'src', 'handler.ts')], outdir: path.join(appDir, '.esbuild', '.build', 'src'), write: false, logLevel: 'silent' });
  const out = result.outputFiles.find((file) => file.path.endsWith('handler.js'));
  if (out === undefined) throw new Error(`bundles: esbuild wrote no handler.js for ${app}`);
  return { sdk: external.includes(SDK) ? 'excluded' : 'bundled', code: out.contents };
}

interface Variant {
  artifact: string;
  sdk: string;
  zipBytes: number;
  file: string;
  samples: number[];
}

/** Zip bytes and cold start of every service (both SDK choices) and processor, against a hello world and the SDK's floor. */
export async function bundles({ workspace, runs }: { workspace: string; runs: number }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-bench-'));
  const env = coldStartEnv(workspace);
  try {
    const hello = path.join(dir, 'hello.js');
    writeFileSync(hello, 'exports.handler = async () => ({ ok: true });');
    // The floor of the issue: loading the AWS SDK's Lambda client as the runtime provides it (from node_modules).
    const sdkHello = path.join(dir, 'sdk-hello.js');
    writeFileSync(sdkHello, "const { LambdaClient } = require('@aws-sdk/client-lambda'); const client = new LambdaClient({}); exports.handler = async () => ({ ok: typeof client.send });");

    const variants: Variant[] = [];
    const shippedBundlesSdk = !excludesSdk(serviceEsbuildOptions(workspace, path.join(workspace, 'apps', APPS[0])));
    for (const app of APPS) {
      const zip = path.join(workspace, 'apps', app, '.serverless', `demo-${app}.zip`);
      const shipped = path.join(dir, `${app}.js`);
      writeFileSync(shipped, await readZipEntry(zip, 'src/handler.js'));
      variants.push({ artifact: `apps/${app}`, sdk: `${shippedBundlesSdk ? 'bundled' : 'excluded'} (shipped)`, zipBytes: statSync(zip).size, file: shipped, samples: [] });
      const alternative = path.join(dir, `${app}-alternative.js`);
      const { sdk, code } = await buildAlternative(workspace, app);
      writeFileSync(alternative, code);
      // Zipped as the processors are (yazl, deflate): within a few % of serverless's own zip.
      const { bytes } = await writeDeterministicZip([{ name: 'src/handler.js', data: Buffer.from(code) }]);
      variants.push({ artifact: `apps/${app}`, sdk, zipBytes: bytes.length, file: alternative, samples: [] });
    }

    // Interleaved: every round runs the references and each variant once, so drift hits all alike.
    const references = { hello: [] as number[], floor: [] as number[] };
    for (let i = 0; i < runs; i += 1) {
      references.hello.push(coldStartMs(hello, {}, env, 1));
      references.floor.push(coldStartMs(sdkHello, {}, env, 1));
      for (const variant of variants) variant.samples.push(coldStartMs(variant.file, { action: 'health' }, env, 1));
    }
    const baseline = median(references.hello);
    const sdkFloor = median(references.floor);
    const rows: Array<{ artifact: string; sdk: string; zipBytes: number | ''; coldStartMs: number; vsSdkFloor: number; vsHelloWorld: number; goal: string }> = [
      { artifact: 'baseline: hello world + AWS SDK Lambda client (node_modules)', sdk: 'runtime', zipBytes: '', coldStartMs: tenths(sdkFloor), vsSdkFloor: 1, vsHelloWorld: tenths(sdkFloor / baseline), goal: '' },
    ];
    for (const variant of variants) {
      const ms = median(variant.samples);
      const vsSdkFloor = hundredths(ms / sdkFloor);
      const met = vsSdkFloor <= GOAL_VS_FLOOR && variant.zipBytes <= MAX_SERVICE_ZIP_BYTES;
      rows.push({ artifact: variant.artifact, sdk: variant.sdk, zipBytes: variant.zipBytes, coldStartMs: tenths(ms), vsSdkFloor, vsHelloWorld: tenths(ms / baseline), goal: `≤ ${GOAL_VS_FLOOR}× floor, ≤ 300 KB ${met ? '✓' : '✗'}` });
    }

    const processorsDir = path.join(workspace, 'dist', 'processors');
    for (const name of readdirSync(processorsDir)
      .filter((f) => f.endsWith('.zip'))
      .sort()) {
      const zip = path.join(processorsDir, name);
      const file = path.join(dir, name.replace('.zip', '.js'));
      writeFileSync(file, await readZipEntry(zip, 'index.js'));
      const device = name.replace(/^processor-|\.zip$/g, '');
      const event = { twin: 'demo', deviceId: device, timestamp: '2026-11-24T08:00:00.000Z', eventId: 'e', payload: { temperature: 70, pressure: 700 }, receivedAt: '2026-11-24T08:00:00.000Z' };
      const ms = coldStartMs(file, event, env, runs);
      rows.push({ artifact: `processors/${device}`, sdk: 'none', zipBytes: statSync(zip).size, coldStartMs: tenths(ms), vsSdkFloor: hundredths(ms / sdkFloor), vsHelloWorld: tenths(ms / baseline), goal: '≤ 10 KB' });
    }
    return {
      name: 'bundles and cold start (require + first call, fresh process; services both ways: SDK bundled vs left to the runtime)',
      helloWorldColdStartMs: tenths(baseline),
      sdkClientColdStartMs: tenths(sdkFloor),
      shipped: shippedBundlesSdk ? 'SDK bundled' : 'SDK excluded',
      goal: `services ≤ ${GOAL_VS_FLOOR}× the SDK floor, zips ≤ 300 KB`,
      rows,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
