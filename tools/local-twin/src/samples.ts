// What the simulator sends each device: readings of its own sample's shape.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { type DeviceEntry, type JsonObject, deviceSamplePath, loadDeviceSample, simulatedReading } from '@twinflow/core';
import { type ReadingFactory, type SimulatedReading, genericReading } from './simulator';

/** Readings of each device's own sample shape (processors/<device>/sample.json); the generic shape for a device without one. */
export function readingFactory(workspace: string, devices: readonly DeviceEntry[], log: (line: string) => void): ReadingFactory {
  const samples = new Map<string, JsonObject>();
  const without: string[] = [];
  for (const { id } of devices) {
    const file = path.join(workspace, deviceSamplePath(id));
    if (existsSync(file)) samples.set(id, loadDeviceSample(file));
    else without.push(id);
  }
  if (without.length > 0) log(`  ! no sample reading for ${without.join(', ')} (${deviceSamplePath(without[0] as string)}): the simulator sends them generic readings`);
  return (deviceId, timestampMs, seq, eventId) => {
    const sample = samples.get(deviceId);
    return sample === undefined ? genericReading(deviceId, timestampMs, seq, eventId) : (simulatedReading(sample, { deviceId, timestampMs, seq, eventId }) as SimulatedReading);
  };
}
