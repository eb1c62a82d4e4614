/**
 * The function shim every function of the twin runs behind, in a plain node process (no
 * serverless-offline): one invocation's stray error fails that invocation only, a hang fails
 * with Lambda's timeout error, and the services report their outcome to the ledger.
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

const DRIVER = path.join(__dirname, 'fixtures', 'shimDriver.cjs');

type Outcome = { ok: true; value: unknown; ms: number } | { ok: false; name: string; message: string; ms: number };

interface DriverRun {
  code: number | null;
  outcomes: Record<string, Outcome>;
  stderr: string;
}

/** Runs the driver's scenario in its own node process. */
function runDriver(scenario: string, ledgerUrl?: string): Promise<DriverRun> {
  const env: NodeJS.ProcessEnv = { ...process.env };
  delete env['TWIN_LEDGER_URL'];
  if (ledgerUrl !== undefined) env['TWIN_LEDGER_URL'] = ledgerUrl;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIVER, scenario], { env, stdio: ['ignore', 'pipe', 'pipe'] });
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

interface LedgerRequest {
  body: Record<string, unknown>;
  headers: http.IncomingHttpHeaders;
  connection: number;
}

/** A stand-in for the twin's ledger endpoint: records each POST, answers 204 after `delayMs`. */
async function startLedger(delayMs = 0): Promise<{ url: string; requests: LedgerRequest[]; close: () => Promise<void> }> {
  const requests: LedgerRequest[] = [];
  const connections = new WeakMap<object, number>();
  let nextConnection = 0;
  const server = http.createServer((req, res) => {
    if (!connections.has(req.socket)) connections.set(req.socket, (nextConnection += 1));
    let raw = '';
    req.on('data', (d: Buffer) => (raw += d.toString()));
    req.on('end', () => {
      requests.push({ body: JSON.parse(raw) as Record<string, unknown>, headers: req.headers, connection: connections.get(req.socket) ?? 0 });
      setTimeout(() => res.writeHead(204).end(), delayMs);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/ledger`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
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

  describe('with TWIN_LEDGER_URL', () => {
    it("posts each service's result or error before answering; nothing for a health check or a processor", async () => {
      // Prepare: a ledger that answers after 150 ms
      const ledger = await startLedger(150);
      try {
        // Act
        const { outcomes } = await runDriver('ledger', ledger.url);
        // Assess
        const bodies = ledger.requests.map((r) => r.body);
        expect(bodies).toHaveLength(3);
        expect(bodies).toEqual(
          expect.arrayContaining([
            { function: 'fn-stored', result: { written: 1 } },
            { function: 'fn-failed', error: { name: 'TypeError', message: 'persister broke' } },
            { function: 'fn-stray', error: { name: 'Runtime.UnhandledPromiseRejection', message: 'a promise was rejected and never handled: Error: stray in a service' } },
          ]),
        );
        for (const request of ledger.requests) {
          expect(request.headers['content-type']).toBe('application/json');
          expect(request.headers['transfer-encoding']).toBeUndefined();
          expect(Number(request.headers['content-length'])).toBe(Buffer.byteLength(JSON.stringify(request.body)));
        }
        // Each answered only once the ledger had answered
        for (const name of ['stored', 'failed', 'stray']) expect(outcomes[name]?.ms).toBeGreaterThanOrEqual(150);
        expect(outcomes['stored']).toMatchObject({ ok: true, value: { written: 1 } });
        expect(outcomes['failed']).toMatchObject({ ok: false, name: 'TypeError' });
        expect(outcomes['health']).toMatchObject({ ok: true, value: { status: 'healthy' } });
        expect(outcomes['health']?.ms).toBeLessThan(150);
        expect(outcomes['processor']).toMatchObject({ ok: true, value: { temperatureC: 21 } });
      } finally {
        await ledger.close();
      }
    });

    it('sends one small request per invocation on one kept-alive connection', async () => {
      // Prepare
      const ledger = await startLedger();
      try {
        // Act
        await runDriver('sequential', ledger.url);
        // Assess
        expect(ledger.requests.map((r) => r.body)).toEqual([0, 1, 2, 3, 4].map((n) => ({ function: 'fn-sequential', result: { n } })));
        expect(new Set(ledger.requests.map((r) => r.connection)).size).toBe(1);
      } finally {
        await ledger.close();
      }
    });

    it('answers as usual when the ledger is down, and says so on stderr', async () => {
      // Prepare: a port nobody listens on
      const ledger = await startLedger();
      const url = ledger.url;
      await ledger.close();
      // Act
      const { code, outcomes, stderr } = await runDriver('ledger', url);
      // Assess
      expect(outcomes['stored']).toMatchObject({ ok: true, value: { written: 1 } });
      expect(outcomes['failed']).toMatchObject({ ok: false, name: 'TypeError', message: 'persister broke' });
      expect(stderr).toContain('ledger report of fn-stored not delivered: connect ECONNREFUSED');
      expect(code).toBe(0);
    });
  });
});
