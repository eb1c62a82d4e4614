// Builds the code every function of the twin runs and the serverless.yml that serves them all on
// one serverless-offline Lambda endpoint under their real names.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';

export const APPS = [
  { app: 'dispatcher', fn: (twin) => `${twin}-dispatcher`, timeout: 30 },
  { app: 'wrapper', fn: (twin) => `${twin}-processor-wrapper`, timeout: 60 },
  { app: 'persister', fn: (twin) => `${twin}-persister`, timeout: 30 },
];

const ESBUILD = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['@aws-sdk/*'], logLevel: 'error', legalComments: 'none' };

/** Bundles the three services from their sources (the same entry and options as serverless-esbuild). */
export async function buildApps(workspace, outDir) {
  await Promise.all(
    APPS.map(({ app }) =>
      build({
        ...ESBUILD,
        entryPoints: [path.join(workspace, 'apps', app, 'src/handler.ts')],
        tsconfig: path.join(workspace, 'apps', app, 'tsconfig.json'),
        outfile: path.join(outDir, 'functions', `${app}.js`),
      }),
    ),
  );
}

/**
 * Bundles a processor's handler into a versioned file and points its shim at it: the shim
 * loads whatever the pointer names, so swapping code (deploy -c local) never restarts anything.
 */
export async function buildProcessor(workspace, outDir, device) {
  const result = await build({
    ...ESBUILD,
    entryPoints: [path.join(workspace, 'processors', device, 'src/handler.ts')],
    tsconfig: path.join(workspace, 'processors', device, 'tsconfig.json'),
    write: false,
    outfile: 'index.js',
  });
  return installProcessorCode(outDir, device, Buffer.from(result.outputFiles[0].contents));
}

/** Installs processor code (e.g. the index.js of a built zip) as the device's current version. */
export function installProcessorCode(outDir, device, code) {
  const version = createHash('sha256').update(code).digest('hex').slice(0, 16);
  const file = path.join(outDir, 'code', device, `${version}.js`);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, code);
  writeFileSync(path.join(outDir, 'functions', 'processors', `${device}.current`), file);
  return version;
}

/** Writes the shim of a processor: loads the current version, injects faults when asked to. */
export function writeProcessorShim(outDir, device) {
  const dir = path.join(outDir, 'functions', 'processors');
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, `${device}.js`), PROCESSOR_SHIM.replaceAll('__DEVICE__', device));
}

const PROCESSOR_SHIM = `'use strict';
// Local-twin shim of processor __DEVICE__: runs the code version named by __DEVICE__.current
// (swapped by \`nx run processor-__DEVICE__:deploy -c local\`) and injects faults at the rate
// written in ../../faults.json (npm start -- --fault-rate F; PUT /admin/faults {rate, devices}).
const fs = require('node:fs');
const path = require('node:path');
const pointer = path.join(__dirname, '__DEVICE__.current');
const faultsFile = path.join(__dirname, '..', '..', 'faults.json');
let loadedFrom;
let loaded;
// The global rate mixes crashes, invalid output and timeouts, drawn per reading; a per-device rate
// only crashes the whole invocation (a FunctionError), the failure a circuit breaker counts.
function faults() {
  try {
    const file = JSON.parse(fs.readFileSync(faultsFile, 'utf8'));
    const own = file.devices && file.devices['__DEVICE__'];
    return own !== undefined ? { rate: Number(own) || 0, crashOnly: true } : { rate: Number(file.rate) || 0, crashOnly: false };
  } catch { return { rate: 0, crashOnly: false }; }
}
const BATCH = 'twinflow.processor-batch/1';
const hang = () => new Promise((resolve) => setTimeout(resolve, Number(process.env.PROCESSOR_TIMEOUT_MS || 5000) + 500));
exports.handler = async (event, context) => {
  const target = fs.readFileSync(pointer, 'utf8').trim();
  if (target !== loadedFrom) { loaded = require(target); loadedFrom = target; }
  const fault = faults();
  if (event && event.protocol === BATCH && Array.isArray(event.events) && !fault.crashOnly) {
    // A batch: each reading draws its own fault; a crash or invalid output fails that reading
    // alone (as defineProcessor reports it), a hang holds up the whole invocation.
    const drawn = event.events.map(() => (Math.random() < fault.rate ? Math.random() : undefined));
    if (drawn.some((kind) => kind !== undefined && kind >= 0.75)) await hang();
    const healthy = event.events.filter((_, i) => drawn[i] === undefined);
    const answer = await loaded.handler({ ...event, events: healthy }, context);
    const results = answer.results.slice();
    return {
      ...answer,
      results: drawn.map((kind) =>
        kind === undefined ? results.shift()
          : kind < 0.5 ? { ok: false, error: { type: 'Error', message: 'injected fault: processor crashed' } }
          : { ok: true, data: ['injected fault: not an object'] }),
    };
  }
  if (Math.random() < fault.rate) {
    const kind = fault.crashOnly ? 0 : Math.random();
    if (kind < 0.5) throw new Error('injected fault: processor crashed');
    if (kind < 0.75) return ['injected fault: not an object'];
    await hang();
  }
  return loaded.handler(event, context);
};
`;

/** The serverless.yml of the twin: every function, one Lambda endpoint. */
export function writeServerlessConfig(outDir, { twin, region, devices, environment }) {
  const lines = [
    'service: twinflow-local-twin',
    "frameworkVersion: '4'",
    'plugins:',
    '  - serverless-offline',
    'provider:',
    '  name: aws',
    '  runtime: nodejs22.x',
    `  region: ${region}`,
    '  stage: local',
    '  environment:',
    ...Object.entries(environment).map(([key, value]) => `    ${key}: ${JSON.stringify(String(value))}`),
    'functions:',
    ...APPS.flatMap(({ app, fn, timeout }) => [`  ${app}:`, `    name: ${fn(twin)}`, `    handler: functions/${app}.handler`, `    timeout: ${timeout}`]),
    ...devices.flatMap((device) => [
      `  processor-${device.id}:`,
      `    name: ${twin}-${device.id}-processor`,
      `    handler: functions/processors/${device.id}.handler`,
      `    timeout: ${device.timeout ?? 10}`,
    ]),
  ];
  writeFileSync(path.join(outDir, 'serverless.yml'), `${lines.join('\n')}\n`);
}

/** Starts from a clean work directory. */
export function resetWorkDir(outDir) {
  rmSync(outDir, { recursive: true, force: true });
  mkdirSync(path.join(outDir, 'functions', 'processors'), { recursive: true });
  writeFileSync(path.join(outDir, 'faults.json'), JSON.stringify({ rate: 0 }));
}

/** Sets the fault rate of every processor, and optionally per device ({ 'thermostat-1': 1 }). */
export function setFaultRate(outDir, rate, devices = {}) {
  writeFileSync(path.join(outDir, 'faults.json'), JSON.stringify({ rate, devices }));
}

export function readJson(file) {
  return JSON.parse(readFileSync(file, 'utf8'));
}
