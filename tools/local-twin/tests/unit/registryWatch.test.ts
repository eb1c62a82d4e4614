/** A processor generated or removed while the twin runs: the twin says it must be restarted, once per change. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { watchRegistry } from '../../src/registryWatch';

const entry = (id: string): object => ({ id, description: `device ${id}`, memorySize: 256, timeout: 10 });
const waitForLines = async (lines: string[], count: number): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (lines.length < count && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
};

describe('watchRegistry', () => {
  let dir: string;
  let file: string;
  let watcher: ReturnType<typeof watchRegistry>;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'registry-watch-'));
    file = path.join(dir, 'config_iot_devices.json');
    writeFileSync(file, JSON.stringify([entry('thermostat-1')]));
  });
  afterEach(() => {
    watcher?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('names a device added and one removed, says to restart, and says it once', async () => {
    // Prepare
    const lines: string[] = [];
    watcher = watchRegistry(file, ['thermostat-1'], (line) => lines.push(line));

    // Act
    writeFileSync(file, JSON.stringify([entry('pump-7')]));
    await waitForLines(lines, 1);
    writeFileSync(file, JSON.stringify([entry('pump-7')])); // the same change again

    // Assess
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('the device registry changed (pump-7 was added, thermostat-1 was removed): restart npm start to serve it');
    expect(lines[0]).toContain('this twin keeps serving thermostat-1');
  });

  it('says nothing for a registry that is half written or unchanged in its devices', async () => {
    // Prepare
    const lines: string[] = [];
    watcher = watchRegistry(file, ['thermostat-1'], (line) => lines.push(line));

    // Act
    writeFileSync(file, '[{"id": "thermo');
    writeFileSync(file, JSON.stringify([{ ...entry('thermostat-1'), description: 'renamed' }]));
    await new Promise((resolve) => setTimeout(resolve, 300));

    // Assess
    expect(lines).toEqual([]);
  });
});
