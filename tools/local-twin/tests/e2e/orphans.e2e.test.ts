/**
 * No orphans: however the twin ends — the terminal closing (SIGHUP), the program killed outright
 * (SIGKILL, no exit hooks) — its Lambda endpoint (serverless-offline, a detached process group)
 * goes with it, and the next start on the same ports is not refused by a leftover.
 */
import { cliCounts, processesMatching, startCli, suiteWorkDir, waitFor, type RunningCli } from '../twinProcess';

const PORTS = { lambda: 31002, dynamodb: 31567, health: 31100 };
const WORK_DIR = suiteWorkDir('orphans');
const ENDPOINT = `offline --lambdaPort ${PORTS.lambda} `;

/** Starts the twin (nothing sent) and waits until its health page answers and its endpoint runs. */
async function started(): Promise<RunningCli> {
  const twin = startCli(PORTS, ['--events', '0', '--work-dir', WORK_DIR]);
  await waitFor(async () => (await cliCounts(twin)) !== undefined, 180_000, 'the twin to start');
  expect(processesMatching(ENDPOINT)).toHaveLength(1);
  return twin;
}

/** Waits until no process of the endpoint is left. */
async function endpointGone(): Promise<void> {
  await waitFor(async () => processesMatching(ENDPOINT).length === 0, 10_000, 'the endpoint to go');
}

describe('the local twin leaves no process behind', () => {
  let twin: RunningCli | undefined;
  afterEach(async () => {
    await twin?.stop('SIGKILL');
    twin = undefined;
  });

  it('takes its endpoint with it when the terminal closes (SIGHUP)', async () => {
    // Prepare
    twin = await started();

    // Act
    twin.process.kill('SIGHUP');
    const code = await twin.exited;

    // Assess: stopped as a hangup (exit 0: nothing lost), endpoint gone
    expect(code).toBe(0);
    expect(twin.stdout() + twin.stderr()).toContain('stopped (hangup)');
    await endpointGone();
  });

  it('takes its endpoint with it when it is killed outright, and starts again on the same ports', async () => {
    // Prepare
    twin = await started();

    // Act: SIGKILL runs no exit hook of the twin; the endpoint notices its parent is gone
    twin.process.kill('SIGKILL');
    await twin.exited;

    // Assess: gone, and the next start on the same ports is not refused (started() waits for its one endpoint)
    await endpointGone();
    twin = await started();
  });
});
