import { createWrapper, wrapperDepsFromEnv } from './createWrapper';
import type { WrapperHandler } from './types';

export { createWrapper, wrapperDepsFromEnv } from './createWrapper';
export { readWrapperEnv } from './wrapperEnv';
export type { WrapperEnv } from './wrapperEnv';
export type { ReadingResult, WrapperContext, WrapperDeps, WrapperHandler, WrapperResult } from './types';

let instance: WrapperHandler | undefined;

/**
 * The Lambda entry point (`src/handler.handler`). Built from `process.env` on the first call, not
 * at import, and then kept: its adapters (and their circuit breakers) live as long as the container.
 */
export const handler: WrapperHandler = async (event, context) => {
  instance ??= createWrapper(wrapperDepsFromEnv(process.env));
  return instance(event, context);
};
