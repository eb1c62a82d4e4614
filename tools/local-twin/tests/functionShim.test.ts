/**
 * The function shim every function of the twin runs behind, in a plain node process (no
 * serverless-offline): one invocation's stray error fails that invocation only, a hang fails
 * with Lambda's timeout error, and the services report their outcome to the ledger. The driver
 * loads the shim as the twin bundles it at start (bundleShims), so this runs what the twin runs.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { bundleShims, shimFile } from '../src/functions';

const DRIVER = path.join(__dirname, 'fixtures', 'shimDriver.cjs');
const WORKSPACE = path.resolve(__dirname, '../../..');

/** A work directory of the test's own, holding the bundled shims (functions/_twin/*.cjs). */
let workDir: string;
beforeAll(async () => {
  workDir = mkdtempSync(path.join(tmpdir(), 'twin-shims-'));
  await bundleShims(workDir, WORKSPACE);
}, 60_000);
afterAll(() => rmSync(workDir, { recursive: true, force: true }));

type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; name: string; message: string; ms: number };

interface DriverRun {
  code: number | null;
  outcomes: Record<string, Outcome>;
  stderr: string;
}

/** Runs the driver's scenario in its own node process. */
function runDriver(scenario: string, ledgerFile?: string): Promise<DriverRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['TWIN_LEDGER_FILE'];
  if (ledgerFile !== undefined) env['TWIN_LEDGER_FILE'] = ledgerFile;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER, scenario, shimFile(workDir, 'functionShim')], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.once('error', reject);
    child.once('exit', (code) => {
      try {
        resolve({ code, outcomes: JSON.parse(out.trim().split('\n').pop() ?? '{}') as Record<string, Outcome>, stderr: err });
      } catch {
        reject(new Error(`driver ${scenario} printed no result (exit ${code}):\n${out}\n${err}`));
      }
    });
  });
}

/** A fresh journal path in its own temporary directory, and a reader of its lines. */
function journal(): { file: string; lines: () => Array<Record<string, unknown>> } {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'twin-ledger-')), 'ledger.jsonl');
  return {
    file,
    lines: () => (existsSync(file) ? readFileSync(file, 'utf8').split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Record<string, unknown>) : []),
  };
}

describe('the function shim', () => {
  it('fails only the invocation a stray rejection or uncaught exception came from, and keeps the process up', async () => {
    // Act
    const { code, outcomes, stderr } = await runDriver('concurrent');
    // Assess: A and B are two concurrent invocations of one function; only A strayed
    expect(outcomes['strayA']).toMatchObject({ ok: false, name: 'Runtime.UnhandledPromiseRejection', message: 'a promise was rejected and never handled: Error: stray rejection of A' });
    expect(outcomes['strayA']?.ms).toBeLessThan(250);
    expect(outcomes['quietB']).toMatchObject({ ok: true, value: { from: 'B' } });
    expect(outcomes['throwingC']).toMatchObject({ ok: false, name: 'Runtime.UncaughtException', message: 'an exception was thrown and never caught: Error: uncaught exception of C' });
    expect(outcomes['quietD']).toMatchObject({ ok: true, value: { from: 'D' } });
    expect(outcomes['sameTickF']).toMatchObject({ ok: false, name: 'Runtime.UnhandledPromiseRejection' });
    expect(outcomes['callbackG']).toMatchObject({ ok: true, value: { from: 'G' } });
    // A rejection after its invocation answered fails nothing; it is logged
    expect(outcomes['lateE']).toMatchObject({ ok: true, value: { from: 'E' } });
    expect(stderr).toContain('from fn-lateE (request fn-lateE-request) after it had ended, logged and ignored: Error: late rejection of E');
    expect(code).toBe(0);
  });

  it("fails an invocation past its timeout with Lambda's timeout error, and not the others", async () => {
    // Act
    const { code, outcomes, stderr } = await runDriver('timeout');
    // Assess
    expect(outcomes['hanging']).toMatchObject({ ok: false, name: 'Sandbox.Timedout', message: 'Task timed out after 0.30 seconds' });
    expect(outcomes['hanging']?.ms).toBeGreaterThanOrEqual(200);
    expect(outcomes['hanging']?.ms).toBeLessThan(1_000);
    expect(outcomes['quick']).toMatchObject({ ok: true, value: { from: 'quick' } });
    expect(stderr).toContain('fn-hanging (request fn-hanging-request) ran past its timeout');
    expect(code).toBe(0);
  });

  describe('with TWIN_LEDGER_FILE', () => {
    it("appends each service's result or error to the journal before answering; nothing for a health check or a processor", async () => {
      // Prepare
      const ledger = journal();
      // Act
      const { outcomes } = await runDriver('ledger', ledger.file);
      // Assess
      const bodies = ledger.lines();
      expect(bodies).toHaveLength(3);
      expect(bodies).toEqual(
        expect.arrayContaining([
          { function: 'fn-stored', result: { written: 1 } },
          { function: 'fn-failed', error: { name: 'TypeError', message: 'persister broke' } },
          { function: 'fn-stray', error: { name: 'Runtime.UnhandledPromiseRejection', message: 'a promise was rejected and never handled: Error: stray in a service' } },
        ]),
      );
      expect(outcomes['stored']).toMatchObject({ ok: true, value: { written: 1 } });
      expect(outcomes['failed']).toMatchObject({ ok: false, name: 'TypeError' });
      expect(outcomes['health']).toMatchObject({ ok: true, value: { status: 'healthy' } });
      expect(outcomes['processor']).toMatchObject({ ok: true, value: { temperatureC: 21 } });
    });

    it('writes one line per invocation, in order', async () => {
      // Prepare
      const ledger = journal();
      // Act
      await runDriver('sequential', ledger.file);
      // Assess
      expect(ledger.lines()).toEqual([0, 1, 2, 3, 4].map((n) => ({ function: 'fn-sequential', result: { n } })));
    });

    it('answers as usual when the journal cannot be written, and says so on stderr', async () => {
      // Prepare: a journal in a directory that does not exist
      const file = path.join(tmpdir(), 'no-such-dir-twin-ledger', 'ledger.jsonl');
      // Act
      const { code, outcomes, stderr } = await runDriver('ledger', file);
      // Assess
      expect(outcomes['stored']).toMatchObject({ ok: true, value: { written: 1 } });
      expect(stderr).toContain('ledger report of fn-stored not written');
      expect(code).toBe(0);
    });
  });
});
