import * as z from 'zod/mini';
import { isDeviceId } from '@twinflow/core';
import type { JsonObject, TelemetryEvent } from '@twinflow/core';
import { EVENT_ID_PATTERN } from '@twinflow/payload-mappers';
import { InvalidEventError } from './errors';

/** Outcome of {@link validateEvent}. */
export type EventValidation =
  | { ok: true; event: TelemetryEvent }
  | {
      ok: false;
      error: InvalidEventError;
      /** The item's device id, only when it is a valid one (safe for logs and failure attributes). */
      deviceId?: string;
      /** The item's event id, only when it is a well-formed one. */
      eventId?: string;
    };

/**
 * Schema of a `TelemetryEvent` of twin `twin`. `receivedAt` may be absent (then it is the
 * wrapper's receive time); fields outside `TelemetryEvent` are dropped, so a processor always
 * receives exactly a `TelemetryEvent`.
 */
export function telemetryEventSchema(twin: string) {
  const text = (): z.ZodMiniString<string> => z.string({ error: 'must be a string' });
  return z.object(
    {
      twin: z.literal(twin, { error: `must be "${twin}" (this wrapper's TWIN_NAME)` }),
      deviceId: text().check(z.refine(isDeviceId, "must be 1-48 lowercase letters, digits or '-', not starting with '-'")),
      eventId: text().check(z.regex(EVENT_ID_PATTERN, 'must be 1-128 characters of letters, digits and ._:-')),
      timestamp: text().check(z.refine((value) => !Number.isNaN(Date.parse(value)), 'must be an ISO-8601 timestamp')),
      payload: z.record(z.string(), z.json(), { error: 'must be a JSON object' }),
      receivedAt: z.optional(text()),
    },
    { error: 'must be a TelemetryEvent object' },
  );
}

/** Checks one input item; never throws. */
export type EventValidator = (item: unknown, receivedAt: string) => EventValidation;

/**
 * A validator of `TelemetryEvent`s of twin `twin` (the schema is built once).
 *
 * @example
 * ```ts
 * const validateEvent = createEventValidator('demo');
 * const checked = validateEvent({ twin: 'demo', deviceId: '../x', ... }, new Date().toISOString());
 * if (!checked.ok) failures.push(checked.error); // InvalidEventError: invalid telemetry event: deviceId: must be ...
 * ```
 */
export function createEventValidator(twin: string): EventValidator {
  const schema = telemetryEventSchema(twin);
  return (item, receivedAt) => validateWith(schema, item, receivedAt);
}

function validateWith(schema: ReturnType<typeof telemetryEventSchema>, item: unknown, receivedAt: string): EventValidation {
  const parsed = schema.safeParse(item);
  if (parsed.success) {
    const { twin: eventTwin, deviceId, eventId, timestamp, payload } = parsed.data;
    return { ok: true, event: { twin: eventTwin, deviceId, eventId, timestamp, payload: payload as JsonObject, receivedAt: parsed.data.receivedAt ?? receivedAt } };
  }
  const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String).join('.'), message: issue.message }));
  const result: EventValidation = { ok: false, error: new InvalidEventError(issues) };
  const fields = typeof item === 'object' && item !== null ? (item as Record<string, unknown>) : {};
  if (isDeviceId(fields['deviceId'])) result.deviceId = fields['deviceId'];
  if (typeof fields['eventId'] === 'string' && EVENT_ID_PATTERN.test(fields['eventId'])) result.eventId = fields['eventId'];
  return result;
}
