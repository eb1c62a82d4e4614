import { TwinflowError, type TwinflowErrorOptions } from '@twinflow/core';

/**
 * A service's environment is missing or has an invalid variable.
 *
 * @example
 * ```ts
 * new ServiceConfigError('FAILURE_QUEUE_URL', 'is required when FAILURE_STORE is "sqs"');
 * ```
 */
export class ServiceConfigError extends TwinflowError {
  public override readonly name: string = 'ServiceConfigError';
  /** The environment variable (UPPER_CASE) or option (camelCase, e.g. `sampleRate`) at fault. */
  public readonly variable: string;

  public constructor(variable: string, problem: string, options: TwinflowErrorOptions = {}) {
    super(`${/^[A-Z][A-Z0-9_]*$/.test(variable) ? 'environment variable' : 'option'} ${variable} ${problem}`, 'SERVICE_CONFIG_INVALID', options);
    this.variable = variable;
  }
}

/**
 * Writing to the failure store failed. Handlers let it propagate so that Lambda's own async
 * retries and on-failure destination keep the reading.
 *
 * @example
 * ```ts
 * throw new FailureStoreError('could not park 2 readings', { cause });
 * ```
 */
export class FailureStoreError extends TwinflowError {
  public override readonly name: string = 'FailureStoreError';
  public constructor(message: string, options: TwinflowErrorOptions = {}) {
    super(message, 'FAILURE_STORE_UNAVAILABLE', options);
  }
}
