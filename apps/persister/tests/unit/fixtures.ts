import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { createLogger, parseTwinConfig } from '@twinflow/core';
import type { JsonObject, TelemetryEvent } from '@twinflow/core';
import { computeEventId } from '@twinflow/payload-mappers';
import { MemoryFailureStore } from '@twinflow/runtime';
import { createPersister } from '../../src/createPersister';
import { readPersisterEnv } from '../../src/persisterEnv';
import type { PersisterDeps, PersisterHandler, PersisterResult } from '../../src/types';

/** Fixed processing clock: 2026-11-24T08:00:00.000Z. */
export const NOW = Date.UTC(2026, 10, 24, 8, 0, 0);
export const TABLE = 'demo-hot';
/** The statement every hot-table write uses. */
export const INSERT = `INSERT INTO "${TABLE}" VALUE {'device_id': ?, 'timestamp': ?, 'event_id': ?, 'content_hash': ?, 'data': ?, 'processed_at': ?, 'ttl': ?}`;

/** A normalized event of `thermostat-1`, `minute` minutes after 07:00. */
export function telemetryEvent(minute = 0, overrides: Partial<TelemetryEvent> = {}): TelemetryEvent {
  const timestamp = new Date(Date.UTC(2026, 10, 24, 7, minute)).toISOString();
  return { twin: 'demo', deviceId: 'thermostat-1', timestamp, eventId: `event-${minute}`, payload: { t: minute }, receivedAt: new Date(NOW).toISOString(), ...overrides };
}

/** A wrapper → persister record. */
export function record(minute = 0, overrides: Partial<TelemetryEvent> = {}, data: JsonObject = { celsius: minute }): { event: TelemetryEvent; data: JsonObject } {
  return { event: telemetryEvent(minute, overrides), data };
}

/** The ExecuteRequest the wrapper sends. */
export function request(records: readonly unknown[]): Record<string, unknown> {
  return { requestId: 'wrapper-req-1:0', timestamp: new Date(NOW).toISOString(), trigger: 'telemetry', source: 'demo-processor-wrapper', payload: { records } };
}

/** A persister over a memory failure store, an instant sleep and a captured logger. */
export function buildPersister(
  vars: NodeJS.ProcessEnv = {},
  overrides: Partial<PersisterDeps> = {},
): {
  handler: PersisterHandler;
  persist: (event: unknown) => Promise<PersisterResult>;
  failures: MemoryFailureStore;
  lines: Array<Record<string, unknown>>;
  delays: number[];
} {
  const failures = new MemoryFailureStore();
  const lines: Array<Record<string, unknown>> = [];
  const delays: number[] = [];
  const env = readPersisterEnv({ TWIN_NAME: 'demo', FAILURE_STORE: 'memory', ...vars }, parseTwinConfig({ twinName: 'demo', region: 'eu-central-1' }));
  const handler = createPersister({
    env,
    failureStore: failures,
    documentClient: DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'eu-central-1' })),
    logger: createLogger({ level: 'debug', now: () => NOW, write: (line) => lines.push(JSON.parse(line) as Record<string, unknown>) }),
    now: () => NOW,
    sleep: async (ms) => void delays.push(ms),
    random: () => 0.5,
    ...overrides,
  });
  const persist = async (event: unknown): Promise<PersisterResult> => {
    const result = await handler(event, { awsRequestId: 'lambda-req-1' });
    if (!('received' in result)) throw new Error('expected a persist result, got a health report');
    return result;
  };
  return { handler, persist, failures, lines, delays };
}

/** The hot-table item `toHotTableItem` builds for a record at NOW with 30 days' retention. */
export function expectedItem(rec: { event: TelemetryEvent; data: JsonObject }): Record<string, unknown> {
  return {
    device_id: rec.event.deviceId,
    timestamp: rec.event.timestamp,
    event_id: rec.event.eventId,
    content_hash: computeEventId(rec.event),
    data: rec.data,
    processed_at: new Date(NOW).toISOString(),
    ttl: Math.floor(NOW / 1000) + 30 * 86_400,
  };
}
