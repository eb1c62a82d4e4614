import { TwinflowError } from '@twinflow/core';
import type { TwinflowErrorOptions } from '@twinflow/core';

/**
 * A circuit breaker is open (or all half-open probes are in flight), so the call was
 * rejected without reaching the target. Try again after `retryAt`. Its failure `reason` is
 * `circuit-open`, `retryable` is `true` and `attempts` is `0` (see `failureOf` in `@twinflow/core`).
 *
 * @example
 * ```ts
 * if (!breaker.canRequest()) throw new CircuitOpenError('demo-persister', breaker.retryAt());
 * // message: Circuit open for "demo-persister": calls are rejected until a probe is allowed at 2026-11-24T08:00:30.000Z
 * ```
 */
export class CircuitOpenError extends TwinflowError {
  public override readonly name: string = 'CircuitOpenError';
  /** The protected target, e.g. a function name. */
  public readonly target: string;
  /** Epoch ms when the circuit will let a probe through; absent while a probe is already in flight. */
  public readonly retryAt?: number;
  /** Always `true`: the same call may succeed once the circuit closes. */
  declare public readonly retryable: true;
  /** Always `0`: the call was refused before any attempt. */
  declare public readonly attempts: 0;

  public constructor(target: string, retryAt?: number, options: TwinflowErrorOptions = {}) {
    super(
      retryAt === undefined
        ? `Circuit open for "${target}": a probe is already in flight, calls are rejected until it completes`
        : `Circuit open for "${target}": calls are rejected until a probe is allowed at ${new Date(retryAt).toISOString()}`,
      'CIRCUIT_OPEN',
      { ...options, reason: 'circuit-open', retryable: true, attempts: 0 },
    );
    this.target = target;
    if (retryAt !== undefined) this.retryAt = retryAt;
  }
}

/**
 * An option of {@link HealthTracker}, {@link CircuitBreaker} or {@link createHealthHandler}
 * is invalid. Thrown by the constructor; the message names the option.
 *
 * @example
 * ```ts
 * new CircuitBreaker({ cooldownMs: -1 });
 * // HealthConfigError: Invalid CircuitBreaker option "cooldownMs": must be a positive finite number, got number -1
 * ```
 */
export class HealthConfigError extends TwinflowError {
  public override readonly name: string = 'HealthConfigError';
  /** Name of the offending option, e.g. `cooldownMs`. */
  public readonly option: string;

  public constructor(message: string, option: string, options: TwinflowErrorOptions = {}) {
    super(message, 'HEALTH_CONFIG_INVALID', options);
    this.option = option;
  }
}
