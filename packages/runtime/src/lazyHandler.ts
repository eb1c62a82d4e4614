/**
 * A Lambda handler built by `build` on its first invocation, not at import, and kept for the
 * container's lifetime: importing the module reads no environment, and adapters, clients and
 * circuit breakers live across warm invocations.
 *
 * @example
 * ```ts
 * export const handler = lazyHandler(() => createDispatcher(dispatcherDepsFromEnv(process.env)));
 * ```
 */
export function lazyHandler<E, C, R>(build: () => (event: E, context: C) => Promise<R>): (event: E, context: C) => Promise<R> {
  let instance: ((event: E, context: C) => Promise<R>) | undefined;
  // async, so a failing build (e.g. a missing variable) rejects like any invocation error
  return async (event, context) => {
    instance ??= build();
    return instance(event, context);
  };
}
