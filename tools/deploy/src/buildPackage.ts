// A package's `build` target: builds one publishable package in place, packages/<name>/dist/{cjs,esm,types}.
//   CJS  dist/cjs/index.cjs   (esbuild, one file, dependencies left external)
//   ESM  dist/esm/index.mjs   (esbuild, one file, dependencies left external)
//   d.ts dist/types/**        (tsc --emitDeclarationOnly, against sibling packages' published types)
// Usage: tsx tools/deploy/src/buildPackage.ts packages/core
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { build, type BuildOptions } from 'esbuild';
import { runCli } from './cli';
import { UsageError } from './errors';

async function main(argv: readonly string[]): Promise<void> {
  const { positionals } = parseArgs({ args: [...argv], allowPositionals: true, strict: false });
  const [projectRoot] = positionals;
  if (projectRoot === undefined || positionals.length > 1 || !existsSync(path.join(projectRoot, 'package.json'))) {
    throw new UsageError(`expected a package folder with a package.json, got "${positionals.join(' ')}"`);
  }
  const pkg = JSON.parse(readFileSync(path.join(projectRoot, 'package.json'), 'utf8')) as { name: string; version: string };
  const dist = path.join(projectRoot, 'dist');
  rmSync(dist, { recursive: true, force: true });

  const common: BuildOptions = {
    entryPoints: [path.join(projectRoot, 'src/index.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
    tsconfig: path.join(projectRoot, 'tsconfig.lib.json'),
  };
  await Promise.all([build({ ...common, format: 'cjs', outfile: path.join(dist, 'cjs/index.cjs') }), build({ ...common, format: 'esm', outfile: path.join(dist, 'esm/index.mjs') })]);

  execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', path.join(projectRoot, 'tsconfig.lib.json')], { stdio: 'inherit' });
  process.stdout.write(`built ${pkg.name}@${pkg.version} → ${dist}/{cjs,esm,types}\n`);
}

runCli('build-package', () => main(process.argv.slice(2)));
