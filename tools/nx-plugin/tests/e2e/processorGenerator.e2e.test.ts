/**
 * A device team's first steps for real, in a temporary git copy of the workspace (committed
 * state): `npx nx g processor`, then build and test the generated project, run the handler out
 * of the built zip, see `nx affected` deploy it when (and only when) its sources or @twinflow/core
 * change, check that a taken or hostile id is refused without a trace, and that
 * `nx g @twinflow/nx-plugin:remove` takes the workspace back to its committed state.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { readZip } from '@twinflow/testing/serviceBundle';
import { affectedDeployables, cloneWorkspace, E2E_TIMEOUT_MS, expectSuccess, readSha256File, sha256Of, type WorkspaceCopy } from './support/nxWorkspace';

const DEVICE = 'e2e-sensor-1';
const PROJECT = `processor-${DEVICE}`;
const REGISTRY = 'config/config_iot_devices.json';

/** A reading as the wrapper hands it to a processor. */
const SAMPLE_EVENT = {
  twin: 'demo',
  deviceId: DEVICE,
  timestamp: '2026-11-24T08:00:00.000Z',
  eventId: 'e2e-event-1',
  payload: { temperature: 71.6, humidity: 40, status: 'ok' },
  receivedAt: '2026-11-24T08:00:00.120Z',
};
/** What the generated handler documents for it: the numeric readings and the field count. */
const DOCUMENTED_OUTPUT = { device: DEVICE, readings: { temperature: 71.6, humidity: 40 }, fields: 3 };

let workspace: WorkspaceCopy;

/** `git status` of the copy plus the registry's bytes: what a refused run must leave unchanged. */
function workspaceState(): { status: string; registry: string } {
  return {
    status: workspace.git('status', '--porcelain', '--untracked-files=all'),
    registry: readFileSync(path.join(workspace.root, REGISTRY), 'utf8'),
  };
}

/**
 * Runs `require(<dir>/index.js).handler(event)` in a plain Node process whose cwd is `dir`, outside
 * the repository: Jest's module mapping (which points @twinflow/* at the sources) and the repo's
 * node_modules are out of reach, so only a self-contained bundle passes.
 */
function invokeHandler(dir: string, event: unknown): { ok: boolean; value: unknown } {
  const script = `
    const { handler } = require(${JSON.stringify(path.join(dir, 'index.js'))});
    handler(JSON.parse(process.argv[1])).then(
      (value) => process.stdout.write(JSON.stringify({ ok: true, value })),
      (error) => process.stdout.write(JSON.stringify({ ok: false, value: { name: error.name, message: error.message } })),
    );`;
  const result = spawnSync(process.execPath, ['-e', script, JSON.stringify(event)], { cwd: dir, encoding: 'utf8', env: { PATH: process.env['PATH'] ?? '' } });
  if (result.status !== 0) throw new Error(`handler process exited ${result.status}: ${result.stderr}`);
  return JSON.parse(result.stdout) as { ok: boolean; value: unknown };
}

/** Extracts a zip with the unzip CLI, or with the node:zlib reader of @twinflow/testing without it. */
function extractZip(zip: string, dir: string): void {
  mkdirSync(dir, { recursive: true });
  if (spawnSync('unzip', ['-v'], { stdio: 'ignore' }).status === 0) {
    execFileSync('unzip', ['-o', '-q', zip, '-d', dir]);
    return;
  }
  for (const entry of readZip(readFileSync(zip))) writeFileSync(path.join(dir, entry.name), entry.content);
}

beforeAll(() => {
  workspace = cloneWorkspace('twinflow-generator-e2e');
}, E2E_TIMEOUT_MS);

afterAll(() => {
  workspace?.dispose();
});

describe(`npx nx g processor ${DEVICE}`, () => {
  it(
    'scaffolds the project and registers the device, touching nothing else',
    () => {
      // Act
      const run = workspace.nx('g', 'processor', DEVICE, '--description=e2e');
      // Assess
      expectSuccess(run);
      expect(run.output).toContain(`Processor ${PROJECT} is ready (function demo-${DEVICE}-processor).`);
      const changed = workspace.git('status', '--porcelain', '--untracked-files=all').split('\n').sort();
      expect(changed).toEqual(
        [
          ` M ${REGISTRY}`,
          ...['README.md', 'jest.config.js', 'project.json', 'sample.json', 'serverless.yml', 'src/handler.spec.ts', 'src/handler.ts', 'tsconfig.json', 'tsconfig.lib.json'].map(
            (file) => `?? processors/${DEVICE}/${file}`,
          ),
        ].sort(),
      );
      const root = path.join(workspace.root, 'processors', DEVICE);
      expect(readFileSync(path.join(root, 'src/handler.ts'), 'utf8')).toMatch(/export const handler = defineProcessor\(/);
      expect(readFileSync(path.join(root, 'serverless.yml'), 'utf8')).toContain(`artifact: ../../dist/processors/${PROJECT}.zip`);
      expect(JSON.parse(readFileSync(path.join(root, 'sample.json'), 'utf8'))).toEqual({ value: 50, status: 'ok' });
      expect(readFileSync(path.join(root, 'README.md'), 'utf8')).toContain(`Processor of device **${DEVICE}** — e2e.`);
      const registry = JSON.parse(readFileSync(path.join(workspace.root, REGISTRY), 'utf8')) as Array<{ id: string }>;
      expect(registry.map((entry) => entry.id)).toEqual([DEVICE, 'pressure-sensor-1', 'thermostat-1']);
      expect(registry[0]).toEqual({ id: DEVICE, description: 'e2e', memorySize: 256, timeout: 10 });
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'is a project Nx knows, with the processor tag and its targets',
    () => {
      const run = workspace.nx('show', 'project', PROJECT, '--json');
      expectSuccess(run);
      const project = JSON.parse(run.stdout) as { root: string; tags: string[]; targets: Record<string, unknown> };
      expect(project.root).toBe(`processors/${DEVICE}`);
      expect(project.tags).toContain('type:processor');
      expect(Object.keys(project.targets)).toEqual(expect.arrayContaining(['bundle', 'build', 'test', 'typecheck', 'lint', 'deploy']));
    },
    E2E_TIMEOUT_MS,
  );

  it.each([
    ['@twinflow/core', 'packages/core/src/index.ts', ['dispatcher', 'persister', PROJECT, 'processor-pressure-sensor-1', 'processor-thermostat-1', 'wrapper']],
    ['its own handler', `processors/${DEVICE}/src/handler.ts`, [PROJECT]],
    ['payload-mappers', 'packages/payload-mappers/src/index.ts', ['dispatcher', 'persister', 'wrapper']],
    ['another processor', 'processors/thermostat-1/src/handler.ts', ['processor-thermostat-1']],
  ])(
    'is in the graph: a change to %s (%s) makes nx affected -t deploy select %j',
    (_changed, file, expected) => {
      expect(affectedDeployables(workspace, `--files=${file}`)).toEqual(expected);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'builds dist/processors/<project>.zip holding only index.js, with a sha256 file that matches it',
    () => {
      // Act
      const run = workspace.nx('build', PROJECT, '--outputStyle=static');
      // Assess
      expectSuccess(run);
      const zip = path.join(workspace.root, 'dist/processors', `${PROJECT}.zip`);
      expect(existsSync(zip)).toBe(true);
      expect(readSha256File(`${zip}.sha256`)).toEqual({ hash: sha256Of(zip), name: `${PROJECT}.zip` });
      expect(readZip(readFileSync(zip)).map((entry) => entry.name)).toEqual(['index.js']);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'refuses to build a handler with a type error: build depends on typecheck, so broken code never becomes a zip',
    () => {
      // Prepare
      const handler = path.join(workspace.root, `processors/${DEVICE}/src/handler.ts`);
      const original = readFileSync(handler, 'utf8');
      try {
        writeFileSync(handler, `${original}\nexport const broken: number = 'not a number';\n`);
        // Act
        const run = workspace.nx('build', PROJECT, '--outputStyle=static');
        // Assess
        expect(run.status).not.toBe(0);
        expect(run.output).toMatch(/error TS2322/);
        expect(run.output).toContain(`${PROJECT}:typecheck`);
      } finally {
        writeFileSync(handler, original);
      }
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'passes its generated spec, which runs its sample reading',
    () => {
      const run = workspace.nx('test', PROJECT, '--outputStyle=static');
      expectSuccess(run);
      expect(run.output).toMatch(/Tests:\s+3 passed, 3 total/);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'typechecks and lints clean (module boundaries included)',
    () => {
      const run = workspace.nx('run-many', '-t', 'typecheck', 'lint', '-p', PROJECT, '--outputStyle=static');
      expectSuccess(run);
      expect(run.output).toContain(`Successfully ran targets typecheck, lint for project ${PROJECT}`);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "runs from the zip: index.handler returns the documented output and rejects a non-reading",
    () => {
      // Prepare
      const dir = path.join(workspace.scratch, 'unzipped');
      extractZip(path.join(workspace.root, 'dist/processors', `${PROJECT}.zip`), dir);
      // Act
      const reading = invokeHandler(dir, SAMPLE_EVENT);
      const notAReading = invokeHandler(dir, { payload: {} });
      // Assess
      expect(reading).toEqual({ ok: true, value: DOCUMENTED_OUTPUT });
      expect(notAReading.ok).toBe(false);
      // defineProcessor reads its input with the contract's event reader now: every issue, the device id first.
      expect(notAReading.value).toMatchObject({ message: expect.stringMatching(/^processor input: deviceId: undefined is not a valid device id; timestamp: /) });
    },
    E2E_TIMEOUT_MS,
  );
});

describe('npx nx g processor refusals', () => {
  it(
    `refuses ${DEVICE} a second time with "already exists", exit code ≠ 0, changing nothing`,
    () => {
      // Prepare
      const before = workspaceState();
      // Act
      const run = workspace.nx('g', 'processor', DEVICE);
      // Assess
      expect(run.status).not.toBe(0);
      expect(run.output).toContain(`Device "${DEVICE}" already exists: processors/${DEVICE} is there.`);
      expect(workspaceState()).toEqual(before);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    "refuses '../evil' with exit code ≠ 0 and creates nothing",
    () => {
      const before = workspaceState();
      const run = workspace.nx('g', 'processor', '../evil');
      expect(run.status).not.toBe(0);
      expect(run.output).toContain('Invalid device id "../evil"');
      expect(workspaceState()).toEqual(before);
      expect(existsSync(path.join(workspace.root, 'evil'))).toBe(false);
      expect(existsSync(path.join(workspace.root, 'processors/evil'))).toBe(false);
      expect(existsSync(path.join(path.dirname(workspace.root), 'evil'))).toBe(false);
    },
    E2E_TIMEOUT_MS,
  );
});

describe(`npx nx g remove-processor ${DEVICE}`, () => {
  it(
    "refuses '../evil' with exit code ≠ 0 and deletes nothing",
    () => {
      const before = workspaceState();
      const run = workspace.nx('g', 'remove-processor', '../evil');
      expect(run.status).not.toBe(0);
      expect(run.output).toContain('Invalid device id "../evil"');
      expect(workspaceState()).toEqual(before);
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'undoes the generator: the workspace is as committed again (registry byte-identical, no file left)',
    () => {
      // Act
      const run = workspace.nx('g', '@twinflow/nx-plugin:remove', DEVICE);
      // Assess
      expectSuccess(run);
      expect(run.output).toContain(`Device ${DEVICE} removed:`);
      expect(workspace.git('status', '--porcelain', '--untracked-files=all')).toBe('');
      expect(existsSync(path.join(workspace.root, 'processors', DEVICE))).toBe(false);
      expect(workspace.nx('show', 'projects', '--json').stdout).not.toContain(PROJECT);
    },
    E2E_TIMEOUT_MS,
  );
});
