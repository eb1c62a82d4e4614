/**
 * The device team's loop for real, in a temporary git copy of this workspace: `nx g processor`,
 * build and test the generated project, run the zip's handler, deterministic builds and Nx's
 * cache, and `nx affected -t deploy` selecting exactly what a change touches.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const repoRoot = path.resolve(__dirname, '../../../..');
let copy: string;
let env: NodeJS.ProcessEnv;
let nxBin: string;

// eslint-disable-next-line no-control-regex -- ANSI colour codes are control characters
const ANSI = /\x1b\[[0-9;]*m/g;
const stripAnsi = (text: string): string => text.replace(ANSI, '');

function nx(...args: string[]): { status: number | null; output: string } {
  const result = spawnSync(process.execPath, [nxBin, ...args], { cwd: copy, env, encoding: 'utf8' });
  return { status: result.status, output: stripAnsi(`${result.stdout}\n${result.stderr}`) };
}

function git(...args: string[]): string {
  return execFileSync('git', args, { cwd: copy, encoding: 'utf8' }).trim();
}

beforeAll(() => {
  copy = path.join(mkdtempSync(path.join(tmpdir(), 'twinflow-workspace-')), 'repo');
  execFileSync('git', ['clone', '--quiet', repoRoot, copy]);
  symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
  git('config', 'user.email', 'e2e@twinflow.local');
  git('config', 'user.name', 'twinflow e2e');
  env = { ...process.env, FORCE_COLOR: '0', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_CACHE_DIRECTORY: path.join(copy, '.nx', 'cache') };
  delete env['NX_SKIP_NX_CACHE']; // the cache test below needs Nx's cache, whatever the caller set
  nxBin = require.resolve('nx/bin/nx.js', { paths: [copy] });
});

afterAll(() => {
  if (copy) rmSync(path.dirname(copy), { recursive: true, force: true });
});

describe('nx g processor, for real', () => {
  it('generates a project that builds, tests and runs from its zip', () => {
    // Act
    const generated = nx('g', 'processor', 'e2e-sensor-1', '--description=e2e sensor');
    const built = nx('build', 'processor-e2e-sensor-1', '--outputStyle=static');
    const tested = nx('test', 'processor-e2e-sensor-1', '--outputStyle=static');
    // Assess
    expect(generated.status).toBe(0);
    expect(JSON.parse(readFileSync(path.join(copy, 'config/config_iot_devices.json'), 'utf8'))).toEqual(
      expect.arrayContaining([{ id: 'e2e-sensor-1', description: 'e2e sensor', memorySize: 256, timeout: 10 }]),
    );
    expect(built.status).toBe(0);
    expect(tested.status).toBe(0);
    expect(tested.output).toMatch(/Tests:\s+2 passed, 2 total/);
    const zip = path.join(copy, 'dist/processors/processor-e2e-sensor-1.zip');
    const sha = readFileSync(`${zip}.sha256`, 'utf8').split(/\s+/)[0];
    expect(sha).toBe(createHash('sha256').update(readFileSync(zip)).digest('hex'));
    expect(execFileSync('unzip', ['-Z1', zip], { encoding: 'utf8' }).trim().split('\n')).toEqual(['index.js']);
  });

  it("runs the zip's index.handler on a sample event", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'twinflow-zip-'));
    try {
      execFileSync('unzip', ['-q', path.join(copy, 'dist/processors/processor-e2e-sensor-1.zip'), '-d', dir]);
      const { handler } = require(path.join(dir, 'index.js')) as { handler: (event: unknown) => Promise<unknown> };
      const event = { twin: 'demo', deviceId: 'e2e-sensor-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'e1', payload: { level: 3, unit: 'm' }, receivedAt: '2026-11-24T08:00:00.000Z' };
      await expect(handler(event)).resolves.toEqual({ device: 'e2e-sensor-1', readings: { level: 3 }, fields: 2 });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('refuses an existing device and an invalid id, creating nothing', () => {
    const again = nx('g', 'processor', 'e2e-sensor-1');
    const evil = nx('g', 'processor', '../evil');
    expect(again.status).not.toBe(0);
    expect(again.output).toMatch(/Device "e2e-sensor-1" already exists/);
    expect(evil.status).not.toBe(0);
    expect(evil.output).toMatch(/Invalid device id "\.\.\/evil"/);
    expect(existsSync(path.join(copy, 'evil'))).toBe(false);
    expect(readFileSync(path.join(copy, 'config/config_iot_devices.json'), 'utf8')).not.toContain('evil');
  });
});

describe('processor builds', () => {
  it('are byte-identical from the same sources, and cached by Nx', () => {
    const zip = path.join(copy, 'dist/processors/processor-thermostat-1.zip');
    expect(nx('build', 'processor-thermostat-1', '--skip-nx-cache', '--outputStyle=static').status).toBe(0);
    const first = readFileSync(zip);
    rmSync(zip);
    expect(nx('build', 'processor-thermostat-1', '--skip-nx-cache', '--outputStyle=static').status).toBe(0);
    const second = readFileSync(zip);
    expect(nx('build', 'processor-thermostat-1', '--outputStyle=static').status).toBe(0); // fills the cache
    rmSync(zip);
    const cached = nx('build', 'processor-thermostat-1', '--outputStyle=static');
    expect(second.equals(first)).toBe(true);
    expect(readFileSync(zip).equals(first)).toBe(true); // restored from the cache
    expect(readFileSync(`${zip}.sha256`, 'utf8').split(/\s+/)[0]).toBe(createHash('sha256').update(first).digest('hex'));
    expect(cached.output).toMatch(/Nx read the output from the cache instead of running the command for 2 out of 2 tasks/);
  });
});

describe('nx affected -t deploy', () => {
  let base: string;
  beforeAll(() => {
    git('add', '-A');
    git('commit', '-q', '-m', 'e2e: generated processor');
    base = git('rev-parse', 'HEAD');
  });

  function affectedAfter(change: () => void): string[] {
    git('checkout', '-q', base);
    change();
    git('commit', '-q', '-am', 'e2e: change');
    const result = nx('show', 'projects', '--affected', '-t', 'deploy', `--base=${base}`, '--head=HEAD', '--json');
    git('checkout', '-q', base);
    expect(result.status).toBe(0);
    return (JSON.parse(result.output.trim().split('\n').find((line) => line.startsWith('[')) ?? '[]') as string[]).sort();
  }

  it("selects only the processor whose handler changed", () => {
    expect(affectedAfter(() => appendFileSync(path.join(copy, 'processors/thermostat-1/src/handler.ts'), '\n// tweak\n'))).toEqual(['processor-thermostat-1']);
  });

  it('selects the apps, not the processors, when payload-mappers changes', () => {
    const affected = affectedAfter(() => appendFileSync(path.join(copy, 'packages/payload-mappers/src/index.ts'), '\n// tweak\n'));
    expect(affected).toEqual(['dispatcher', 'persister', 'wrapper']);
  });

  it('selects the dispatcher when the device registry changes', () => {
    const affected = affectedAfter(() => {
      const file = path.join(copy, 'config/config_iot_devices.json');
      const devices = JSON.parse(readFileSync(file, 'utf8')) as Array<{ id: string }>;
      writeFileSync(file, JSON.stringify([...devices, { id: 'zz-new-1' }], null, 2));
    });
    expect(affected).toContain('dispatcher');
    expect(affected).not.toContain('processor-thermostat-1');
  });

  it('selects every app and processor when core changes', () => {
    const affected = affectedAfter(() => appendFileSync(path.join(copy, 'packages/core/src/index.ts'), '\n// tweak\n'));
    expect(affected).toEqual(['dispatcher', 'persister', 'processor-e2e-sensor-1', 'processor-pressure-sensor-1', 'processor-thermostat-1', 'wrapper']);
  });
});
