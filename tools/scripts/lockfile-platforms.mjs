#!/usr/bin/env node
// Completes package-lock.json with the platform-specific optional packages that the registry
// this workspace installs from does not serve (e.g. @swc/core-darwin-arm64 on a Linux-only
// mirror). npm leaves such packages out of the lock, and `npm ci` then refuses the lock as
// "out of sync". Each missing entry is added with its version and the os/cpu/libc its name
// declares, so `npm ci` skips it on other platforms and fetches it on its own.
// Run after `npm install` changes dependencies:  node tools/scripts/lockfile-platforms.mjs
import { readFileSync, writeFileSync } from 'node:fs';

const lockPath = new URL('../../package-lock.json', import.meta.url);
const lock = JSON.parse(readFileSync(lockPath, 'utf8'));
const packages = lock.packages;

const OS = ['darwin', 'linux', 'win32', 'android', 'freebsd', 'openharmony', 'sunos', 'aix', 'netbsd', 'openbsd'];
const CPU = ['arm64', 'x64', 'ia32', 'arm', 'ppc64', 's390x', 'riscv64', 'loong64', 'wasm32', 'mips64el'];

function platformOf(name) {
  const tokens = name.split('/').pop().split('-');
  const os = tokens.find((t) => OS.includes(t));
  const cpu = tokens.find((t) => CPU.includes(t));
  const libc = tokens.includes('musl') || tokens.includes('musleabihf') ? 'musl' : tokens.includes('gnu') || tokens.includes('gnueabihf') ? 'glibc' : undefined;
  return { os, cpu, libc };
}

let added = 0;
for (const [path, entry] of Object.entries(packages)) {
  for (const [name, version] of Object.entries(entry.optionalDependencies ?? {})) {
    const nested = `${path ? `${path}/` : ''}node_modules/${name}`;
    if (packages[nested] || packages[`node_modules/${name}`]) continue;
    const { os, cpu, libc } = platformOf(name);
    if (!os && !cpu) {
      console.warn(`skipped ${name}: its name names no platform`);
      continue;
    }
    const record = { version: version.replace(/^[\^~=]/, ''), optional: true };
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
console.log(`package-lock.json: added ${added} platform-specific optional package entr${added === 1 ? 'y' : 'ies'}`);
