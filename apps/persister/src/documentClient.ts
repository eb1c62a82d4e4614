import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/** Options of {@link createDocumentClient}. */
export interface DocumentClientOptions {
  /** Region. Default the SDK's resolution. */
  region?: string;
  /** Endpoint override, e.g. the local twin's `http://127.0.0.1:4567`. Default AWS. */
  endpoint?: string;
}

/**
 * The hot table's document client: `maxAttempts: 1` (the persister runs its own retry loop
 * for throttling and unprocessed items) and `undefined` attributes dropped.
 *
 * @example
 * ```ts
 * const ddb = createDocumentClient({ region: 'eu-central-1', endpoint: env.dynamodbEndpoint });
 * ```
 */
export function createDocumentClient(options: DocumentClientOptions = {}): DynamoDBDocumentClient {
  const client = new DynamoDBClient({
    maxAttempts: 1,
    ...(options.region ? { region: options.region } : {}),
    ...(options.endpoint ? { endpoint: options.endpoint } : {}),
  });
  return DynamoDBDocumentClient.from(client, { marshallOptions: { removeUndefinedValues: true } });
}
