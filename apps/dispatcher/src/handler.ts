import { createDispatcher } from './createDispatcher';
import { dispatcherDepsFromEnv } from './config';
import type { DispatcherHandler } from './types';

let dispatch: DispatcherHandler | undefined;

/**
 * Lambda entry of `{twin}-dispatcher` (handler string `src/handler.handler`). Built on the first
 * invocation, not at import, so importing this module reads no environment; the adapter and its
 * client then live for the container's lifetime.
 */
export const handler: DispatcherHandler = async (event, context) => {
  dispatch ??= createDispatcher(dispatcherDepsFromEnv(process.env));
  return dispatch(event, context);
};

export { createDispatcher } from './createDispatcher';
export { dispatcherDepsFromEnv } from './config';
export { readDispatcherEnv } from './dispatcherEnv';
export type { DispatcherEnv } from './dispatcherEnv';
export type { DispatcherContext, DispatcherDeps, DispatcherHandler, DispatcherResult, DispatchResult } from './types';
