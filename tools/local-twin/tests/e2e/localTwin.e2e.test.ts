/**
 * The local twin end to end: real dynalite, real serverless-offline serving every function, the
 * real SDK between them, the real AWS CLI and a real browser against it. What `npm start` itself
 * does (its --exit summary and exit code, refusing taken ports, Ctrl-C) runs the CLI as a child
 * process; the rest drives an in-process LocalTwin.
 */
import { execFile, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { InvokeCommand } from '@aws-sdk/client-lambda';
import { LocalTwin } from '@twinflow/local-twin';
import { scanAll } from '../oracle';
import { processorComponent } from '../twinData';
import { cliCounts, cliSummary, cliTwinNames, processesMatching, repoRoot, startCli, suiteWorkDir, waitFor, type RunningCli } from '../twinProcess';

const run = promisify(execFile);
const ports = { lambda: 13002, dynamodb: 14567, health: 13100 };
const cliWorkDir = suiteWorkDir('local-twin-cli');
const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'eu-central-1', AWS_PAGER: '' };
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!hasAwsCli) console.warn('SKIPPED: the AWS CLI test — `aws` is not installed (apt-get install awscli; .ci/run does)');
if (!chromium) console.warn('SKIPPED: the health-page browser test — no /usr/bin/chromium (apt-get install chromium; .ci/run does)');

/** Runs a command to its end without blocking this process (the in-process twin answers meanwhile); never rejects. */
async function runToEnd(file: string, args: string[], options: { env?: NodeJS.ProcessEnv } = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return run(file, args, { cwd: repoRoot, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code?: number; stdout?: string; stderr?: string }) => ({ code: typeof error.code === 'number' ? error.code : 1, stdout: error.stdout ?? '', stderr: error.stderr ?? '' }),
  );
}

describe('npm start -- --events 500 --exit --json', () => {
  it('exits 0 with every reading persisted and none lost', async () => {
    // Act
    const cli = startCli(ports, ['--events', '500', '--rate', '250', '--exit', '--json', '--work-dir', cliWorkDir]);
    const code = await cli.exited;
    // Assess
    const summary = cliSummary<Record<string, number>>(cli);
    expect({ code, summary }).toMatchObject({ code: 0, summary: { sent: 500, persisted: 500, failed: 0, lost: 0, failedByReason: {} } });
    expect(summary['durationMs']).toBeGreaterThan(0);
    expect(summary['eventsPerSecond']).toBeGreaterThan(0);
    expect(processesMatching(cliWorkDir)).toEqual([]);
  });
});

describe('a running twin', () => {
  let twin: LocalTwin;
  const startedAt = Date.now();

  beforeAll(async () => {
    twin = await LocalTwin.start({ ports, workDir: suiteWorkDir('local-twin') });
    await twin.simulate({ rate: 250, events: 500, maxInFlight: 100 }).done;
    const account = await twin.waitUntilSettled();
    // Say why, when not: the parked readings by reason, and the missing ones by name.
    if (account.persisted !== 500) throw new Error(`expected 500 persisted readings: ${JSON.stringify({ ...account, readings: undefined })}`);
  });

  afterAll(async () => {
    await twin?.stop();
  });

  it('holds exactly 500 items with the contract keys, processor data and ttl', async () => {
    const items = await scanAll(twin.endpoints.dynamodb, twin.hotTable);
    expect(items).toHaveLength(500);
    const devices = new Set(items.map((item) => item['device_id']));
    expect([...devices].sort()).toEqual(['pressure-sensor-1', 'thermostat-1']);
    const retention = 30 * 86_400;
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['content_hash', 'data', 'device_id', 'event_id', 'processed_at', 'timestamp', 'ttl']);
      expect(item['timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // the simulator gives each reading its own id (the ledger knows it by that id from the moment it is sent)
      expect(item['event_id']).toMatch(new RegExp(`^sim-${twin.runId}-\\d+$`));
      expect(item['content_hash']).toMatch(/^[0-9a-f]{32}$/);
      const ttl = item['ttl'] as number;
      expect(ttl).toBeGreaterThanOrEqual(Math.floor(startedAt / 1000) + retention);
      expect(ttl).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + retention);
    }
    const thermostat = items.find((item) => item['device_id'] === 'thermostat-1');
    expect(thermostat?.['data']).toEqual(expect.objectContaining({ temperatureC: expect.any(Number), comfort: expect.any(String) }));
    const pressure = items.find((item) => item['device_id'] === 'pressure-sensor-1');
    expect(pressure?.['data']).toEqual(expect.objectContaining({ pressureKpa: expect.any(Number), alarm: expect.any(Boolean) }));
  });

  it('refuses a second twin (npm start) on the same ports with a clear message', async () => {
    // Act
    const second = await runToEnd(process.execPath, [
      path.join(repoRoot, 'tools/local-twin/bin/start.cjs'),
      '--lambda-port',
      String(ports.lambda),
      '--dynamodb-port',
      String(ports.dynamodb),
      '--health-port',
      String(ports.health),
      '--events',
      '1',
      '--work-dir',
      cliWorkDir,
    ]);
    // Assess
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`Lambda port ${ports.lambda}, DynamoDB port ${ports.dynamodb}, health page port ${ports.health} are already in use`);
  });

  (chromium ? it : it.skip)('shows functions, circuits and readings on the health page in a browser', async () => {
    const { chromium: browserType } = await import('playwright-core');
    const browser = await browserType.launch({
      executablePath: chromium,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    try {
      const page = await browser.newPage();
      await page.goto(`${twin.endpoints.health}/`);
      await page.waitForSelector('#functions tbody tr');
      await page.waitForSelector('#readings tbody tr.reading');
      const functions = await page.$$eval('#functions tbody tr', (rows) => rows.map((row) => row.getAttribute('data-function')));
      const components = await page.$$eval('#functions tbody tr td:nth-child(2)', (cells) => cells.map((cell) => cell.textContent));
      const persisted = await page.textContent('[data-count="persisted"]');
      const readings = await page.$$eval('#readings tbody tr.reading', (rows) => rows.length);
      await page.screenshot({ path: path.join(repoRoot, 'tmp', 'health-page.png') });
      expect(new Set(functions)).toEqual(new Set([twin.functionNames.dispatcher, twin.functionNames.wrapper, twin.functionNames.persister]));
      expect(components).toEqual(expect.arrayContaining([...Object.values(twin.functionNames.processors), twin.functionNames.wrapper]));
      expect(Number(persisted)).toBeGreaterThanOrEqual(500);
      expect(readings).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('swaps a processor with `nx run processor-<device>:deploy -c local` once its tests pass: the next reading runs the new code', async () => {
    const handlerFile = path.join(repoRoot, 'processors/pressure-sensor-1/src/handler.ts');
    const specFile = path.join(repoRoot, 'processors/pressure-sensor-1/src/handler.spec.ts');
    const original = readFileSync(handlerFile, 'utf8');
    const originalSpec = readFileSync(specFile, 'utf8');
    const event = { twin: twin.twin, deviceId: 'pressure-sensor-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'swap-1', payload: { pressure: 900 }, receivedAt: '2026-11-24T08:00:00.000Z' };
    const invoke = async (): Promise<Record<string, unknown>> => {
      const out = await twin.lambda.send(new InvokeCommand({ FunctionName: twin.functionNames.processors['pressure-sensor-1'], Payload: Buffer.from(JSON.stringify(event)) }));
      return JSON.parse(Buffer.from(out.Payload ?? []).toString('utf8')) as Record<string, unknown>;
    };
    const deployLocal = () =>
      runToEnd(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [repoRoot] }), 'run', 'processor-pressure-sensor-1:deploy', '-c', 'local', '--outputStyle=static'], {
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', TWINFLOW_ADMIN_URL: twin.endpoints.health },
      });
    expect(await invoke()).not.toHaveProperty('swapped');
    try {
      writeFileSync(handlerFile, original.replace('thresholdKpa: ALARM_THRESHOLD_KPA,', "thresholdKpa: ALARM_THRESHOLD_KPA,\n    swapped: 'yes',"));
      // deploy depends on the processor's test: its spec still expects the old output, so nothing ships
      const refused = await deployLocal();
      expect(refused.code).not.toBe(0);
      expect(refused.stdout + refused.stderr).toMatch(/processor-pressure-sensor-1:test/);
      expect(await invoke()).not.toHaveProperty('swapped');
      writeFileSync(specFile, originalSpec.replace('thresholdKpa: 800 }', "thresholdKpa: 800, swapped: 'yes' }"));
      const deployed = await deployLocal();
      expect({ code: deployed.code, output: deployed.code === 0 ? '' : deployed.stdout + deployed.stderr }).toEqual({ code: 0, output: '' });
      expect(await invoke()).toMatchObject({ swapped: 'yes', alarm: true });
    } finally {
      writeFileSync(handlerFile, original);
      writeFileSync(specFile, originalSpec);
    }
  });

  it("closes a processor's open circuit when its code is deployed (PUT /admin/processors/<device>, as deploy -c local does)", async () => {
    // Prepare: thermostat-1 fails every invocation until the wrapper opens its circuit
    const device = 'thermostat-1';
    const zipPath = path.join(twin.workspace, 'dist/processors', `processor-${device}.zip`);
    let n = 0;
    twin.setFaults(0, { [device]: 1 });
    try {
      await waitFor(
        async () => {
          n += 1;
          await twin.send([{ device_id: device, timestamp: new Date(Date.UTC(2026, 10, 25, 9) + n).toISOString(), temperature: 70 }]);
          await twin.waitUntilSettled({ settleTimeoutS: 20 });
          return (await processorComponent(twin, device))?.circuit === 'open';
        },
        60_000,
        () => `${device}'s circuit to open (${n} readings sent)`,
      );
    } finally {
      twin.setFaults(0);
    }

    // Act
    const response = await fetch(`${twin.endpoints.health}/admin/processors/${device}`, { method: 'PUT', body: JSON.stringify({ zipPath }) });
    const after = await processorComponent(twin, device);
    await twin.send([{ device_id: device, eventId: 'after-deploy-1', timestamp: new Date(Date.UTC(2026, 10, 25, 10)).toISOString(), temperature: 71 }]);
    const account = await twin.waitUntilSettled();

    // Assess: closed right after the deploy, and the next reading goes through the new code at once
    expect(response.status).toBe(200);
    expect(await response.text()).toMatch(/^version [0-9a-f]{16}$/);
    expect(after).toMatchObject({ circuit: 'closed' });
    expect(account.readings.find((r) => r.eventId === 'after-deploy-1')).toMatchObject({ status: 'stored' });
  });
});

describe('npm start while it runs', () => {
  let cli: RunningCli;
  const names = cliTwinNames();

  beforeAll(async () => {
    cli = startCli(ports, ['--events', '0', '--work-dir', cliWorkDir]);
    await waitFor(async () => (await cliCounts(cli)) !== undefined, 120_000, () => `npm start to answer\n--- stderr ---\n${cli.stderr().slice(-3000)}`);
  });

  afterAll(async () => {
    await cli?.stop('SIGKILL');
  });

  (hasAwsCli ? it : it.skip)('works with the real AWS CLI: invoke the dispatcher, scan the reading', async () => {
    // Prepare
    const payload = JSON.stringify({ device_id: 'thermostat-1', timestamp: '2026-11-24T07:00:00.000Z', temperature: 68, source: 'aws-cli' });
    const outFile = path.join(cliWorkDir, 'aws-cli-invoke.json');
    // fileb:// sends the bytes as they are, whatever the CLI's version and binary-format setting.
    const payloadFile = path.join(cliWorkDir, 'aws-cli-payload.json');
    writeFileSync(payloadFile, payload);
    // Act
    const invoke = await runToEnd('aws', ['lambda', 'invoke', '--endpoint-url', cli.endpoints.lambda, '--function-name', names.dispatcher, '--payload', `fileb://${payloadFile}`, outFile], { env: awsEnv });
    const result = JSON.parse(readFileSync(outFile, 'utf8')) as { dispatched: number };
    const scanned = await waitFor(
      async () => {
        const out = await runToEnd(
          'aws',
          ['dynamodb', 'scan', '--endpoint-url', cli.endpoints.dynamodb, '--table-name', names.hotTable, '--filter-expression', '#ts = :ts', '--expression-attribute-names', '{"#ts":"timestamp"}', '--expression-attribute-values', '{":ts":{"S":"2026-11-24T07:00:00.000Z"}}'],
          { env: awsEnv },
        );
        const parsed = JSON.parse(out.stdout) as { Count: number; Items: Array<Record<string, { S?: string; M?: Record<string, { N?: string }> }>> };
        return parsed.Count === 1 ? parsed : undefined;
      },
      30_000,
      'the CLI reading in the hot table',
    );
    // Assess
    expect(invoke.code).toBe(0);
    expect(JSON.parse(invoke.stdout)).toMatchObject({ StatusCode: 200 });
    expect(result.dispatched).toBe(1);
    expect(scanned.Items[0]?.['device_id']?.S).toBe('thermostat-1');
    expect(scanned.Items[0]?.['data']?.M?.['temperatureC']?.N).toBe('20');
  });

  it('stops cleanly on Ctrl-C (exit 0: nothing lost) and leaves no child process behind', async () => {
    const code = await cli.stop('SIGINT');
    expect(code).toBe(0);
    expect(cli.stderr()).toMatch(/stopped \(interrupted\)/);
    expect(processesMatching(cliWorkDir)).toEqual([]);
  });
});
