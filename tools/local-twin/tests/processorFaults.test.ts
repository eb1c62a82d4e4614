/** How the twin's processors read faults.json: the global rate, a device's own rate, a device's fault kind. */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAULT_KINDS, processorHandler, readFaults } from '../src/shims/processorFaults';

describe('processor faults', () => {
  let dir: string;
  const faultsFile = (): string => path.join(dir, 'faults.json');
  const writeFaults = (faults: object): void => writeFileSync(faultsFile(), JSON.stringify(faults));
  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'processor-faults-'));
    const code = path.join(dir, 'v1.js');
    writeFileSync(code, 'exports.handler = async (event) => ({ echoed: event.n });');
    writeFileSync(path.join(dir, 'thermostat-1.current'), code);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads no faults from a missing file, mixed faults from the global rate, crashes from a device rate', () => {
    expect(readFaults(faultsFile(), 'thermostat-1')).toEqual({ rate: 0, kind: undefined });
    writeFaults({ rate: 0.1, devices: { 'pressure-sensor-1': 1 } });
    expect(readFaults(faultsFile(), 'thermostat-1')).toEqual({ rate: 0.1, kind: undefined });
    expect(readFaults(faultsFile(), 'pressure-sensor-1')).toEqual({ rate: 1, kind: 'crash' });
  });

  it("takes a device's kind at its own rate, else the global one", () => {
    writeFaults({ rate: 0.5, devices: { 'thermostat-1': 1 }, kinds: { 'thermostat-1': 'stray-rejection', 'pressure-sensor-1': 'hang', 'pump-1': 'nonsense' } });
    expect(readFaults(faultsFile(), 'thermostat-1')).toEqual({ rate: 1, kind: 'stray-rejection' });
    expect(readFaults(faultsFile(), 'pressure-sensor-1')).toEqual({ rate: 0.5, kind: 'hang' });
    expect(readFaults(faultsFile(), 'pump-1')).toEqual({ rate: 0.5, kind: 'crash' });
    expect(FAULT_KINDS).toEqual(['crash', 'invalid-output', 'hang', 'hang-past-timeout', 'stray-rejection', 'uncaught-exception']);
  });

  it('runs the current code, and injects the kind the file names, read on every invocation', async () => {
    // Prepare
    const handler = processorHandler(dir, 'thermostat-1', { faultsFile: faultsFile(), random: () => 0 });
    // Act / Assess
    await expect(handler({ n: 1 })).resolves.toEqual({ echoed: 1 });
    writeFaults({ rate: 0, devices: { 'thermostat-1': 1 } });
    await expect(handler({ n: 2 })).rejects.toThrow('injected fault: processor crashed');
    writeFaults({ rate: 1, kinds: { 'thermostat-1': 'invalid-output' } });
    await expect(handler({ n: 3 })).resolves.toEqual(['injected fault: not an object']);
    writeFaults({ rate: 0 });
    await expect(handler({ n: 4 })).resolves.toEqual({ echoed: 4 });
  });
});
