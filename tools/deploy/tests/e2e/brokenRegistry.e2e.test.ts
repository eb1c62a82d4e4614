/**
 * A broken device registry stops the build, naming the file and the entry, and the command exits:
 * the services' bundles validate it at build time (tools/deploy/src/esbuildPlugins.cjs), and a
 * failed build must not leave `serverless package` waiting on esbuild forever.
 */
import { execFile } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { nxEnvironment } from '@twinflow/testing/workspaceLinks';
import { copyWorkspace, type WorkspaceCopy } from './workspaceCopy';

const run = promisify(execFile);
/** Far beyond a failed build's few seconds; a hang would run into it. */
const COMMAND_TIMEOUT_MS = 120_000;

describe('a broken device registry', () => {
  let copy: WorkspaceCopy;
  beforeAll(async () => {
    copy = await copyWorkspace('twinflow-broken-registry-');
  }, 120_000);
  afterAll(() => copy?.remove());

  it('fails `nx run dispatcher:package` naming the file and each bad entry, and the command exits', async () => {
    // Prepare: the first device twice, and a memory size below Lambda's
    const file = path.join(copy.dir, 'config', 'config_iot_devices.json');
    const registry = JSON.parse(readFileSync(file, 'utf8')) as Array<Record<string, unknown>>;
    writeFileSync(file, JSON.stringify([{ ...registry[0], memorySize: 64 }, ...registry.slice(1), registry[0]], null, 2));

    // Act
    const outcome = await run(process.execPath, [path.join(copy.dir, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), 'run', 'dispatcher:package', '--skip-nx-cache', '--outputStyle=static'], {
      cwd: copy.dir,
      env: nxEnvironment({ SLS_TELEMETRY_DISABLED: '1', SLS_NOTIFICATIONS_MODE: 'off' }),
      timeout: COMMAND_TIMEOUT_MS,
      maxBuffer: 64 * 1024 * 1024,
    }).then(
      () => ({ code: 0, killed: false, output: '' }),
      (error: { code?: number; killed?: boolean; stdout?: string; stderr?: string }) => ({ code: error.code ?? 1, killed: error.killed === true, output: `${error.stdout ?? ''}${error.stderr ?? ''}` }),
    );

    // Assess
    expect(outcome.killed).toBe(false);
    expect(outcome.code).not.toBe(0);
    expect(outcome.output).toContain('config/config_iot_devices.json: invalid configuration');
    expect(outcome.output).toContain('0.memorySize: must be an integer from 128 to 10240');
    expect(outcome.output).toContain(`${registry.length}.id: duplicate device id "${String(registry[0]?.['id'])}"`);
  }, 300_000);
});
