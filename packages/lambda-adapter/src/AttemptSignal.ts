/**
 * The abort signal of one invocation attempt: the `{ aborted, onabort }` form that every Smithy
 * HTTP handler of the AWS SDK v3 accepts (`@smithy/types` `AbortSignal`). It costs a plain object
 * per attempt, where a platform `AbortController` costs an `EventTarget` and an event listener
 * added and removed on every request: about 4% of a local invoke, measured in `bench/`.
 *
 * @example
 * ```ts
 * const signal = new AttemptSignal();
 * const sent = client.send(new InvokeCommand(input), { abortSignal: signal });
 * setTimeout(() => signal.abort(new Error('too slow')), 5_000); // the handler destroys the request
 * ```
 */
export class AttemptSignal {
  /** Whether {@link AttemptSignal.abort} was called. */
  public aborted = false;
  /** Why it was aborted (the SDK's `AbortError` carries it as `cause`). */
  public reason: unknown = undefined;
  /** Set by the HTTP handler while its request is in flight. */
  public onabort: ((this: AttemptSignal) => void) | null = null;

  /**
   * Aborts the attempt once; a throwing `onabort` is ignored (the caller has already given up).
   *
   * @example
   * ```ts
   * signal.abort(new LambdaTimeoutError('demo-persister', 5_000, 1));
   * ```
   */
  public abort(reason: unknown): void {
    if (this.aborted) return;
    this.aborted = true;
    this.reason = reason;
    try {
      this.onabort?.call(this);
    } catch {
      // the request is abandoned either way
    }
  }
}
