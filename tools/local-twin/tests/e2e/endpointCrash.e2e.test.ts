/**
 * The Lambda endpoint killed mid-run: the twin names it, stops, and counts as lost exactly the
 * readings found in neither table — checked by an oracle that reads the tables itself (they live
 * in the test's own dynalite, so they outlive the twin). DynamoDB gone mid-run: the twin names it
 * and counts as lost at least every reading the oracle finds in neither table. Both test the CLI
 * itself (its exit code and `--json` summary), so `npm start` runs as a child process here.
 */
import path from 'node:path';
import { failureTableName } from '@twinflow/core';
import { accountFor, startBackend, type OracleStore } from '../oracle';
import { cliCounts, cliSummary, cliTwinNames, processesMatching, startCli, suiteWorkDir, waitFor, type RunningCli } from '../twinProcess';

const NAMES = cliTwinNames();
/** The oracle's view of a CLI twin's tables in `dynamodb` (the test's own backend) and its spool file. */
const storeOf = (dynamodb: string, workDir: string): OracleStore => ({ dynamodb, hotTable: NAMES.hotTable, failureTable: failureTableName(NAMES.twin), spoolFile: path.join(workDir, 'failures-spool.jsonl') });

interface Summary {
  sent: number;
  accepted: number;
  persisted: number;
  failed: number;
  lost: number;
  missing: string[];
  rejected: string[];
  rejectedAtSend: number;
  runId: string;
  stopped: string;
}

describe('serverless-offline killed mid-run', () => {
  let twin: RunningCli;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  afterAll(async () => {
    await twin?.stop('SIGKILL');
    await backend?.close();
  });

  it('is named, stops the run with a failure exit, and lost equals the readings in neither table', async () => {
    // Prepare
    backend = await startBackend();
    const workDir = suiteWorkDir('endpoint-crash');
    twin = startCli({ lambda: 29002, dynamodb: 29567, health: 29100 }, ['--events', '20000', '--rate', '400', '--max-in-flight', '0', '--exit', '--json', '--dynamodb-backend', backend.endpoint, '--work-dir', workDir]);
    await waitFor(async () => (await cliCounts(twin)).sent >= 800, 120_000, '800 readings sent');

    // Act: SIGKILL the endpoint process (no chance to clean up)
    const endpoint = processesMatching('offline --lambdaPort 29002');
    const pid = Number(endpoint[0]?.trim().split(/\s+/)[0]);
    expect(pid).toBeGreaterThan(0);
    process.kill(pid, 'SIGKILL');
    const started = Date.now();
    const code = await twin.exited;
    const noticedInMs = Date.now() - started;

    // Assess: named, non-zero, within seconds
    expect(code).toBe(1);
    expect(twin.stderr()).toContain('serverless-offline (the Lambda endpoint on 127.0.0.1:29002) exited with SIGKILL');
    expect(noticedInMs).toBeLessThan(15_000);
    const summary = cliSummary<Summary>(twin);
    expect(summary.stopped).toBe('endpoint died');
    expect(summary.sent).toBeLessThan(20_000);

    // the oracle: every reading the simulator sent (sim-<runId>-0 … sent-1), minus those the endpoint refused
    const refused = new Set(summary.rejected);
    expect(refused.size).toBe(summary.rejectedAtSend);
    const ids = Array.from({ length: summary.sent }, (_, n) => `sim-${summary.runId}-${n}`).filter((id) => !refused.has(id));
    const account = await accountFor(storeOf(backend.endpoint, workDir), ids);
    for (const id of refused) expect(account.stored.has(id) || account.both.has(id)).toBe(false);
    expect(account.missing.size).toBeGreaterThan(0);
    expect(summary.lost).toBe(account.missing.size);
    expect(new Set(summary.missing)).toEqual(account.missing);
    expect(summary.persisted).toBe(account.stored.size + account.both.size);
    expect(summary.failed).toBe(account.parked.size);
    expect([...account.storedTwice]).toEqual([]);
  }, 240_000);
});

describe('DynamoDB gone mid-run', () => {
  let twin: RunningCli;
  let backend: Awaited<ReturnType<typeof startBackend>>;
  afterAll(async () => {
    await twin?.stop('SIGKILL');
    await backend?.close();
  });

  it('is named, stops the run with a failure exit, and no reading in neither table goes uncounted', async () => {
    // Prepare
    backend = await startBackend();
    const workDir = suiteWorkDir('dynamodb-gone');
    twin = startCli({ lambda: 31002, dynamodb: 31567, health: 31100 }, ['--events', '20000', '--rate', '300', '--exit', '--json', '--dynamodb-backend', backend.endpoint, '--work-dir', workDir]);
    await waitFor(async () => (await cliCounts(twin)).sent >= 600, 120_000, '600 readings sent');

    // Act: the backend stops answering (its data kept), for good as far as the twin can tell
    await backend.stop();
    const code = await twin.exited;

    // Assess
    expect(code).toBe(1);
    expect(twin.stderr()).toContain(`DynamoDB (${backend.endpoint}) stopped answering`);
    const summary = cliSummary<Summary>(twin);
    expect(summary.stopped).toBe('dynamodb died');
    expect(summary.lost).toBeGreaterThan(0);
    const ids = Array.from({ length: summary.sent }, (_, n) => `sim-${summary.runId}-${n}`).filter((id) => !summary.rejected.includes(id));
    const account = await accountFor(storeOf(backend.dataEndpoint, workDir), ids);
    // the twin could not read the tables at the end: it may count a stored reading as lost, never the reverse
    for (const id of account.missing) expect(summary.missing).toContain(id);
    expect(summary.lost).toBeGreaterThanOrEqual(account.missing.size);
  }, 240_000);
});
