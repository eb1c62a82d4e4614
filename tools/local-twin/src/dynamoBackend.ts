// DynamoDB JSON calls from the twin's front to its backend (dynalite or another endpoint), signed
// with SigV4, on the front's keep-alive agent. The emulated inserts use it instead of an SDK client:
// their values already are DynamoDB JSON, and the SDK's per-call work (middleware, schema serde,
// log filtering) was a quarter of an insert request's time in the profile (bench/persisterWrites.ts).
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

/** Credentials the backend calls are signed with. */
export type BackendCredentials = { accessKeyId: string; secretAccessKey: string; sessionToken?: string };

/** Options of {@link createBackendCaller}. */
export interface BackendCallerOptions {
  /** The backend's URL, e.g. `http://127.0.0.1:53211`. */
  endpoint: string;
  region: string;
  credentials: BackendCredentials;
  /** The keep-alive agent the calls go out on. */
  agent: http.Agent;
  /** The signing clock. Default `() => new Date()`. */
  now?: () => Date;
}

/**
 * One DynamoDB JSON API call: `operation` (`BatchGetItem`...) with `input` as DynamoDB JSON,
 * resolving to the parsed answer, typed by the caller (the wire is untyped JSON).
 */
export type BackendCaller = <Output extends object = Record<string, unknown>>(operation: string, input: object) => Promise<Output>;

/** An error answer of the backend, as the SDK shapes it: named after the answer's `__type`, with its HTTP status. */
export class BackendCallError extends Error {
  public readonly $metadata: { httpStatusCode: number };

  public constructor(name: string, message: string, httpStatusCode: number) {
    super(message);
    this.name = name;
    this.$metadata = { httpStatusCode };
  }
}

/**
 * A caller of `endpoint`: `call(operation, input)` resolves to the parsed answer, or rejects like
 * the SDK does — a {@link BackendCallError} named after the answer's `__type`
 * (`ValidationException`...) with `$metadata.httpStatusCode`, or the network error (no `$metadata`).
 *
 * @example
 * ```ts
 * const call = createBackendCaller({ endpoint, region: 'eu-central-1', credentials, agent });
 * const { Table } = await call<{ Table: { KeySchema: unknown[] } }>('DescribeTable', { TableName: 'demo-hot' });
 * ```
 */
export function createBackendCaller({ endpoint, region, credentials, agent, now = () => new Date() }: BackendCallerOptions): BackendCaller {
  const target = new URL(endpoint);
  const transport = target.protocol === 'https:' ? https : http;
  const keys = new Map<string, Buffer>();
  const signingKey = (day: string): Buffer => {
    let key = keys.get(day);
    if (key === undefined) {
      key = ['dynamodb', 'aws4_request'].reduce((k, part) => hmac(k, part), hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region));
      keys.set(day, key);
    }
    return key;
  };

  return function call<Output extends object>(operation: string, input: object): Promise<Output> {
    const body = Buffer.from(JSON.stringify(input), 'utf8');
    const amzDate = now().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const headers: Record<string, string | number> = { 'content-type': CONTENT_TYPE, host: target.host, 'x-amz-date': amzDate, 'x-amz-target': `DynamoDB_20120810.${operation}` };
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonical = ['POST', '/', '', ...names.map((name) => `${name}:${headers[name]}`), '', names.join(';'), sha256(body)].join('\n');
    const scope = `${amzDate.slice(0, 8)}/${region}/dynamodb/aws4_request`;
    const signature = hmac(signingKey(amzDate.slice(0, 8)), ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).toString('hex');
    headers['authorization'] = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    headers['content-length'] = body.length;

    return new Promise<Output>((resolve, reject) => {
      const request = transport.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: 'POST', path: '/', headers, agent }, (answer) => {
        const chunks: Buffer[] = [];
        answer.on('data', (chunk: Buffer) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          let output: Record<string, unknown>;
          try {
            output = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as Record<string, unknown>;
          } catch {
            output = { __type: 'SerializationException', message: 'unreadable answer' };
          }
          const status = answer.statusCode ?? 500;
          if (status < 400) return resolve(output as Output);
          const name = String(output['__type'] ?? 'InternalServerError').split('#').pop() ?? 'InternalServerError';
          reject(new BackendCallError(name, String(output['message'] ?? output['Message'] ?? name), status));
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  };
}

function sha256(data: string | Buffer): string {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key: string | Buffer, data: string): Buffer {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
