// The SDK clients' default credential chain, as the services' bundles carry it (see
// esbuildPlugins.cjs): the chain's first link, the environment, is bundled; the rest of the chain
// (SSO, ini files, process, web identity, container and instance metadata) is required from the
// runtime's own SDK only when the environment does not answer. On Lambda the runtime always sets
// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN, so a service never loads the
// rest, and its bundle leaves out ~120 KB of credential providers and their nested STS/SSO clients.
//
// The order is the SDK's own (@aws-sdk/credential-provider-node's defaultProvider): a profile
// (the client's `profile` or AWS_PROFILE) skips the environment, so it goes to the whole chain.
'use strict';
const { fromEnv } = require('@aws-sdk/credential-provider-env');

/** The environment's variables that make its credentials (the SDK's ENV_KEY / ENV_SECRET / ENV_PROFILE). */
const KEY = 'AWS_ACCESS_KEY_ID';
const SECRET = 'AWS_SECRET_ACCESS_KEY';
const PROFILE = 'AWS_PROFILE';

/**
 * Drop-in for `defaultProvider` of `@aws-sdk/credential-provider-node` (same `init`, same provider
 * signature). Read on every call, as the SDK's chain does; the client memoizes what it returns.
 *
 * @param {Record<string, unknown>} [init] the client's configuration, as the SDK passes it
 */
exports.defaultProvider = (init = {}) => {
  const environment = fromEnv(init);
  let chain;
  return async (options) => {
    const profile = init.profile ?? process.env[PROFILE];
    if (!profile && process.env[KEY] && process.env[SECRET]) return environment(options);
    // Left out of the bundle (esbuildPlugins.cjs marks it external): the runtime's SDK provides it.
    chain ??= require('@aws-sdk/credential-provider-node').defaultProvider(init);
    return chain(options);
  };
};
