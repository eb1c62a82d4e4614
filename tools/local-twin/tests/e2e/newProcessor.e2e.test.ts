/**
 * `nx g processor <device>` and nothing else: the next twin serves the new processor (registry,
 * dispatcher bundle, function on the Lambda endpoint) — in a temporary copy of the workspace, so
 * the generator never touches this one.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { DynamoDBClient, ScanCommand } from '@aws-sdk/client-dynamodb';
import { LOCAL_CREDENTIALS, LocalTwin } from '@twinflow/local-twin';
import { wrapperComponents } from '../twinData';
import { repoRoot } from '../twinProcess';

/** What a copy of the workspace leaves out: what git ignores (outputs, caches, the installed packages) and git itself. */
const NOT_COPIED = new Set(['.git', 'node_modules', 'dist', 'tmp', 'coverage', '.nx', '.serverless', '.esbuild']);

describe('a processor generated after checkout', () => {
  let copy: string;
  let twin: LocalTwin | undefined;
  const cacheBefore = process.env['NX_CACHE_DIRECTORY'];

  beforeAll(() => {
    copy = path.join(mkdtempSync(path.join(tmpdir(), 'twinflow-newproc-')), 'repo');
    cpSync(repoRoot, copy, { recursive: true, filter: (source) => !NOT_COPIED.has(path.basename(source)) });
    symlinkSync(path.join(repoRoot, 'node_modules'), path.join(copy, 'node_modules'));
    // The copy's own Nx cache: nothing built there lands in this workspace's.
    process.env['NX_CACHE_DIRECTORY'] = path.join(copy, '.nx', 'cache');
    execFileSync(process.execPath, [require.resolve('nx/bin/nx.js', { paths: [copy] }), 'g', 'processor', 'e2e-gadget-1', '--description=e2e gadget'], {
      cwd: copy,
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' },
    });
  });

  afterAll(async () => {
    await twin?.stop();
    if (cacheBefore === undefined) delete process.env['NX_CACHE_DIRECTORY'];
    else process.env['NX_CACHE_DIRECTORY'] = cacheBefore;
    rmSync(path.dirname(copy), { recursive: true, force: true });
  });

  it('is served by the next twin without other edits', async () => {
    // Act
    twin = await LocalTwin.start({ workspace: copy, ports: { lambda: 23002, dynamodb: 24567, health: 23100 } });
    await twin.simulate({ rate: 60, events: 30, maxInFlight: 100 }).done;
    const account = await twin.waitUntilSettled();
    // Assess
    expect(twin.devices.map((d) => d.id)).toContain('e2e-gadget-1');
    expect(account).toMatchObject({ sent: 30, persisted: 30, failed: 0, lost: 0 });
    const client = new DynamoDBClient({ endpoint: twin.endpoints.dynamodb, region: twin.region, credentials: LOCAL_CREDENTIALS });
    const page = await client.send(new ScanCommand({ TableName: twin.hotTable, FilterExpression: 'device_id = :d', ExpressionAttributeValues: { ':d': { S: 'e2e-gadget-1' } } }));
    client.destroy();
    expect(page.Count).toBe(10);
    expect(page.Items?.[0]?.['data']?.M?.['device']?.S).toBe('e2e-gadget-1');
    expect(Object.keys(await wrapperComponents(twin))).toContain(twin.functionNames.processors['e2e-gadget-1']);
  });
});
