import { Agent } from 'node:https';
import { Agent as HttpAgent } from 'node:http';
import { LambdaClient } from '@aws-sdk/client-lambda';

/** Options of {@link createLambdaClient}. */
export interface LambdaClientOptions {
  /** Region. Default: the SDK's resolution. */
  region?: string;
  /** Endpoint override, e.g. the local twin's `http://127.0.0.1:3002`. Default none. */
  endpoint?: string;
  /** Sockets kept open per host. Default 50. */
  maxSockets?: number;
}

const clients = new Map<string, LambdaClient>();

/**
 * A Lambda client for `LambdaAdapter`: `maxAttempts: 1` (the adapter runs its own retry loop,
 * so SDK retries would multiply attempts) and keep-alive sockets. One client per
 * region/endpoint, shared by every adapter of the process so connections are reused.
 *
 * @example
 * ```ts
 * const client = createLambdaClient({ endpoint: env.lambdaEndpoint, region: env.region });
 * const adapter = new LambdaAdapter({ functionName: 'demo-persister', client });
 * ```
 */
export function createLambdaClient(options: LambdaClientOptions = {}): LambdaClient {
  const key = `${options.region ?? ''}|${options.endpoint ?? ''}`;
  let client = clients.get(key);
  if (client === undefined) {
    const agentOptions = { keepAlive: true, maxSockets: options.maxSockets ?? 50 };
    client = new LambdaClient({
      maxAttempts: 1,
      ...(options.region ? { region: options.region } : {}),
      ...(options.endpoint ? { endpoint: options.endpoint } : {}),
      // An options object, not a handler instance: the SDK builds its own handler, so nothing of
      // @smithy is bundled into the services (the Lambda runtime provides the SDK).
      requestHandler: { httpAgent: new HttpAgent(agentOptions), httpsAgent: new Agent(agentOptions) },
    });
    clients.set(key, client);
  }
  return client;
}
