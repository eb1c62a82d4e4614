import { parseTwinConfig } from '@twinflow/core';
import { failureStoreFromEnv } from '@twinflow/runtime';
// Bundled at build time. The device registry is not: the persister writes whatever the wrapper
// processed, so adding a device does not have to redeploy it.
import twinJson from '@twinflow/config/twin.json';
import { createDocumentClient } from './documentClient';
import { readPersisterEnv } from './persisterEnv';
import type { PersisterDeps } from './types';

/**
 * The persister's production dependencies: the bundled twin config (validated, so a broken file
 * fails the cold start with a `ConfigError` naming it), the environment, the failure store it
 * names and the document client.
 *
 * @throws ConfigError | ServiceConfigError at cold start
 * @example
 * ```ts
 * const persist = createPersister(persisterDepsFromEnv(process.env));
 * ```
 */
export function persisterDepsFromEnv(source: NodeJS.ProcessEnv): PersisterDeps {
  const env = readPersisterEnv(source, parseTwinConfig(twinJson));
  return {
    env,
    failureStore: failureStoreFromEnv(env),
    documentClient: createDocumentClient({ region: env.region, endpoint: env.dynamodbEndpoint }),
  };
}
