import http from 'node:http';
import https from 'node:https';
import { LambdaClient } from '@aws-sdk/client-lambda';
import type { LambdaClientConfig } from '@aws-sdk/client-lambda';
import { httpUrlOption, integerOption, invalidOption, nonEmptyStringOption, optionsObject } from './options';

/** Default {@link PooledLambdaClientOptions.maxSockets}: at most 50 connections per host. */
export const DEFAULT_MAX_SOCKETS = 50;
/** Largest accepted {@link PooledLambdaClientOptions.maxSockets}. */
export const MAX_SOCKETS_LIMIT = 1_000;

const OPTION = 'connectionPool';
const KEYS = ['region', 'endpoint', 'credentials', 'maxSockets'] as const;

/**
 * Options of {@link createPooledLambdaClient}. Every field is optional.
 *
 * @example
 * ```ts
 * const options: PooledLambdaClientOptions = { region: 'eu-central-1', maxSockets: 100 };
 * ```
 */
export interface PooledLambdaClientOptions {
  /** Region. Default the SDK's resolution (`AWS_REGION`...). */
  region?: string;
  /** Endpoint, e.g. `http://127.0.0.1:3002` locally. Default AWS (or `AWS_ENDPOINT_URL_LAMBDA`). */
  endpoint?: string;
  /** Credentials. Default the SDK's provider chain. */
  credentials?: LambdaClientConfig['credentials'];
  /** Most open connections per host (in use plus idle), shared by every adapter on the client. Integer 1..1000. Default `50`. */
  maxSockets?: number;
}

/**
 * Builds a `LambdaClient` for adapters to share: `maxAttempts: 1` (the adapter runs its own
 * retry loop) and a `NodeHttpHandler` over keep-alive `https` and `http` agents bounded by
 * `maxSockets`. Connections stay open between invocations (no TCP and TLS handshake per call,
 * which is most of the latency of a small synchronous invoke), and however many adapters use
 * the client, they never open more than `maxSockets` connections per host together: calls
 * beyond it queue in the agent. Adapters that each build their own client get one pool each.
 *
 * Call `client.destroy()` to close the pool (e.g. at the end of a test).
 *
 * @example
 * ```ts
 * const client = createPooledLambdaClient({ region: 'eu-central-1', maxSockets: 64 });
 * const processors = devices.map((device) => new LambdaAdapter({ functionName: `demo-${device}-processor`, client }));
 * ```
 */
export function createPooledLambdaClient(options: PooledLambdaClientOptions = {}): LambdaClient {
  const raw = optionsObject(OPTION, options, KEYS);
  const maxSockets = integerOption(`${OPTION}.maxSockets`, raw['maxSockets'], DEFAULT_MAX_SOCKETS, 1, MAX_SOCKETS_LIMIT);
  const config: LambdaClientConfig = { maxAttempts: 1 };
  if (raw['region'] !== undefined) config.region = nonEmptyStringOption(`${OPTION}.region`, raw['region']);
  if (raw['endpoint'] !== undefined) config.endpoint = httpUrlOption(`${OPTION}.endpoint`, raw['endpoint']);
  const credentials = raw['credentials'];
  if (credentials !== undefined) {
    if ((typeof credentials !== 'object' && typeof credentials !== 'function') || credentials === null) {
      throw invalidOption(`${OPTION}.credentials`, 'must be credentials or a credentials provider', credentials);
    }
    config.credentials = credentials as LambdaClientConfig['credentials'];
  }
  // Built last, so an invalid option never leaves open agents behind.
  // The handler's options, not a NodeHttpHandler instance: the SDK builds its own handler from them,
  // so no @smithy package is imported (and bundled) here.
  config.requestHandler = {
    httpAgent: new http.Agent({ keepAlive: true, maxSockets }),
    httpsAgent: new https.Agent({ keepAlive: true, maxSockets }),
  };
  return new LambdaClient(config);
}
