import { lazyHandler } from '@twinflow/runtime';
import { createPersister } from './createPersister';
import { persisterDepsFromEnv } from './config';
import type { PersisterHandler } from './types';

/**
 * Lambda entry of `{twin}-persister` (handler string `src/handler.handler`). Built on the first
 * invocation, not at import, so importing this module reads no environment; the document client
 * and the table's health tracker then live for the container's lifetime.
 */
export const handler: PersisterHandler = lazyHandler(() => createPersister(persisterDepsFromEnv(process.env)));

export { createPersister } from './createPersister';
export { persisterDepsFromEnv } from './config';
export { readPersisterEnv } from './persisterEnv';
export type { PersisterEnv } from './persisterEnv';
export type { PersistResult, PersisterContext, PersisterDeps, PersisterHandler, PersisterResult } from './types';
