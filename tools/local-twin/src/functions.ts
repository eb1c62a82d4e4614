// The twin's work directory: the shipped artifacts unpacked under their functions' real names,
// the function shims every one of them runs behind (src/shims/, bundled here at start), and the
// serverless.yml that serves them all on one serverless-offline Lambda endpoint.
//
//   serverless.yml                         every function, one endpoint
//   faults.json                            the fault settings the processors read per invocation
//   functions/_twin/*.cjs                  the shims, bundled from src/shims/*.ts
//   functions/<app>.js                     a service's entry: its artifact behind the shim
//   functions/apps/<app>/…                 the service's `serverless package` zip, unpacked
//   functions/processors/<device>.js       a processor's entry: the code its pointer names, faults injected
//   functions/processors/<device>.current  the pointer (swapped by deploy -c local, no restart)
//   code/<device>/<version>/…              each version of a processor's zip, unpacked
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { type Artifact, handlerFile } from './artifacts';
import { TwinOptionError } from './errors';
import { FAULT_KINDS, type FaultKind, type FaultSettings } from './shims/processorFaults';

const SHIMS_DIR = path.join(__dirname, 'shims');
const TWIN_DIR = path.join('functions', '_twin');

/** The shim files in the work directory, once bundled. */
export const shimFile = (workDir: string, name: 'functionShim' | 'processorFaults' | 'parentWatchdog'): string => path.join(workDir, TWIN_DIR, `${name}.cjs`);

/** Starts from a clean work directory with no faults. */
export function resetWorkDir(workDir: string): void {
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(path.join(workDir, 'functions', 'processors'), { recursive: true });
  // The functions are CommonJS whatever the workspace's package.json says; serverless-offline
  // looks for the nearest package.json on every invocation, and stops here instead of reading the
  // workspace's.
  writeFileSync(path.join(workDir, 'functions', 'package.json'), '{"type":"commonjs"}\n');
  writeFileSync(path.join(workDir, 'faults.json'), JSON.stringify({ rate: 0 }));
}

/** Bundles the shims (src/shims/*.ts) into functions/_twin/*.cjs, as plain CommonJS the endpoint requires. */
export async function bundleShims(workDir: string, workspace: string): Promise<void> {
  await build({
    entryPoints: ['functionShim', 'processorFaults', 'parentWatchdog'].map((name) => path.join(SHIMS_DIR, `${name}.ts`)),
    outdir: path.join(workDir, TWIN_DIR),
    outExtension: { '.js': '.cjs' },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    tsconfig: path.join(workspace, 'tsconfig.base.json'),
    logLevel: 'error',
    legalComments: 'none',
  });
}

function writeFile(file: string, contents: string | Buffer): void {
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, contents);
}

/** Writes an artifact's files under `dir`, exactly as they are in its zip. */
function unpack(artifact: Artifact, dir: string): void {
  for (const [name, bytes] of artifact.files) writeFile(path.join(dir, name), bytes);
}

/** A function's entry (the handler serverless.yml names): a few lines binding its code to the shim. */
function writeEntry(file: string, what: string, lines: string[]): void {
  writeFile(file, ["'use strict';", `// Written by the local twin (tools/local-twin/src/functions.ts): ${what}, run in the twin's function shim.`, ...lines, ''].join('\n'));
}

/** Where a service's artifact is unpacked. */
export const serviceCodeDir = (workDir: string, app: string): string => path.join(workDir, 'functions', 'apps', app);

/** Unpacks a service's artifact and writes its entry: the artifact's handler behind the shim, reporting to the ledger. */
export function installService(workDir: string, app: string, artifact: Artifact): void {
  const dir = serviceCodeDir(workDir, app);
  unpack(artifact, dir);
  const { file, exportName } = handlerFile(artifact.handler);
  writeEntry(path.join(workDir, 'functions', `${app}.js`), `the ${app} service (${path.basename(artifact.zipPath)})`, [
    "const { shimHandler } = require('./_twin/functionShim.cjs');",
    `exports.handler = shimHandler(() => require(${JSON.stringify(`./apps/${app}/${file}`)})[${JSON.stringify(exportName)}], { ledger: true });`,
  ]);
}

/**
 * Unpacks a processor artifact as the device's next version and points the device's entry at it:
 * the entry reads the pointer on every call, so new code (deploy -c local) never restarts anything.
 * Returns the version (the zip's sha256, 16 hex digits) and the code directory.
 */
export function installProcessor(workDir: string, device: string, artifact: Artifact): { version: string; dir: string } {
  const version = artifact.sha256.slice(0, 16);
  const dir = path.join(workDir, 'code', device, version);
  unpack(artifact, dir);
  writeFileSync(path.join(workDir, 'functions', 'processors', `${device}.current`), path.join(dir, handlerFile(artifact.handler).file));
  writeEntry(path.join(workDir, 'functions', 'processors', `${device}.js`), `processor ${device}`, [
    "const { shimHandler } = require('../_twin/functionShim.cjs');",
    "const { processorHandler } = require('../_twin/processorFaults.cjs');",
    `exports.handler = shimHandler(() => processorHandler(__dirname, ${JSON.stringify(device)}));`,
  ]);
  return { version, dir };
}

/** A function the endpoint serves: its key in serverless.yml, name, entry and timeout. */
export interface ServedFunction {
  key: string;
  name: string;
  handler: string;
  timeoutS: number;
}

/** The serverless.yml of the twin: every function, one Lambda endpoint. */
export function writeServerlessConfig(workDir: string, { region, functions, environment }: { region: string; functions: readonly ServedFunction[]; environment: Record<string, string | number> }): void {
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
    ...functions.flatMap((fn) => [`  ${fn.key}:`, `    name: ${fn.name}`, `    handler: ${fn.handler}`, `    timeout: ${fn.timeoutS}`]),
  ];
  writeFileSync(path.join(workDir, 'serverless.yml'), `${lines.join('\n')}\n`);
}

/**
 * Sets the fault rate of every processor, and optionally per device ({ 'thermostat-1': 1 }) and
 * the kind of fault per device ({ 'thermostat-1': 'stray-rejection' }, one of FAULT_KINDS; a
 * device with a kind fails whole invocations that way, at its own rate or else the global one).
 * Throws a TwinOptionError naming the bad entry. Returns what it wrote.
 */
export function writeFaults(workDir: string, rate: number, devices: Record<string, number> = {}, kinds: Record<string, string> = {}): FaultSettings {
  const rates = [rate, ...Object.values(devices)];
  if (!rates.every((r) => typeof r === 'number' && r >= 0 && r <= 1)) throw new TwinOptionError('rate: expected numbers from 0 to 1');
  for (const [device, kind] of Object.entries(kinds)) {
    if (!(FAULT_KINDS as readonly string[]).includes(kind)) throw new TwinOptionError(`kinds.${device}: expected one of ${FAULT_KINDS.join(', ')}, got ${JSON.stringify(kind)}`);
  }
  const settings: FaultSettings = { rate, devices, kinds: kinds as Record<string, FaultKind> };
  writeFileSync(path.join(workDir, 'faults.json'), JSON.stringify(settings));
  return settings;
}
