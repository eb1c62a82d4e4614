// The local twin's DynamoDB endpoint: an HTTP front on 127.0.0.1:port before the backend (dynalite,
// or any DynamoDB-compatible URL). Requests are forwarded as they are (keep-alive agent), except
// BatchExecuteStatement, which dynalite lacks: its INSERTs are answered here (partiqlInsert.ts).
// Every write — emulated inserts and forwarded PutItem/UpdateItem/DeleteItem/BatchWriteItem —
// runs under one FIFO lock, so a conditional PutItem cannot slip between an insert's check and
// its write; reads are not serialised. Closing the listener is the outage switch.
import http from 'node:http';
import https from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { createBackendCaller, type BackendCredentials } from './dynamoBackend';
import { createInsertEmulator, parseInsertRequest, RequestError, type InsertStatement } from './partiqlInsert';
import { readRequestBody } from './requestBody';

const INSERT_TARGET = 'DynamoDB_20120810.BatchExecuteStatement';
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const TABLE_CHANGES = new Set(['CreateTable', 'DeleteTable', 'UpdateTable']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A FIFO lock; see {@link createWriteLock}. */
export interface WriteLock {
  /** Resolves to a `release` function once every earlier holder released. */
  acquire(): Promise<() => void>;
}

/** A FIFO lock: `acquire()` resolves to a `release` function once every earlier holder released. */
export function createWriteLock(): WriteLock {
  let tail: Promise<void> = Promise.resolve();
  return {
    acquire() {
      const previous = tail;
      let release: () => void = () => undefined;
      tail = new Promise<void>((resolve) => (release = resolve));
      return previous.then(() => release);
    },
  };
}

/** Options of {@link startFront}. */
export interface FrontOptions {
  /** Port on 127.0.0.1; 0 picks a free one (kept across outages). */
  port: number;
  /** The backend's URL. */
  backend: string;
  region: string;
  credentials: BackendCredentials;
}

/** A running front. */
export interface DynamoFront {
  /** The port listened on. */
  port: number;
  /** Outage switch: `false` closes the listener and resets open connections; data stays. */
  setAvailable(wanted: boolean): Promise<void>;
  close(): Promise<void>;
}

/**
 * Starts the front on 127.0.0.1:`port` (0: an ephemeral port, kept across outages) before
 * `backend` (a URL), answering inserts with DynamoDB JSON calls to it signed for `region` with
 * `credentials`.
 */
export async function startFront({ port: wantedPort, backend, region, credentials }: FrontOptions): Promise<DynamoFront> {
  let port = wantedPort;
  const target = new URL(backend);
  const transport = target.protocol === 'https:' ? https : http;
  // Idle backend sockets are dropped after 4 s, before dynalite's 5 s keep-alive timeout closes them under a request.
  const agent = new transport.Agent({ keepAlive: true, timeout: 4_000 });
  const lock = createWriteLock();
  const inserts = createInsertEmulator(createBackendCaller({ endpoint: backend, region, credentials, agent }));
  const sockets = new Set<Socket>();

  const forward = async (req: http.IncomingMessage, res: http.ServerResponse, serialised: boolean): Promise<void> => {
    const release = serialised ? await lock.acquire() : () => undefined;
    let released = false;
    const done = (): void => {
      if (released) return;
      released = true;
      release();
    };
    if (req.destroyed && !req.complete) return done();
    const upstream = transport.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: endToEnd(req.rawHeaders), agent });
    upstream.on('response', (answer) => {
      done(); // the backend answers after applying the write
      res.writeHead(answer.statusCode ?? 500, answer.statusMessage, endToEnd(answer.rawHeaders));
      pipeline(answer, res, () => undefined);
    });
    upstream.on('error', (error) => {
      done();
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: `local DynamoDB backend: ${error.message}` });
      else res.destroy();
    });
    pipeline(req, upstream, () => undefined);
  };

  const insert = async (req: http.IncomingMessage, res: http.ServerResponse): Promise<void> => {
    let statements: InsertStatement[];
    try {
      statements = parseInsertRequest(await readRequestBody(req, MAX_BODY_BYTES, () => new RequestError(413, 'com.amazon.coral.validate#ValidationException', 'request too large')));
    } catch (error) {
      return sendError(res, error);
    }
    const release = await lock.acquire();
    try {
      sendJson(res, 200, await inserts.execute(statements));
    } catch (error) {
      sendError(res, error);
    } finally {
      release();
    }
  };

  const server = http.createServer({ keepAlive: true }, (req, res) => {
    const amzTarget = String(req.headers['x-amz-target'] ?? '');
    if (amzTarget === INSERT_TARGET) return void insert(req, res);
    const operation = amzTarget.slice(amzTarget.indexOf('.') + 1);
    if (TABLE_CHANGES.has(operation)) inserts.forget();
    void forward(req, res, WRITES.has(operation));
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = (): Promise<void> =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = (server.address() as AddressInfo).port;
        server.off('error', reject);
        resolve();
      });
    });
  const shut = (): Promise<void> => {
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    return closed;
  };

  await listen();
  let available = true;
  return {
    port,
    setAvailable: async (wanted) => {
      if (wanted === available) return;
      available = wanted;
      if (wanted) await listen();
      else await shut();
    },
    close: async () => {
      if (available) await shut();
      available = false;
      agent.destroy();
    },
  };
}

/** Raw headers without the hop-by-hop ones (each side keeps its own connection). */
function endToEnd(rawHeaders: readonly string[]): string[] {
  const kept: string[] = [];
  for (let i = 0; i + 1 < rawHeaders.length; i += 2) {
    const [name, value] = [rawHeaders[i] as string, rawHeaders[i + 1] as string];
    if (!HOP_BY_HOP.has(name.toLowerCase())) kept.push(name, value);
  }
  return kept;
}

/** A DynamoDB-style error answer: RequestError as it says, an SDK error with its status and name. */
function sendError(res: http.ServerResponse, error: unknown): void {
  if (error instanceof RequestError) return sendJson(res, error.status, { __type: error.type, message: error.message });
  const failure = (typeof error === 'object' && error !== null ? error : {}) as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = failure.$metadata?.httpStatusCode ?? 500;
  const type = failure.$metadata === undefined ? 'InternalServerError' : failure.name; // no answer from the backend: a 5xx, retryable
  sendJson(res, status >= 400 ? status : 500, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `local DynamoDB backend: ${String(failure.message ?? error)}` });
}

function sendJson(res: http.ServerResponse, status: number, payload: object): void {
  if (res.destroyed) return;
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const headers: Record<string, string | number> = { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': body.length, 'x-amzn-RequestId': randomBytes(26).toString('hex').toUpperCase() };
  const crc32 = (zlib as { crc32?: (data: Buffer) => number }).crc32;
  if (typeof crc32 === 'function') headers['x-amz-crc32'] = crc32(body);
  res.writeHead(status, headers);
  res.end(body);
}
