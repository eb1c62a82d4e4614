#!/usr/bin/env node
// `nx run processor-<device>:deploy -c local`: hands the freshly built zip to the running local
// twin (`npm start`), which swaps the processor's code so the next invocation runs it.
// Fails with a clear message when no twin is running.
// Usage: node tools/scripts/deploy-local.mjs <device>
// Env: TWINFLOW_ADMIN_URL (default http://127.0.0.1:3100, the twin's health/admin server)
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const device = process.argv[2];
// The device-id rule of core, the one place that defines it (compiled from its sources, no build first).
const { isDeviceId } = createRequire(import.meta.url)('../deploy/src/twinflowCore.cjs').loadCore();
if (!isDeviceId(device)) {
  console.error(`deploy-local: expected a device id, got ${JSON.stringify(device ?? '')}`);
  process.exit(2);
}
const workspace = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const zipPath = path.join(workspace, 'dist/processors', `processor-${device}.zip`);
const adminUrl = (process.env.TWINFLOW_ADMIN_URL ?? 'http://127.0.0.1:3100').replace(/\/$/, '');

if (!existsSync(zipPath)) {
  console.error(`deploy-local: ${path.relative(workspace, zipPath)} is missing; run \`npx nx build processor-${device}\` first`);
  process.exit(1);
}

async function request(url, init) {
  try {
    return await fetch(url, { ...init, signal: AbortSignal.timeout(15_000) });
  } catch (err) {
    const reason = err?.cause?.code ?? err?.name ?? 'error';
    console.error(
      `deploy-local: the local twin is not running (no answer from ${adminUrl}: ${reason}).\n` +
        '  Start it in another terminal with `npm start`, then run this again.',
    );
    process.exit(1);
  }
}

const health = await request(`${adminUrl}/health.json`);
if (!health.ok) {
  console.error(`deploy-local: ${adminUrl}/health.json answered ${health.status}; is that the twinflow local twin?`);
  process.exit(1);
}

const sha256 = readFileSync(`${zipPath}.sha256`, 'utf8').split(/\s+/)[0];
const response = await request(`${adminUrl}/admin/processors/${device}`, {
  method: 'PUT',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ zipPath, sha256 }),
});
const body = await response.text();
if (!response.ok) {
  console.error(`deploy-local: the local twin refused processor-${device} (${response.status}): ${body}`);
  process.exit(1);
}
console.log(`deploy-local: processor-${device} (sha256 ${sha256.slice(0, 12)}…) now serves in the local twin — ${body}`);
