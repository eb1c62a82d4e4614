import { TwinflowError, ValidationError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';

/**
 * An item of the wrapper's input is not a valid `TelemetryEvent` of this twin. Parked with
 * reason `invalid-event`; its device id never becomes part of a function name.
 *
 * @example
 * ```ts
 * new InvalidEventError([{ path: 'deviceId', message: 'must match ^[a-z0-9][a-z0-9-]{0,47}$' }]);
 * ```
 */
export class InvalidEventError extends ValidationError {
  /** One entry per offending field. */
  public readonly issues: ReadonlyArray<{ path: string; message: string }>;

  public constructor(issues: ReadonlyArray<{ path: string; message: string }>, options: TwinflowErrorOptions = {}) {
    const detail = issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ');
    super(`invalid telemetry event: ${detail}`, issues.length === 1 ? issues[0]?.path : undefined, 'INVALID_EVENT', options);
    this.issues = issues;
  }
}

/**
 * The wrapper's own Lambda invocation has too little time left to start a processor call
 * (remaining time minus the safety margin is below the minimum attempt time). Parked with reason `timeout`.
 *
 * @example
 * ```ts
 * new TimeBudgetExhaustedError('demo-thermostat-1-processor', 40);
 * ```
 */
export class TimeBudgetExhaustedError extends TwinflowError {
  /** The processor that was not called. */
  public readonly functionName: string;
  /** Per-attempt budget that was left, in ms (may be negative). */
  public readonly budgetMs: number;

  public constructor(functionName: string, budgetMs: number, options: TwinflowErrorOptions = {}) {
    super(`Not invoking "${functionName}": only ${budgetMs} ms left before the wrapper's own deadline`, 'TIME_BUDGET_EXHAUSTED', options);
    this.functionName = functionName;
    this.budgetMs = budgetMs;
  }
}
