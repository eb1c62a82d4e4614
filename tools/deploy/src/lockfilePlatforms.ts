// Completes package-lock.json with the platform-specific optional packages that the registry
// this workspace installs from does not serve (e.g. @swc/core-darwin-arm64 on a Linux-only
// mirror). npm leaves such packages out of the lock, and `npm ci` then refuses the lock as
// "out of sync". Each missing entry is added with its version and the os/cpu/libc its name
// declares, so `npm ci` skips it on other platforms and fetches it on its own.
// Run after `npm install` changes dependencies:  npx tsx tools/deploy/src/lockfilePlatforms.ts
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from './cli';
import { workspaceRoot } from './workspace';

/** A package-lock.json `packages` entry, as far as this script reads and writes it. */
type LockEntry = { version?: string; dev?: boolean; optional?: boolean; optionalDependencies?: Record<string, string>; cpu?: string[]; os?: string[]; libc?: string[] };
type Lock = { packages: Record<string, LockEntry> };

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];

/** The os, cpu and libc a platform package's name declares (`@swc/core-linux-x64-musl` → linux, x64, musl). */
function platformOf(name: string): { os?: string; cpu?: string; libc?: string } {
  const tokens = (name.split('/').pop() ?? name).split('-');
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.find((t) => CPU.includes(t));
  const libc = tokens.includes('musl') || tokens.includes('musleabihf') ? 'musl' : tokens.includes('gnu') || tokens.includes('gnueabihf') ? 'glibc' : undefined;
  return { ...(os === undefined ? {} : { os }), ...(cpu === undefined ? {} : { cpu }), ...(libc === undefined ? {} : { libc }) };
}

async function main(): Promise<void> {
  const lockPath = path.join(workspaceRoot, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockPath, 'utf8')) as Lock;
  const packages = lock.packages;
  let added = 0;
  for (const [at, entry] of Object.entries(packages)) {
    for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
      const nested = `${at ? `${at}/` : ''}node_modules/${name}`;
      if (packages[nested] || packages[`node_modules/${name}`]) continue;
      const { os, cpu, libc } = platformOf(name);
      if (!os && !cpu) {
        process.stderr.write(`skipped ${name}: its name names no platform\n`);
        continue;
      }
      const record: LockEntry = { version: version.replace(/^[\^~=]/, ''), optional: true };
      if (entry.dev) record.dev = true;
      if (cpu) record.cpu = [cpu];
      if (os) record.os = [os];
      if (libc) record.libc = [libc];
      packages[`node_modules/${name}`] = record;
      added += 1;
    }
  }
  lock.packages = Object.fromEntries(Object.entries(packages).sort(([a], [b]) => (a === '' ? -1 : b === '' ? 1 : a.localeCompare(b))));
  writeFileSync(lockPath, `${JSON.stringify(lock, null, 2)}\n`);
  process.stdout.write(`package-lock.json: added ${added} platform-specific optional package entr${added === 1 ? 'y' : 'ies'}\n`);
}

runCli('lockfile-platforms', main);
