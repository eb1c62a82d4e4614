// The local twin's typed errors: each has a stable `code` (core's TwinflowError) and the CLI maps
// them to its exit codes (2: bad options, 1: anything else).
import { TwinflowError } from '@twinflow/core';

/** A LocalTwin or `npm start` option is invalid; the message names it. */
export class TwinOptionError extends TwinflowError {
  public constructor(message: string) {
    super(message, 'TWIN_INVALID_OPTION');
  }
}

/** The twin could not start: a port in use, a failed build, an endpoint that never answered. */
export class TwinStartError extends TwinflowError {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, 'TWIN_START_FAILED', options);
  }
}

/** A part of the running twin (the Lambda endpoint, DynamoDB) stopped answering. */
export class TwinComponentDiedError extends TwinflowError {
  public constructor(
    message: string,
    public readonly component: 'endpoint' | 'dynamodb',
  ) {
    super(message, 'TWIN_COMPONENT_DIED');
  }
}

/** Readings stayed unsettled for longer than the settle timeout without progress. */
export class SettleTimeoutError extends TwinflowError {
  public constructor(
    public readonly unsettled: number,
    timeoutS: number,
  ) {
    super(`${unsettled} reading(s) still unsettled after ${timeoutS} s without progress`, 'TWIN_SETTLE_TIMEOUT');
  }
}
