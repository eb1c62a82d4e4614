import { lazyHandler } from '@twinflow/runtime';
import { createDispatcher } from './createDispatcher';
import { dispatcherDepsFromEnv } from './config';
import type { DispatcherHandler } from './types';

/**
 * Lambda entry of `{twin}-dispatcher` (handler string `src/handler.handler`). Built on the first
 * invocation, not at import, so importing this module reads no environment; the adapter and its
 * client then live for the container's lifetime.
 */
export const handler: DispatcherHandler = lazyHandler(() => createDispatcher(dispatcherDepsFromEnv(process.env)));

export { createDispatcher } from './createDispatcher';
export { dispatcherDepsFromEnv } from './config';
export { readDispatcherEnv } from './dispatcherEnv';
export type { DispatcherEnv } from './dispatcherEnv';
export type { DispatcherContext, DispatcherDeps, DispatcherHandler, DispatcherResult, DispatchResult } from './types';
