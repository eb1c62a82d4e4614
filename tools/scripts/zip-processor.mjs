#!/usr/bin/env node
// Packs a processor's bundle into its deployment zip, deterministically:
//   dist/processors/processor-<device>/index.js  →  dist/processors/processor-<device>.zip (+ .zip.sha256)
// Entries are sorted, every mtime is 1980-01-01T00:00:00 and modes are fixed, so the same bundle
// always gives a byte-identical zip. The sourcemap stays out unless --sourcemap is given.
// Usage: node tools/scripts/zip-processor.mjs <device> [--sourcemap]
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import yazl from 'yazl';

const [device, ...flags] = process.argv.slice(2);
// The device-id rule of core, the one place that defines it (compiled from its sources, no build first).
const { isDeviceId } = createRequire(import.meta.url)('../deploy/src/twinflowCore.cjs').loadCore();
if (!isDeviceId(device)) {
  console.error(`zip-processor: expected a device id, got ${JSON.stringify(device ?? '')}`);
  process.exit(2);
}
const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const project = `processor-${device}`;
const bundleDir = path.join(workspace, 'dist/processors', project);
const zipPath = path.join(workspace, 'dist/processors', `${project}.zip`);

const entries = ['index.js', ...(flags.includes('--sourcemap') ? ['index.js.map'] : [])].sort();
for (const name of entries) {
  if (!existsSync(path.join(bundleDir, name))) {
    console.error(`zip-processor: ${path.relative(workspace, path.join(bundleDir, name))} is missing; run \`nx run ${project}:bundle\` first`);
    process.exit(1);
  }
}

const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
const zip = new yazl.ZipFile();
for (const name of entries) {
  zip.addBuffer(readFileSync(path.join(bundleDir, name)), name, { mtime: FIXED_MTIME, mode: 0o100644, compress: true, forceDosTimestamp: true });
}
zip.end();

const chunks = [];
for await (const chunk of zip.outputStream) chunks.push(chunk);
const bytes = Buffer.concat(chunks);
writeFileSync(zipPath, bytes);
const sha256 = createHash('sha256').update(bytes).digest('hex');
writeFileSync(`${zipPath}.sha256`, `${sha256}  ${path.basename(zipPath)}\n`);
console.log(`${path.relative(workspace, zipPath)}: ${bytes.length} bytes, sha256 ${sha256} (${entries.join(', ')})`);
