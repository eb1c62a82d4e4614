import { AsyncLocalStorage } from 'node:async_hooks';
import type { LogFields, Logger } from '@twinflow/core';

/** Fields of the work in progress in the current async context (a reading, a persister hand-off). */
const contextFields = new AsyncLocalStorage<LogFields>();

/**
 * Runs `work` with `fields` (e.g. a reading's `{ deviceId, eventId }`) in context, so every line
 * of a {@link contextualLogger} written inside it, however deep, carries them.
 *
 * @example
 * ```ts
 * await withLogFields({ deviceId, eventId }, () => adapter.invoke(event));
 * ```
 */
export function withLogFields<T>(fields: LogFields, work: () => Promise<T>): Promise<T> {
  return contextFields.run(fields, work);
}

/**
 * A logger that adds the fields in context (see {@link withLogFields}) to each line.
 * Processor adapters are shared by all readings of a device, and may run several at once; their
 * own lines (retries, failures) still name the reading they are about.
 *
 * @example
 * ```ts
 * new LambdaAdapter({ functionName, logger: contextualLogger(serviceLogger) });
 * ```
 */
export function contextualLogger(base: Logger): Logger {
  // One child per context, made on its first line: most lines (debug per attempt) are dropped by level.
  const children = new WeakMap<LogFields, Logger>();
  const current = (): Logger => {
    const fields = contextFields.getStore();
    if (fields === undefined) return base;
    let child = children.get(fields);
    if (child === undefined) {
      child = base.child(fields);
      children.set(fields, child);
    }
    return child;
  };
  return {
    debug: (message, fields) => current().debug(message, fields),
    info: (message, fields) => current().info(message, fields),
    warn: (message, fields) => current().warn(message, fields),
    error: (message, fields) => current().error(message, fields),
    child: (fields) => contextualLogger(base.child(fields)),
  };
}
