import { createDeviceLookup, parseDeviceRegistry, parseTwinConfig } from '@twinflow/core';
import { createLambdaClient, failureStoreFromEnv } from '@twinflow/runtime';
// Bundled at build time: a registry change redeploys the dispatcher, no file is read at run time.
import deviceRegistryJson from '@twinflow/config/config_iot_devices.json';
import twinJson from '@twinflow/config/twin.json';
import { readDispatcherEnv } from './dispatcherEnv';
import type { DispatcherDeps } from './types';

/**
 * The dispatcher's production dependencies: the bundled twin config and device registry
 * (validated, so a broken file fails the cold start with a `ConfigError` naming it), the
 * environment, the failure store it names and the shared Lambda client.
 *
 * @throws ConfigError | ServiceConfigError at cold start
 * @example
 * ```ts
 * const dispatch = createDispatcher(dispatcherDepsFromEnv(process.env));
 * ```
 */
export function dispatcherDepsFromEnv(source: NodeJS.ProcessEnv): DispatcherDeps {
  const twinConfig = parseTwinConfig(twinJson);
  const devices = createDeviceLookup(parseDeviceRegistry(deviceRegistryJson));
  const env = readDispatcherEnv(source, twinConfig);
  return {
    env,
    devices,
    failureStore: failureStoreFromEnv(env),
    lambdaClient: createLambdaClient({ region: env.region, endpoint: env.lambdaEndpoint }),
  };
}
