/**
 * `nx g processor <device>` and nothing else: the next `npm start` serves the new processor
 * (registry, dispatcher bundle, function on the Lambda endpoint) — in a temporary git copy.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { readHealth, repoRoot, startTwin, waitFor, type RunningTwin } from '../twinProcess';

describe('a processor generated after checkout', () => {
  let copy: string;
  let twin: RunningTwin | undefined;
  const env: NodeJS.ProcessEnv = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };

  beforeAll(() => {
    copy = path.join(mkdtempSync(path.join(tmpdir(), 'twinflow-newproc-')), 'repo');
    execFileSync('git', ['clone', '--quiet', repoRoot, copy]);
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    env['NX_CACHE_DIRECTORY'] = path.join(copy, '.nx', 'cache');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [copy] }), 'g', 'processor', 'e2e-gadget-1', '--description=e2e gadget'], { cwd: copy, env });
  });

  afterAll(async () => {
    await twin?.stop();
    rmSync(path.dirname(copy), { recursive: true, force: true });
  });

  it('is served by the next npm start without other edits', async () => {
    // Act
    twin = startTwin({ lambda: 23002, dynamodb: 24567, health: 23100 }, ['--events', '30', '--rate', '60'], copy);
    await waitFor(async () => (await readHealth(twin as RunningTwin)).counts.persisted === 30, 120_000, '30 persisted readings');
    // Assess
    const client = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: 'eu-central-1', credentials: { accessKeyId: 'l', secretAccessKey: 'l' } });
    const page = await client.send(
      new ScanCommand({ TableName: 'demo-hot', FilterExpression: 'device_id = :d', ExpressionAttributeValues: { ':d': { S: 'e2e-gadget-1' } } }),
    );
    expect(page.Count).toBe(10);
    expect(page.Items?.[0]?.['data']?.M?.['device']?.S).toBe('e2e-gadget-1');
    const health = await readHealth(twin);
    expect(Object.keys(health.functions['demo-processor-wrapper']?.components ?? {})).toContain('demo-e2e-gadget-1-processor');
  });
});
