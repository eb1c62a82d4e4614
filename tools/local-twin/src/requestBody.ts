// The one HTTP request-body reader of the twin's servers (the DynamoDB front, the console).
import type http from 'node:http';

/**
 * Reads a request's body as UTF-8, at most `maxBytes`. A larger body is read to its end (so the
 * answer still reaches the client) but kept nowhere, and rejects with `tooLarge()`; an aborted
 * request rejects too.
 */
export function readRequestBody(req: http.IncomingMessage, maxBytes: number, tooLarge: () => Error): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) chunks.push(chunk);
    });
    req.on('end', () => (size > maxBytes ? reject(tooLarge()) : resolve(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
    req.on('close', () => (req.complete ? undefined : reject(new Error('request aborted'))));
  });
}
