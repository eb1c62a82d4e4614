// DynamoDB JSON calls from the twin's front to its backend (dynalite or another endpoint), signed
// with SigV4, on the front's keep-alive agent. The emulated inserts use it instead of an SDK client:
// their values already are DynamoDB JSON, and the SDK's per-call work (middleware, schema serde,
// log filtering) was a quarter of an insert request's time in the profile (bench/persisterWrites.mjs).
import { createHash, createHmac } from 'node:crypto';
import http from 'node:http';
import https from 'node:https';

const CONTENT_TYPE = 'application/x-amz-json-1.0';

/**
 * A caller of `endpoint`: `call(operation, input)` resolves to the parsed answer, or rejects like
 * the SDK does — an Error named after the answer's `__type` (`ValidationException`...) with
 * `$metadata.httpStatusCode`, or the network error (no `$metadata`).
 */
export function createBackendCaller({ endpoint, region, credentials, agent }) {
  const target = new URL(endpoint);
  const transport = target.protocol === 'https:' ? https : http;
  const keys = new Map();
  const signingKey = (day) => {
    if (!keys.has(day)) keys.set(day, ['dynamodb', 'aws4_request'].reduce((key, part) => hmac(key, part), hmac(hmac(`AWS4${credentials.secretAccessKey}`, day), region)));
    return keys.get(day);
  };

  return function call(operation, input) {
    const body = Buffer.from(JSON.stringify(input), 'utf8');
    const amzDate = new Date().toISOString().replace(/[-:]|\.\d{3}/g, '');
    const headers = { 'content-type': CONTENT_TYPE, host: target.host, 'x-amz-date': amzDate, 'x-amz-target': `DynamoDB_20120810.${operation}` };
    if (credentials.sessionToken) headers['x-amz-security-token'] = credentials.sessionToken;
    const names = Object.keys(headers).sort();
    const canonical = ['POST', '/', '', ...names.map((name) => `${name}:${headers[name]}`), '', names.join(';'), sha256(body)].join('\n');
    const scope = `${amzDate.slice(0, 8)}/${region}/dynamodb/aws4_request`;
    const signature = hmac(signingKey(amzDate.slice(0, 8)), ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n')).toString('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${credentials.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    headers['content-length'] = body.length;

    return new Promise((resolve, reject) => {
      const request = transport.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: 'POST', path: '/', headers, agent }, (answer) => {
        const chunks = [];
        answer.on('data', (chunk) => chunks.push(chunk));
        answer.on('error', reject);
        answer.on('end', () => {
          let output;
          try {
            output = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}');
          } catch {
            output = { __type: 'SerializationException', message: 'unreadable answer' };
          }
          if (answer.statusCode < 400) return resolve(output);
          const name = String(output.__type ?? 'InternalServerError').split('#').pop();
          reject(Object.assign(new Error(output.message ?? output.Message ?? name), { name, $metadata: { httpStatusCode: answer.statusCode } }));
        });
      });
      request.on('error', reject);
      request.end(body);
    });
  };
}

function sha256(data) {
  return createHash('sha256').update(data).digest('hex');
}

function hmac(key, data) {
  return createHmac('sha256', key).update(data, 'utf8').digest();
}
