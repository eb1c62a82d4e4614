import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';

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
  public override readonly name: string = 'TimeBudgetExhaustedError';
  /** The processor that was not called. */
  public readonly functionName: string;
  /** Per-attempt budget that was left, in ms (may be negative). */
  public readonly budgetMs: number;

  public constructor(functionName: string, budgetMs: number, options: TwinflowErrorOptions = {}) {
    super(`Not invoking "${functionName}": only ${budgetMs} ms left before the wrapper's own deadline`, 'TIME_BUDGET_EXHAUSTED', {
      reason: 'timeout',
      retryable: true,
      attempts: 0,
      ...options,
    });
    this.functionName = functionName;
    this.budgetMs = budgetMs;
  }
}
