/**
 * No orphans: however the twin ends — the terminal closing (SIGHUP), the program killed outright
 * (SIGKILL, no exit hooks) — its Lambda endpoint (serverless-offline, a detached process group)
 * goes with it, and the next start on the same ports is not refused by a leftover.
 */
import { processesMatching, readHealth, startTwin, waitFor, type RunningTwin, type TwinPorts } from '../twinProcess';

const PORTS: TwinPorts = { lambda: 38002, dynamodb: 38567, health: 38100 };
const ENDPOINT = `offline --lambdaPort ${PORTS.lambda} `;

/** Starts the twin (nothing sent) and waits until its health page answers and its endpoint runs. */
async function started(): Promise<RunningTwin> {
  const twin = startTwin(PORTS, ['--events', '0']);
  await waitFor(async () => ((await readHealth(twin)) ? true : undefined), 180_000, 'the twin to start');
  expect(processesMatching(ENDPOINT)).toHaveLength(1);
  return twin;
}

/** Waits until no process of the endpoint is left. */
async function endpointGone(): Promise<void> {
  await waitFor(async () => processesMatching(ENDPOINT).length === 0, 10_000, 'the endpoint to go');
}

describe('the local twin leaves no process behind', () => {
  let twin: RunningTwin | undefined;
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

    // Assess: stopped as a hangup, endpoint gone
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

    // Assess
    await endpointGone();
    twin = await started();
    const again = twin;
    expect((await readHealth(again)).counts).toBeDefined();
  });
});
