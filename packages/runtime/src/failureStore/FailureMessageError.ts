import { TwinflowError, type TwinflowErrorOptions } from '@twinflow/core';

/**
 * Why a failure-queue message cannot be read:
 * - `not-json`: the body is neither JSON nor base64-encoded JSON;
 * - `unknown-shape`: JSON, but none of the shapes that reach the queue;
 * - `invalid-shape`: one of those shapes, with fields missing or of the wrong type (see `issues`);
 * - `other-twin`: a twinflow record of another twin;
 * - `foreign-function`: a Lambda destination record of a function that is not this twin's and stage's;
 * - `foreign-topic`: an IoT error-action message from a topic that is not this twin's and stage's;
 * - `undecodable-payload`: an IoT message whose original payload is not base64 JSON.
 */
export type FailureMessageProblem =
  | 'not-json'
  | 'unknown-shape'
  | 'invalid-shape'
  | 'other-twin'
  | 'foreign-function'
  | 'foreign-topic'
  | 'undecodable-payload';

/** One field at fault, as a dotted path from the message body's root (`(root)` for the body itself). */
export type FailureMessageIssue = { path: string; message: string };

/** Options of {@link FailureMessageError}. */
export interface FailureMessageErrorOptions extends TwinflowErrorOptions {
  /** The fields at fault, for `invalid-shape`. */
  issues?: FailureMessageIssue[];
}

/**
 * A failure-queue message body that cannot be read or does not belong to this twin and stage. Such
 * a message is left in the queue and reported, never deleted.
 *
 * @example
 * ```ts
 * const result = reader.safeRead(body);
 * if (!result.success) console.error(result.error.problem, result.error.message);
 * ```
 */
export class FailureMessageError extends TwinflowError {
  public override readonly name: string = 'FailureMessageError';
  /** What is wrong, stable and machine-readable. */
  public readonly problem: FailureMessageProblem;
  /** The fields at fault (`invalid-shape`); empty otherwise. */
  public readonly issues: FailureMessageIssue[];

  public constructor(problem: FailureMessageProblem, message: string, options: FailureMessageErrorOptions = {}) {
    super(message, 'FAILURE_MESSAGE_UNREADABLE', options);
    this.problem = problem;
    this.issues = options.issues ?? [];
  }

  /** A plain, JSON-safe description, with the problem and the issues. */
  public override toJSON(): ReturnType<TwinflowError['toJSON']> & { problem: FailureMessageProblem; issues: FailureMessageIssue[] } {
    return { ...super.toJSON(), problem: this.problem, issues: this.issues };
  }
}
