/**
 * The local twin end to end: real dynalite, real serverless-offline serving every function, the
 * real SDK between them, the real AWS CLI and a real browser against it.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { processesMatching, readHealth, repoRoot, startTwin, waitFor, type RunningTwin } from '../twinProcess';

const ports = { lambda: 13002, dynamodb: 14567, health: 13100 };
const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
const awsEnv = { ...process.env, AWS_ACCESS_KEY_ID: 'local', AWS_SECRET_ACCESS_KEY: 'local', AWS_DEFAULT_REGION: 'eu-central-1', AWS_PAGER: '' };
const hasAwsCli = spawnSync('aws', ['--version']).status === 0;
const chromium = ['/usr/bin/chromium', '/usr/bin/chromium-browser'].find((p) => existsSync(p));
if (!hasAwsCli) console.warn('SKIPPED: the AWS CLI test — `aws` is not installed (apt-get install awscli; .ci/run does)');
if (!chromium) console.warn('SKIPPED: the health-page browser test — no /usr/bin/chromium (apt-get install chromium; .ci/run does)');

async function scanAll(endpoint: string, table: string): Promise<Array<Record<string, unknown>>> {
  const client = new DynamoDBClient({ endpoint, region: 'eu-central-1', credentials });
  const items: Array<Record<string, unknown>> = [];
  let startKey: Record<string, unknown> | undefined;
  do {
    const page = await client.send(new ScanCommand({ TableName: table, ExclusiveStartKey: startKey as never }));
    items.push(...(page.Items ?? []).map((item) => unmarshall(item)));
    startKey = page.LastEvaluatedKey;
  } while (startKey);
  return items;
}

describe('npm start -- --events 500 --exit --json', () => {
  it('exits 0 with every reading persisted and none lost', async () => {
    // Act
    const twin = startTwin(ports, ['--events', '500', '--rate', '250', '--exit', '--json']);
    const code = await twin.exited;
    // Assess
    const summary = JSON.parse(twin.stdout().trim().split('\n').pop() ?? '{}') as Record<string, number>;
    expect({ code, summary }).toMatchObject({ code: 0, summary: { sent: 500, persisted: 500, failed: 0, lost: 0, failedByReason: {} } });
    expect(summary['durationMs']).toBeGreaterThan(0);
    expect(summary['eventsPerSecond']).toBeGreaterThan(0);
    expect(processesMatching('tmp/local-twin')).toEqual([]);
  });
});

describe('a running twin', () => {
  let twin: RunningTwin;
  const startedAt = Date.now();

  beforeAll(async () => {
    twin = startTwin(ports, ['--events', '500', '--rate', '250']);
    try {
      await waitFor(async () => (await readHealth(twin)).counts.persisted === 500, 120_000, '500 persisted readings');
    } catch (e) {
      // Say why: the counts and the twin's own output (parked readings are named there).
      const counts = (await readHealth(twin).catch(() => undefined))?.counts;
      throw new Error(`${(e as Error).message}; last counts ${JSON.stringify(counts)}\n--- twin stderr ---\n${twin.stderr().slice(-3000)}`);
    }
  });

  afterAll(async () => {
    await twin?.stop();
  });

  it('holds exactly 500 items with the contract keys, processor data and ttl', async () => {
    const items = await scanAll(twin.endpoints.dynamodb, 'demo-hot');
    expect(items).toHaveLength(500);
    const devices = new Set(items.map((item) => item['device_id']));
    expect([...devices].sort()).toEqual(['pressure-sensor-1', 'thermostat-1']);
    const retention = 30 * 86_400;
    for (const item of items) {
      expect(Object.keys(item).sort()).toEqual(['content_hash', 'data', 'device_id', 'event_id', 'processed_at', 'timestamp', 'ttl']);
      expect(item['timestamp']).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
      // the simulator gives each reading its own id (the ledger knows it by that id from the moment it is sent)
      expect(item['event_id']).toMatch(/^sim-[0-9a-z]+-\d+$/);
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

  it('refuses a second twin on the same ports with a clear message', () => {
    const second = spawnSync(
      process.execPath,
      [path.join(repoRoot, 'tools/local-twin/src/cli.mjs'), '--lambda-port', '13002', '--dynamodb-port', '14567', '--health-port', '13100', '--events', '1'],
      { cwd: repoRoot, encoding: 'utf8' },
    );
    expect(second.status).toBe(1);
    expect(second.stderr).toMatch(/Lambda port 13002, DynamoDB port 14567, health page port 13100 are already in use/);
  });

  (hasAwsCli ? it : it.skip)('works with the real AWS CLI: invoke the dispatcher, scan the reading', async () => {
    // Prepare
    const payload = JSON.stringify({ device_id: 'thermostat-1', timestamp: '2026-11-24T07:00:00.000Z', temperature: 68, source: 'aws-cli' });
    const outFile = path.join(repoRoot, 'tmp', 'aws-cli-invoke.json');
    // fileb:// sends the bytes as they are, whatever the CLI's version and binary-format setting.
    const payloadFile = path.join(repoRoot, 'tmp', 'aws-cli-payload.json');
    writeFileSync(payloadFile, payload);
    // Act
    const invoke = execFileSync(
      'aws',
      ['lambda', 'invoke', '--endpoint-url', twin.endpoints.lambda, '--function-name', 'demo-dispatcher', '--payload', `fileb://${payloadFile}`, outFile],
      { env: awsEnv, encoding: 'utf8' },
    );
    const result = JSON.parse(readFileSync(outFile, 'utf8')) as { dispatched: number };
    const scanned = await waitFor(
      async () => {
        const out = execFileSync(
          'aws',
          ['dynamodb', 'scan', '--endpoint-url', twin.endpoints.dynamodb, '--table-name', 'demo-hot', '--filter-expression', '#ts = :ts', '--expression-attribute-names', '{"#ts":"timestamp"}', '--expression-attribute-values', '{":ts":{"S":"2026-11-24T07:00:00.000Z"}}'],
          { env: awsEnv, encoding: 'utf8' },
        );
        const parsed = JSON.parse(out) as { Count: number; Items: Array<Record<string, { S?: string; M?: Record<string, { N?: string }> }>> };
        return parsed.Count === 1 ? parsed : undefined;
      },
      30_000,
      'the CLI reading in demo-hot',
    );
    // Assess
    expect(JSON.parse(invoke)).toMatchObject({ StatusCode: 200 });
    expect(result.dispatched).toBe(1);
    expect(scanned.Items[0]?.['device_id']?.S).toBe('thermostat-1');
    expect(scanned.Items[0]?.['data']?.M?.['temperatureC']?.N).toBe('20');
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
      expect(new Set(functions)).toEqual(new Set(['demo-dispatcher', 'demo-processor-wrapper', 'demo-persister']));
      expect(components).toEqual(expect.arrayContaining(['demo-thermostat-1-processor', 'demo-pressure-sensor-1-processor', 'demo-processor-wrapper']));
      expect(Number(persisted)).toBeGreaterThanOrEqual(500);
      expect(readings).toBeGreaterThan(0);
    } finally {
      await browser.close();
    }
  });

  it('swaps a processor with `nx run processor-<device>:deploy -c local` once its tests pass: the next reading runs the new code', () => {
    const handlerFile = path.join(repoRoot, 'processors/pressure-sensor-1/src/handler.ts');
    const specFile = path.join(repoRoot, 'processors/pressure-sensor-1/src/handler.spec.ts');
    const original = readFileSync(handlerFile, 'utf8');
    const originalSpec = readFileSync(specFile, 'utf8');
    const event = { twin: 'demo', deviceId: 'pressure-sensor-1', timestamp: '2026-11-24T08:00:00.000Z', eventId: 'swap-1', payload: { pressure: 900 }, receivedAt: '2026-11-24T08:00:00.000Z' };
    const invoke = (): Record<string, unknown> =>
      JSON.parse(
        execFileSync('curl', ['-s', '-X', 'POST', `${twin.endpoints.lambda}/2015-03-31/functions/demo-pressure-sensor-1-processor/invocations`, '-d', JSON.stringify(event)], {
          encoding: 'utf8',
        }),
      ) as Record<string, unknown>;
    const deployLocal = (): void => {
      execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [repoRoot] }), 'run', 'processor-pressure-sensor-1:deploy', '-c', 'local', '--outputStyle=static'], {
        cwd: repoRoot,
        env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', TWINFLOW_ADMIN_URL: twin.endpoints.health },
        encoding: 'utf8',
        stdio: 'pipe',
      });
    };
    expect(invoke()).not.toHaveProperty('swapped');
    try {
      writeFileSync(handlerFile, original.replace('thresholdKpa: ALARM_THRESHOLD_KPA,', "thresholdKpa: ALARM_THRESHOLD_KPA,\n    swapped: 'yes',"));
      // deploy depends on the processor's test: its spec still expects the old output, so nothing ships
      expect(deployLocal).toThrow(/processor-pressure-sensor-1:test/);
      expect(invoke()).not.toHaveProperty('swapped');
      writeFileSync(specFile, originalSpec.replace('thresholdKpa: 800 }', "thresholdKpa: 800, swapped: 'yes' }"));
      deployLocal();
      expect(invoke()).toMatchObject({ swapped: 'yes', alarm: true });
    } finally {
      writeFileSync(handlerFile, original);
      writeFileSync(specFile, originalSpec);
    }
  });

  it('stops cleanly on Ctrl-C and leaves no child process behind', async () => {
    const code = await twin.stop('SIGINT');
    expect(code).toBe(0);
    expect(twin.stderr()).toMatch(/stopped \(interrupted\)/);
    expect(processesMatching('tmp/local-twin')).toEqual([]);
  });
});
