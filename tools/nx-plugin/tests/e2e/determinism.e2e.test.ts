/**
 * Processor builds in this repository: the same sources give a byte-identical zip, the .sha256
 * next to it is right, and Nx serves a repeated build from its cache. The nested Nx runs use a
 * cache and workspace data of their own (temporary), so the result does not depend on, and does
 * not change, the state of the repository's `.nx`.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { E2E_TIMEOUT_MS, expectSuccess, nxEnvironment, nxRunner, readSha256File, repoRoot, sha256Of, type NxRunner } from './support/nxWorkspace';

const PROJECT = 'processor-thermostat-1';
const ZIP = path.join(repoRoot, 'dist/processors', `${PROJECT}.zip`);
/** Zip entries carry DOS timestamps (2 s resolution): builds further apart than this would differ if a real mtime leaked in. */
const DOS_TIME_RESOLUTION_MS = 2_000;

let scratch: string;
let repo: NxRunner;
let firstZip: Buffer;

function removeZip(): void {
  rmSync(ZIP, { force: true });
  rmSync(`${ZIP}.sha256`, { force: true });
}

function expectShaFileToMatchZip(): void {
  expect(readSha256File(`${ZIP}.sha256`)).toEqual({ hash: sha256Of(ZIP), name: `${PROJECT}.zip` });
}

beforeAll(() => {
  scratch = mkdtempSync(path.join(tmpdir(), 'twinflow-determinism-'));
  repo = nxRunner(
    repoRoot,
    nxEnvironment({ NX_CACHE_DIRECTORY: path.join(scratch, 'cache'), NX_WORKSPACE_DATA_DIRECTORY: path.join(scratch, 'workspace-data') }),
  );
});

afterAll(() => {
  if (scratch) rmSync(scratch, { recursive: true, force: true });
});

describe(`npx nx build ${PROJECT}`, () => {
  it(
    'gives byte-identical zips from two builds without the cache, each with a matching sha256',
    async () => {
      // Act
      removeZip();
      const first = repo.nx('build', PROJECT, '--skip-nx-cache', '--outputStyle=static');
      expectSuccess(first);
      firstZip = readFileSync(ZIP);
      expectShaFileToMatchZip();
      const firstWritten = statSync(ZIP).mtimeMs;
      removeZip();
      await sleep(Math.max(0, firstWritten + DOS_TIME_RESOLUTION_MS + 200 - Date.now()));
      const second = repo.nx('build', PROJECT, '--skip-nx-cache', '--outputStyle=static');
      // Assess
      expectSuccess(second);
      for (const run of [first, second]) {
        expect(run.output).toContain(`dist/processors/${PROJECT}.zip: ${firstZip.length} bytes`); // the zip script really ran
        expect(run.output).not.toContain('[local cache]');
      }
      expect(statSync(ZIP).mtimeMs - firstWritten).toBeGreaterThanOrEqual(DOS_TIME_RESOLUTION_MS);
      expect(readFileSync(ZIP).equals(firstZip)).toBe(true);
      expectShaFileToMatchZip();
    },
    E2E_TIMEOUT_MS,
  );

  it(
    'is then served from the Nx cache: a cache hit that restores the same zip',
    () => {
      // Prepare: builds run with --skip-nx-cache are not written to the cache (Nx 23), so one
      // cached build first stores the result.
      expectSuccess(repo.nx('build', PROJECT, '--outputStyle=static'));
      removeZip();
      // Act
      const cached = repo.nx('build', PROJECT, '--outputStyle=static');
      // Assess
      expectSuccess(cached);
      expect(cached.output).toMatch(new RegExp(`nx run ${PROJECT}:build\\s+\\[local cache\\]`));
      // bundle, typecheck (build depends on both) and build itself
      expect(cached.output).toContain('Nx read the output from the cache instead of running the command for 3 out of 3 tasks.');
      expect(readFileSync(ZIP).equals(firstZip)).toBe(true);
      expectShaFileToMatchZip();
    },
    E2E_TIMEOUT_MS,
  );
});
