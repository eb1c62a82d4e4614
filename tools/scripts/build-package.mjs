#!/usr/bin/env node
// Builds one publishable package in place: packages/<name>/dist/{cjs,esm,types}.
//   CJS  dist/cjs/index.cjs   (esbuild, one file, dependencies left external)
//   ESM  dist/esm/index.mjs   (esbuild, one file, dependencies left external)
//   d.ts dist/types/**        (tsc --emitDeclarationOnly, against sibling packages' published types)
// Usage: node tools/scripts/build-package.mjs packages/core
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);
const projectRoot = process.argv[2];
if (!projectRoot || !existsSync(path.join(projectRoot, 'package.json'))) {
  console.error(`build-package: expected a package folder with a package.json, got "${projectRoot ?? ''}"`);
  process.exit(2);
}

const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8'));
const dist = path.join(projectRoot, 'dist');
rmSync(dist, { recursive: true, force: true });

const common = {
  entryPoints: [path.join(projectRoot, 'src/index.ts')],
  bundle: true,
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning',
  tsconfig: path.join(projectRoot, 'tsconfig.lib.json'),
};

await Promise.all([
  build({ ...common, format: 'cjs', outfile: path.join(dist, 'cjs/index.cjs') }),
  build({ ...common, format: 'esm', outfile: path.join(dist, 'esm/index.mjs') }),
]);

const tsc = require.resolve('typescript/bin/tsc');
execFileSync(process.execPath, [tsc, '-p', path.join(projectRoot, 'tsconfig.lib.json')], { stdio: 'inherit' });

console.log(`built ${pkg.name}@${pkg.version} → ${dist}/{cjs,esm,types}`);
