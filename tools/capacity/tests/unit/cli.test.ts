import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { runCapacity } from '../../src/cli';
import { DEFAULT_DURATIONS, FUNCTION_DURATIONS_BENCHMARK, durationRows } from '../../src/durations';
import { WORKSPACE } from '../../src/workspace';

function run(...argv: string[]): { code: number; out: string; err: string } {
  let out = '';
  let err = '';
  const code = runCapacity(argv, { out: (text) => void (out += text), err: (text) => void (err += text), workspace: WORKSPACE });
  return { code, out, err };
}

describe('npm run capacity', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'capacity-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('prints the table for a fleet, with what it assumed', () => {
    // Prepare
    const file = path.join(dir, 'durations.json');
    writeFileSync(file, JSON.stringify({ ...DEFAULT_DURATIONS, source: 'hand-written' }));
    // Act
    const { code, out, err } = run('--devices', '1000', '--rate', '1/min', '--durations', file);
    // Assess
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toContain('1,000 devices × 1 reading/min = 17 readings/s, 43.2M readings a month (30 days)');
    expect(out).toContain('durations: hand-written (');
    expect(out).toContain('| | device messages | gateway messages of 25 |');
    expect(out).toMatch(/\| \*\*USD per million readings\*\* \| \*\*\$[\d.]+\*\* \| \*\*\$[\d.]+\*\* \|/);
  });

  it('reads the durations of a bench results file, and prints JSON with --json', () => {
    // Prepare
    const file = path.join(dir, 'latest.json');
    const rows = durationRows({ ...DEFAULT_DURATIONS, dispatcher: { one: 40, batch: 64 } });
    writeFileSync(file, JSON.stringify({ at: 'then', benchmarks: [{ name: FUNCTION_DURATIONS_BENCHMARK, source: 'bench', rows }] }));
    // Act
    const { code, out } = run('--devices', '10', '--rate', '2', '--batch', '5', '--durations', file, '--json');
    const report = JSON.parse(out) as { input: { durations: { dispatcher: unknown } }; readingsPerSecond: number; gateway: { readingsPerMessage: number; functions: { dispatcher: { billedMsPerInvocation: number } } } };
    // Assess
    expect(code).toBe(0);
    expect(report.input.durations.dispatcher).toEqual({ one: 40, batch: 64 });
    expect(report.readingsPerSecond).toBe(20);
    expect(report.gateway.readingsPerMessage).toBe(5);
    expect(report.gateway.functions.dispatcher.billedMsPerInvocation).toBe(44); // 40 + 4 × 1 ms per reading
  });

  it.each([
    [['--rate', '1/s'], '--devices must be a positive integer, got "(nothing)"'],
    [['--devices', '0', '--rate', '1/s'], '--devices must be a positive integer, got "0"'],
    [['--devices', '1.5', '--rate', '1/s'], '--devices must be a positive integer'],
    [['--devices', '10'], '--rate is required'],
    [['--devices', '10', '--rate', '1/week'], '--rate must be readings per device'],
    [['--devices', '10', '--rate', '1/s', '--batch', 'x'], '--batch must be a positive integer'],
    [['--devices', '10', '--rate', '1/s', '--failure-rate', '2'], '--failure-rate must be a share from 0 to 1'],
    [['--devices', '10', '--rate', '1/s', '--log-level', 'debug'], '--log-level must be one of info, warn'],
    [['--devices', '10', '--rate', '1/s', '--durations', '/nonexistent/durations.json'], '--durations: cannot read /nonexistent/durations.json'],
    [['--devices', '10', '--rate', '1/s', '--frobnicate'], "Unknown option '--frobnicate'"],
    [['--devices', '10', '--rate', '1/s', 'extra'], 'extra'],
  ])('%j exits 2: %s', (argv, message) => {
    // Act
    const { code, out, err } = run(...argv);
    // Assess
    expect(code).toBe(2);
    expect(out).toBe('');
    expect(err).toContain(message);
    expect(err).toContain('Usage: npm run capacity');
  });

  it('refuses a results file without function durations when it is named', () => {
    // Prepare
    const file = path.join(dir, 'other.json');
    writeFileSync(file, JSON.stringify({ benchmarks: [{ name: 'pipeline throughput (local twin)', rows: [] }] }));
    // Act
    const { code, err } = run('--devices', '10', '--rate', '1/s', '--durations', file);
    // Assess
    expect(code).toBe(2);
    expect(err).toContain('holds no function durations');
  });

  it('--help prints the usage and exits 0', () => {
    // Act
    const { code, out } = run('--help');
    // Assess
    expect(code).toBe(0);
    expect(out).toContain('--devices-per-message');
  });
});
