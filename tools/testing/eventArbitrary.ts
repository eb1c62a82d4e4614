// Generated TelemetryEvent candidates for property tests of the wire contract: mostly valid
// fields, each invalid form (the timestamp forms the hot table never stores among them) one of
// the alternatives, so that accepted and refused events are both common.
import fc from 'fast-check';

const mostly = <T, U>(valid: fc.Arbitrary<T>, invalid: fc.Arbitrary<U>): fc.Arbitrary<T | U> =>
  fc.oneof({ arbitrary: valid, weight: 6 }, { arbitrary: invalid, weight: 1 });

/**
 * Candidates for a `TelemetryEvent` of twin `demo` and device `thermostat-1`, valid or not: bad
 * device ids, twins, event ids, payloads (NaN, arrays), `receivedAt`, and timestamps without
 * milliseconds, with offsets, impossible dates, dates only and epoch numbers.
 *
 * @example
 * ```ts
 * await fc.assert(fc.asyncProperty(eventCandidate(received), async (candidate) => { ... }), { seed: 1, numRuns: 300 });
 * ```
 */
export function eventCandidate(receivedAt: string): fc.Arbitrary<Record<string, unknown>> {
  return fc.record(
    {
      twin: mostly(fc.constant('demo'), fc.constantFrom('plant', 'Demo')),
      deviceId: mostly(fc.constant('thermostat-1'), fc.constantFrom('Thermostat-1', '../x', '', 'a'.repeat(49))),
      timestamp: mostly(
        fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2100, 0, 1) }).map((ms) => new Date(ms).toISOString()),
        fc.constantFrom('2026-11-24T08:00:00Z', '2026-11-24T09:00:00.000+01:00', '2026-02-30T08:00:00.000Z', '2026-11-24', 1764000000, null),
      ),
      eventId: mostly(fc.stringMatching(/^[A-Za-z0-9._:-]{1,40}$/), fc.constantFrom('', 'has space', 'x'.repeat(129), 42)),
      payload: mostly(
        fc.dictionary(fc.string({ maxLength: 8 }), fc.oneof(fc.integer(), fc.string(), fc.boolean(), fc.constant(null))),
        fc.constantFrom([1], 'text', null, { t: Number.NaN }),
      ),
      receivedAt: mostly(fc.constantFrom(receivedAt, undefined), fc.constant(7)),
    },
    { requiredKeys: ['twin', 'deviceId', 'timestamp', 'eventId', 'payload'] },
  );
}
