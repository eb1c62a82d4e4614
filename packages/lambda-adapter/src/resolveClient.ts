import type { LambdaClient } from '@aws-sdk/client-lambda';
import { createPooledLambdaClient, DEFAULT_MAX_SOCKETS, MAX_SOCKETS_LIMIT } from './roadmap/connectionPool';
import type { PooledLambdaClientOptions } from './roadmap/connectionPool';
import { integerOption, invalidOption } from './roadmap/options';
import type { LambdaAdapterOptions } from './types/options';

/** The adapter's client and what is known about it without asking the SDK. */
export interface ResolvedClient {
  client: LambdaClient;
  /** The `region` option, when the adapter built the client with it. */
  region: string | undefined;
}

/**
 * The injected `client` (checked: it must have `send`; `maxSockets` beside it is rejected, the
 * pool belongs to the client), or a client built by `createPooledLambdaClient` from `region`,
 * `endpoint`, `credentials` and `maxSockets` (default 50). Call it after every other option is
 * checked, so that an invalid option never leaves open agents behind.
 */
export function resolveClient(options: LambdaAdapterOptions): ResolvedClient {
  if (options.client !== undefined) {
    const client: unknown = options.client;
    if (typeof client !== 'object' || client === null || typeof (client as { send?: unknown }).send !== 'function') {
      throw invalidOption('client', 'must be a LambdaClient', client);
    }
    if (options.maxSockets !== undefined) {
      throw invalidOption(
        'maxSockets',
        'cannot be combined with "client": an injected client has its own connection pool (build it with createPooledLambdaClient({ maxSockets }))',
        options.maxSockets,
      );
    }
    return { client: options.client, region: undefined };
  }
  const pool: PooledLambdaClientOptions = {
    maxSockets: integerOption('maxSockets', options.maxSockets, DEFAULT_MAX_SOCKETS, 1, MAX_SOCKETS_LIMIT),
  };
  if (options.region !== undefined) {
    if (typeof options.region !== 'string' || options.region === '') throw invalidOption('region', 'must be a non-empty string', options.region);
    pool.region = options.region;
  }
  if (options.endpoint !== undefined) {
    if (typeof options.endpoint !== 'string' || !/^https?:\/\/\S+$/.test(options.endpoint)) {
      throw invalidOption('endpoint', 'must be an http(s) URL', options.endpoint);
    }
    pool.endpoint = options.endpoint;
  }
  const credentials: unknown = options.credentials;
  if (credentials !== undefined) {
    if ((typeof credentials !== 'object' && typeof credentials !== 'function') || credentials === null) {
      throw invalidOption('credentials', 'must be credentials { accessKeyId, secretAccessKey } or a credentials provider', credentials);
    }
    pool.credentials = options.credentials;
  }
  return { client: createPooledLambdaClient(pool), region: pool.region };
}
