// The console server's typed errors: a request it refuses, with the HTTP status to answer.
import { TwinflowError } from '@twinflow/core';

/**
 * A request the console refuses: bad input (400), an unknown device (404). The message is
 * sent to the client as the response body, naming the field at fault.
 *
 * @example
 * ```ts
 * throw new ConsoleRequestError(400, 'rate: expected a number from 0 to 1');
 * ```
 */
export class ConsoleRequestError extends TwinflowError {
  public constructor(
    /** HTTP status of the answer, 400..499. */
    public readonly status: number,
    message: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, 'CONSOLE_BAD_REQUEST', options);
  }
}
