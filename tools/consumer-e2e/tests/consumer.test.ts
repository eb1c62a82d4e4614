/**
 * Packs the four publishable packages with `npm pack`, installs the tarballs into a fresh
 * directory outside the repository, and proves that `require()`, `import` and a strict
 * `tsc --noEmit` of a consumer file all work — i.e. the packages work once published — and that a
 * module SDK request goes through `LambdaAdapter.execute` (subclassed, and with a codec) as the
 * SDK's payload.
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../..');
const packages = ['core', 'health', 'payload-mappers', 'lambda-adapter'];
const fixtures = path.join(__dirname, '../fixtures');
const tsc = require.resolve('typescript/bin/tsc', { paths: [repoRoot] });

function run(command: string, args: string[], cwd: string): string {
  try {
    return execFileSync(command, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (err) {
    const e = err as { stdout?: string; stderr?: string; message: string };
    throw new Error(`${command} ${args.join(' ')} failed in ${cwd}\n${e.stdout ?? ''}\n${e.stderr ?? ''}\n${e.message}`);
  }
}

describe('published packages', () => {
  let work: string;
  let consumer: string;

  beforeAll(() => {
    work = mkdtempSync(path.join(tmpdir(), 'twinflow-consumer-'));
    const tarballs = path.join(work, 'tarballs');
    consumer = path.join(work, 'app');
    for (const dir of [tarballs, consumer]) execFileSync('mkdir', ['-p', dir]);

    for (const name of packages) {
      run('npm', ['pack', '--silent', '--pack-destination', tarballs], path.join(repoRoot, 'packages', name));
    }
    const files = readdirSync(tarballs).filter((f) => f.endsWith('.tgz'));
    expect(files).toHaveLength(packages.length);

    writeFileSync(path.join(consumer, 'package.json'), JSON.stringify({ name: 'consumer', private: true, version: '1.0.0' }));
    run(
      'npm',
      ['install', '--no-audit', '--no-fund', '--prefer-offline', '--ignore-scripts', '@types/node@20', ...files.map((f) => path.join(tarballs, f))],
      consumer,
    );
    for (const f of ['consumer.cjs', 'consumer.mjs', 'consumer.ts', 'moduleRoundTrip.mjs']) copyFileSync(path.join(fixtures, f), path.join(consumer, f));
  });

  afterAll(() => {
    if (work) rmSync(work, { recursive: true, force: true });
  });

  it('ships only dist, README and package.json in each tarball', () => {
    for (const name of packages) {
      const listing = JSON.parse(run('npm', ['pack', '--dry-run', '--json'], path.join(repoRoot, 'packages', name))) as Array<{
        files: Array<{ path: string }>;
      }>;
      const paths = (listing[0]?.files ?? []).map((f) => f.path);
      expect(paths).toEqual(expect.arrayContaining(['package.json', 'README.md', 'dist/cjs/index.cjs', 'dist/esm/index.mjs', 'dist/types/index.d.ts']));
      expect(paths.filter((p) => p.startsWith('src/') || p.startsWith('tests/'))).toEqual([]);
    }
  });

  it('installs the packages as real dependencies of each other', () => {
    const tree = JSON.parse(run('npm', ['ls', '--all', '--json'], consumer)) as {
      dependencies: Record<string, { dependencies?: Record<string, unknown> }>;
    };
    expect(Object.keys(tree.dependencies['@twinflow/lambda-adapter']?.dependencies ?? {})).toEqual(
      expect.arrayContaining(['@twinflow/core', '@twinflow/health', '@twinflow/payload-mappers', '@aws-sdk/client-lambda']),
    );
  });

  it('works with require()', () => {
    expect(run(process.execPath, ['consumer.cjs'], consumer)).toContain('cjs consumer ok');
  });

  it('works with import', () => {
    expect(run(process.execPath, ['consumer.mjs'], consumer)).toContain('esm consumer ok');
  });

  it('round-trips a module SDK request through an echoing client, a subclass override and a codec', () => {
    expect(run(process.execPath, ['moduleRoundTrip.mjs'], consumer)).toContain('module round trip ok');
  });

  it.each([
    // esModuleInterop as `tsc --init` sets it: zod's own .d.cts needs it under CommonJS.
    ['commonjs / node10', { module: 'commonjs', moduleResolution: 'node10', esModuleInterop: true }],
    ['nodenext', { module: 'nodenext', moduleResolution: 'nodenext' }],
    ['bundler', { module: 'esnext', moduleResolution: 'bundler' }],
  ])('type-checks a consumer under %s resolution', (_label, resolution) => {
    writeFileSync(
      path.join(consumer, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { ...resolution, target: 'es2022', strict: true, noEmit: true, types: ['node'] }, files: ['consumer.ts'] }),
    );
    expect(() => run(process.execPath, [tsc, '-p', 'tsconfig.json'], consumer)).not.toThrow();
  });
});
