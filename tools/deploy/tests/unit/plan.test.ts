import { devicesWithChangedEntries } from '../../src/plan';

const registry = (...entries: object[]): string => JSON.stringify(entries, null, 2);
const thermostat = { id: 'thermostat-1', description: 'Hall thermostat', memorySize: 256, timeout: 10 };
const pressure = { id: 'pressure-sensor-1', description: 'Line pressure', memorySize: 256, timeout: 10 };

describe('devicesWithChangedEntries', () => {
  it('names a device whose memory or timeout changed, and no other', () => {
    // Act
    const changed = devicesWithChangedEntries(registry(thermostat, pressure), registry({ ...thermostat, memorySize: 512 }, pressure));

    // Assess
    expect(changed).toEqual(['thermostat-1']);
  });

  it('names a device added, not one removed, and nothing for a reformatted or reordered file', () => {
    // Act
    const added = devicesWithChangedEntries(registry(thermostat), registry(thermostat, pressure));
    const removed = devicesWithChangedEntries(registry(thermostat, pressure), registry(thermostat));
    const reordered = devicesWithChangedEntries(registry(thermostat, pressure), JSON.stringify([pressure, thermostat]));

    // Assess
    expect(added).toEqual(['pressure-sensor-1']);
    expect(removed).toEqual([]);
    expect(reordered).toEqual([]);
  });

  it('treats a registry that did not exist (or did not parse) at the base as empty', () => {
    // Act / Assess
    expect(devicesWithChangedEntries(undefined, registry(thermostat))).toEqual(['thermostat-1']);
    expect(devicesWithChangedEntries('{not json', registry(thermostat))).toEqual(['thermostat-1']);
  });
});
