// 4. Bundle sizes and cold start: bytes of each app zip and processor zip; require + first call of
// each bundled handler in a fresh Node process, relative to a hello-world handler.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZipEntry } from '@twinflow/deploy-tools';

const COLD = `
const t0 = process.hrtime.bigint();
const { handler } = require(process.argv[1]);
Promise.resolve(handler(JSON.parse(process.argv[2]), { getRemainingTimeInMillis: () => 30000, awsRequestId: 'cold' }))
  .catch(() => undefined)
  .then(() => process.stdout.write(String(Number(process.hrtime.bigint() - t0) / 1e6)));
`;

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
  return samples.sort((a, b) => a - b)[Math.floor(runs / 2)] ?? Number.NaN;
}

const tenths = (x: number): number => Math.round(x * 10) / 10;

/** Zip bytes and cold start of every service and processor, against a hello world and the SDK's floor. */
export async function bundles({ workspace, runs }: { workspace: string; runs: number }) {
  const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-bench-'));
  const env = coldStartEnv(workspace);
  try {
    const hello = path.join(dir, 'hello.js');
    writeFileSync(hello, 'exports.handler = async () => ({ ok: true });');
    const baseline = coldStartMs(hello, {}, env, runs);
    // The floor every service stands on: loading the AWS SDK's Lambda client (the runtime provides it; it is not in the zips).
    const sdkHello = path.join(dir, 'sdk-hello.js');
    writeFileSync(sdkHello, "const { LambdaClient } = require('@aws-sdk/client-lambda'); const client = new LambdaClient({}); exports.handler = async () => ({ ok: typeof client.send });");
    const sdkFloor = coldStartMs(sdkHello, {}, env, runs);
    const rows: Array<{ artifact: string; zipBytes: number | ''; coldStartMs: number; vsHelloWorld: number; goal: string }> = [
      { artifact: 'baseline: hello world + AWS SDK Lambda client', zipBytes: '', coldStartMs: tenths(sdkFloor), vsHelloWorld: tenths(sdkFloor / baseline), goal: '' },
    ];
    for (const app of ['dispatcher', 'wrapper', 'persister']) {
      const zip = path.join(workspace, 'apps', app, '.serverless', `demo-${app}.zip`);
      const file = path.join(dir, `${app}.js`);
      writeFileSync(file, await readZipEntry(zip, 'src/handler.js'));
      const ms = coldStartMs(file, { action: 'health' }, env, runs);
      rows.push({ artifact: `apps/${app}`, zipBytes: statSync(zip).size, coldStartMs: tenths(ms), vsHelloWorld: tenths(ms / baseline), goal: '≤ 300 KB' });
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
      rows.push({ artifact: `processors/${device}`, zipBytes: statSync(zip).size, coldStartMs: tenths(ms), vsHelloWorld: tenths(ms / baseline), goal: '≤ 10 KB' });
    }
    return { name: 'bundles and cold start (require + first call, fresh process)', helloWorldColdStartMs: tenths(baseline), sdkClientColdStartMs: tenths(sdkFloor), rows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
