import { describeValue, ValidationError } from '../errors';
import type { TwinflowErrorOptions } from '../errors';
import { isDeviceId, processorFunctionName, stageSuffix, assertTwinName, DEFAULT_STAGE } from '../naming';
import { readEnvelope } from './envelopes';
import { isPlainObject } from './json';

/** The `action` of the control event that resets one processor's circuit breaker in the wrapper. */
export const CIRCUIT_RESET_ACTION = 'reset-circuit';

/** The control event: reset the circuit breaker (and health window) the wrapper keeps for `functionName`. */
export type CircuitResetEvent = { action: typeof CIRCUIT_RESET_ACTION; functionName: string };

/** The processor functions a wrapper may reset: those of its own twin and stage. */
export interface CircuitResetScope {
  twin: string;
  /** Default `dev`. */
  stage?: string;
}

/** What {@link readCircuitReset} found in a circuit-reset event. */
export type CircuitResetRead =
  | { kind: 'reset-circuit'; functionName: string; deviceId: string }
  | { kind: 'invalid'; error: InvalidControlEventError };

/**
 * A control event (`{ action: 'reset-circuit', … }`) that cannot be carried out: its
 * `functionName` is missing, not a processor function name, or names a processor of another twin
 * or stage. Answered as an error, never thrown, so Lambda does not retry it.
 *
 * @example
 * ```ts
 * new InvalidControlEventError('functionName: "../x" is not a processor function of twin "demo" in stage "dev"', 'functionName');
 * ```
 */
export class InvalidControlEventError extends ValidationError {
  public override readonly name: string = 'InvalidControlEventError';
  public constructor(message: string, field?: string, options: TwinflowErrorOptions = {}) {
    super(message, field, 'CONTROL_EVENT_INVALID', { reason: 'invalid-control-event', ...options });
  }
}

const EVENT_KEYS: ReadonlySet<string> = new Set(['action', 'functionName']);

/**
 * The circuit-reset event of a device's processor: what the local twin sends the wrapper after it
 * installed new code, so the next reading is not refused by a circuit the old code opened.
 *
 * @throws InvalidTwinNameError / InvalidDeviceIdError / InvalidStageError, as `processorFunctionName`
 * @example
 * ```ts
 * circuitResetEvent('demo', 'thermostat-1'); // { action: 'reset-circuit', functionName: 'demo-thermostat-1-processor' }
 * ```
 */
export function circuitResetEvent(twin: string, deviceId: string, stage: string = DEFAULT_STAGE): CircuitResetEvent {
  return { action: CIRCUIT_RESET_ACTION, functionName: processorFunctionName(twin, deviceId, stage) };
}

/**
 * Whether `value` is a circuit-reset event by its shape (bare or in an envelope): an object whose
 * `action` is `reset-circuit` and whose only other key is `functionName`. A reading that happens to
 * carry an `action` field, or more fields, is still a reading. Its name is not checked here.
 *
 * @example
 * ```ts
 * isCircuitReset({ action: 'reset-circuit', functionName: 'x' }); // true
 * isCircuitReset({ action: 'reset-circuit', functionName: 'x', value: 1 }); // false
 * ```
 */
export function isCircuitReset(value: unknown): boolean {
  try {
    return circuitResetOf(value) !== undefined;
  } catch {
    return false;
  }
}

/**
 * Reads a circuit-reset event (bare, or as an envelope's payload): `undefined` when `event` is not
 * one (see {@link isCircuitReset}), else its processor function, checked with core's naming rules
 * to be `{twin}-{device}-processor` (plus the stage's suffix) of `scope`, or `invalid` with an
 * {@link InvalidControlEventError} naming the field. Never throws for the event's sake.
 *
 * @throws InvalidTwinNameError / InvalidStageError for an invalid `scope` (the caller's configuration)
 * @example
 * ```ts
 * readCircuitReset({ action: 'reset-circuit', functionName: 'demo-thermostat-1-processor' }, { twin: 'demo' });
 * // { kind: 'reset-circuit', functionName: 'demo-thermostat-1-processor', deviceId: 'thermostat-1' }
 * readCircuitReset({ action: 'reset-circuit', functionName: 'other-pump-1-processor' }, { twin: 'demo' });
 * // { kind: 'invalid', error: InvalidControlEventError('functionName: "other-pump-1-processor" is not a processor function of twin "demo" in stage "dev" …') }
 * ```
 */
export function readCircuitReset(event: unknown, scope: CircuitResetScope): CircuitResetRead | undefined {
  const { twin, stage = DEFAULT_STAGE } = scope;
  assertTwinName(twin);
  const suffix = `-processor${stageSuffix(stage)}`;
  let functionName: unknown;
  try {
    const found = circuitResetOf(event);
    if (found === undefined) return undefined;
    functionName = found.functionName;
  } catch {
    return undefined;
  }
  if (typeof functionName !== 'string') {
    return invalid(`functionName: must name the processor function whose circuit to reset, got ${describeValue(functionName)}`);
  }
  const prefix = `${twin}-`;
  const deviceId = functionName.startsWith(prefix) && functionName.endsWith(suffix) ? functionName.slice(prefix.length, functionName.length - suffix.length) : undefined;
  if (!isDeviceId(deviceId) || processorFunctionName(twin, deviceId, stage) !== functionName) {
    return invalid(
      `functionName: ${describeValue(functionName)} is not a processor function of twin "${twin}" in stage "${stage}" (expected ${prefix}<device>${suffix})`,
    );
  }
  return { kind: 'reset-circuit', functionName, deviceId };
}

/** The event's own fields when it has a circuit-reset shape, bare or as an envelope's payload. */
function circuitResetOf(value: unknown): Record<string, unknown> | undefined {
  if (hasResetShape(value)) return value;
  const payload = readEnvelope(value)?.payload;
  return hasResetShape(payload) ? payload : undefined;
}

function hasResetShape(value: unknown): value is Record<string, unknown> {
  return isPlainObject(value) && value['action'] === CIRCUIT_RESET_ACTION && Object.keys(value).every((key) => EVENT_KEYS.has(key));
}

function invalid(message: string): CircuitResetRead {
  return { kind: 'invalid', error: new InvalidControlEventError(message, 'functionName') };
}
