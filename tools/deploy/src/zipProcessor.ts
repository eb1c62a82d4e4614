// A processor's `build` target: packs its bundle into its deployment zip, deterministically
// (writeDeterministicZip: same bundle, byte-identical zip):
//   dist/processors/processor-<device>/index.js  →  dist/processors/processor-<device>.zip (+ .zip.sha256)
// The sourcemap stays out unless --sourcemap is given.
// Usage: tsx tools/deploy/src/zipProcessor.ts <device> [--sourcemap]
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { isDeviceId, processorProjectName } from '@twinflow/core';
import { runCli } from './cli';
import { BuildInputMissingError, UsageError } from './errors';
import { workspaceRoot } from './workspace';
import { writeDeterministicZip } from './zip';

function readCommandLine(argv: readonly string[]): { device: string; sourcemap: boolean } {
  let parsed;
  try {
    parsed = parseArgs({ args: [...argv], allowPositionals: true, options: { sourcemap: { type: 'boolean', default: false } } });
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  const [device, ...extra] = parsed.positionals;
  if (!isDeviceId(device) || extra.length > 0) throw new UsageError(`expected a device id, got ${JSON.stringify(parsed.positionals.join(' '))}`);
  return { device, sourcemap: parsed.values.sourcemap };
}

async function main(argv: readonly string[]): Promise<void> {
  const { device, sourcemap } = readCommandLine(argv);
  const project = processorProjectName(device);
  const bundleDir = path.join(workspaceRoot, 'dist/processors', project);
  const zipPath = path.join(workspaceRoot, 'dist/processors', `${project}.zip`);
  const names = ['index.js', ...(sourcemap ? ['index.js.map'] : [])];
  for (const name of names) {
    const file = path.relative(workspaceRoot, path.join(bundleDir, name));
    if (!existsSync(path.join(bundleDir, name))) throw new BuildInputMissingError(`${file} is missing; run \`nx run ${project}:bundle\` first`, file);
  }
  const { bytes, sha256 } = await writeDeterministicZip(
    names.map((name) => ({ name, data: readFileSync(path.join(bundleDir, name)) })),
    { zipPath },
  );
  process.stdout.write(`${path.relative(workspaceRoot, zipPath)}: ${bytes.length} bytes, sha256 ${sha256} (${names.join(', ')})\n`);
}

runCli('zip-processor', () => main(process.argv.slice(2)));
