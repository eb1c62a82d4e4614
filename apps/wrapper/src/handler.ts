import { lazyHandler } from '@twinflow/runtime';
import { createWrapper, wrapperDepsFromEnv } from './createWrapper';
import type { WrapperHandler } from './types';

export { createWrapper, wrapperDepsFromEnv } from './createWrapper';
export { readWrapperEnv } from './wrapperEnv';
export type { WrapperEnv } from './wrapperEnv';
export type { ReadingResult, WrapperContext, WrapperDeps, WrapperHandler, WrapperResult } from './types';

/**
 * The Lambda entry point (`src/handler.handler`). Built from `process.env` on the first call, not
 * at import, and then kept: its adapters (and their circuit breakers) live as long as the container.
 */
export const handler: WrapperHandler = lazyHandler(() => createWrapper(wrapperDepsFromEnv(process.env)));
