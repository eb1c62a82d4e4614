// The model's measured or estimated constants, each with where it comes from.
import type { LogBytes } from './capacity';

/**
 * Bytes logged per invocation, by the services' LOG_LEVEL, measured on 2026-12-02 on the local
 * twin at level info (20 device messages, then 20 gateway messages of 25 readings of two devices,
 * through the dispatcher; each service's JSON lines counted by their `service` field). At info:
 * - dispatcher: one `reading dispatched` line per reading (528 B), `dispatch finished`, and per
 *   wrapper hand-off a `lambda invoke succeeded` line and two EMF metric lines (~261 B each);
 * - wrapper: one `reading processed` line per reading (512 B, plus ~35 B of event id on each of the
 *   two hand-off lines), `batch done`, the persister hand-off (an invoke line, two EMF lines), and
 *   per processor call a `lambda invoke succeeded` line (~510 B) and two EMF lines (~275 B each);
 * - persister: one `reading written` line per reading (515 B) and `persist finished`;
 * - processors: nothing.
 * At warn the happy path logs no line, but the EMF metric lines (written to stdout, not through the
 * logger) stay. Every invocation also gets Lambda's START, END and REPORT lines, ~260 B in text
 * format. On AWS, Powertools' `function_arn` is ~15 B longer than serverless-offline's on every line.
 */
export const LOG_BYTES: Record<LogLevel, LogBytes> = {
  info: {
    dispatcher: { perInvocation: 1_494 + 260, perReading: 528, perProcessorCall: 0 },
    wrapper: { perInvocation: 1_512 + 260, perReading: 582, perProcessorCall: 1_060 },
    processor: { perInvocation: 260, perReading: 0, perProcessorCall: 0 },
    persister: { perInvocation: 485 + 260, perReading: 515, perProcessorCall: 0 },
  },
  warn: {
    dispatcher: { perInvocation: 2 * 261 + 260, perReading: 0, perProcessorCall: 0 },
    wrapper: { perInvocation: 2 * 260 + 260, perReading: 0, perProcessorCall: 2 * 275 },
    processor: { perInvocation: 260, perReading: 0, perProcessorCall: 0 },
    persister: { perInvocation: 260, perReading: 0, perProcessorCall: 0 },
  },
};

/** The services' log levels the model knows; `info` is what they deploy with (apps/serverless.shared.yml). */
export const LOG_LEVELS = ['info', 'warn'] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/**
 * A hot-table item's size as DynamoDB counts it (attribute names + values): `device_id`,
 * `timestamp`, `event_id`, `content_hash`, `data` (thermostat-1's output: a map of three), `processed_at`, `ttl`:
 * ~240 B for the shipped processors; 250 leaves room. Anything up to 1 KB is one write unit.
 */
export const DEFAULT_ITEM_BYTES = 250;

/** A raw reading as published (the bench's and simulator's readings: device_id, timestamp, seq, two numbers): ~105 B. */
export const DEFAULT_READING_BYTES = 120;
