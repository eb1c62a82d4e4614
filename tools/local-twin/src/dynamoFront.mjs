// The local twin's DynamoDB endpoint: an HTTP front on 127.0.0.1:port before the backend (dynalite,
// or any DynamoDB-compatible URL). Requests are forwarded as they are (keep-alive agent), except
// BatchExecuteStatement, which dynalite lacks: its INSERTs are answered here (partiqlInsert.mjs).
// Every write — emulated inserts and forwarded PutItem/UpdateItem/DeleteItem/BatchWriteItem —
// runs under one FIFO lock, so a conditional PutItem cannot slip between an insert's check and
// its write; reads are not serialised. Closing the listener is the outage switch.
import http from 'node:http';
import https from 'node:https';
import { randomBytes } from 'node:crypto';
import { pipeline } from 'node:stream';
import zlib from 'node:zlib';
import { createBackendCaller } from './dynamoBackend.mjs';
import { createInsertEmulator, parseInsertRequest, RequestError } from './partiqlInsert.mjs';

const INSERT_TARGET = 'DynamoDB_20120810.BatchExecuteStatement';
const WRITES = new Set(['PutItem', 'UpdateItem', 'DeleteItem', 'BatchWriteItem']);
const TABLE_CHANGES = new Set(['CreateTable', 'DeleteTable', 'UpdateTable']);
const HOP_BY_HOP = new Set(['connection', 'keep-alive', 'proxy-connection', 'transfer-encoding', 'upgrade', 'te', 'trailer']);
const MAX_BODY_BYTES = 16 * 1024 * 1024;

/** A FIFO lock: `acquire()` resolves to a `release` function once every earlier holder released. */
export function createWriteLock() {
  let tail = Promise.resolve();
  return {
    acquire() {
      const previous = tail;
      let release;
      tail = new Promise((resolve) => (release = resolve));
      return previous.then(() => release);
    },
  };
}

/**
 * Starts the front on 127.0.0.1:`port` (0: an ephemeral port, kept across outages) before
 * `backend` (a URL), answering inserts with DynamoDB JSON calls to it signed for `region` with
 * `credentials`.
 */
export async function startFront({ port, backend, region, credentials }) {
  const target = new URL(backend);
  const transport = target.protocol === 'https:' ? https : http;
  // Idle backend sockets are dropped after 4 s, before dynalite's 5 s keep-alive timeout closes them under a request.
  const agent = new transport.Agent({ keepAlive: true, timeout: 4_000 });
  const lock = createWriteLock();
  const inserts = createInsertEmulator(createBackendCaller({ endpoint: backend, region, credentials, agent }));
  const sockets = new Set();

  const forward = async (req, res, serialised) => {
    const release = serialised ? await lock.acquire() : () => undefined;
    let released = false;
    const done = () => {
      if (!released) (released = true), release();
    };
    if (req.destroyed && !req.complete) return done();
    const upstream = transport.request({ protocol: target.protocol, hostname: target.hostname, port: target.port, method: req.method, path: req.url, headers: endToEnd(req.rawHeaders), agent });
    upstream.on('response', (answer) => {
      done(); // the backend answers after applying the write
      res.writeHead(answer.statusCode, answer.statusMessage, endToEnd(answer.rawHeaders));
      pipeline(answer, res, () => undefined);
    });
    upstream.on('error', (error) => {
      done();
      if (!res.headersSent && !res.destroyed) sendJson(res, 500, { __type: 'com.amazonaws.dynamodb.v20120810#InternalServerError', message: `local DynamoDB backend: ${error.message}` });
      else res.destroy();
    });
    pipeline(req, upstream, () => undefined);
  };

  const insert = async (req, res) => {
    let statements;
    try {
      statements = parseInsertRequest(await readBody(req));
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
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  const listen = () =>
    new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        port = server.address().port;
        server.off('error', reject);
        resolve();
      });
    });
  const shut = () => {
    const closed = new Promise((resolve) => server.close(() => resolve()));
    for (const socket of sockets) socket.destroy();
    return closed;
  };

  await listen();
  let available = true;
  return {
    /** The port listened on. */
    port,
    /** Outage switch: `false` closes the listener and resets open connections; data stays. */
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
function endToEnd(rawHeaders) {
  const kept = [];
  for (let i = 0; i < rawHeaders.length; i += 2) if (!HOP_BY_HOP.has(rawHeaders[i].toLowerCase())) kept.push(rawHeaders[i], rawHeaders[i + 1]);
  return kept;
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) req.destroy(new RequestError(413, 'com.amazon.coral.validate#ValidationException', 'request too large'));
      else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
    req.on('close', () => (req.complete ? undefined : reject(new Error('request aborted'))));
  });
}

/** A DynamoDB-style error answer: RequestError as it says, an SDK error with its status and name. */
function sendError(res, error) {
  if (error instanceof RequestError) return sendJson(res, error.status, { __type: error.type, message: error.message });
  const status = error?.$metadata?.httpStatusCode ?? 500;
  const type = error?.$metadata === undefined ? 'InternalServerError' : error.name; // no answer from the backend: a 5xx, retryable
  sendJson(res, status >= 400 ? status : 500, { __type: `com.amazonaws.dynamodb.v20120810#${type}`, message: `local DynamoDB backend: ${String(error?.message ?? error)}` });
}

function sendJson(res, status, payload) {
  if (res.destroyed) return;
  const body = Buffer.from(JSON.stringify(payload), 'utf8');
  const headers = { 'Content-Type': 'application/x-amz-json-1.0', 'Content-Length': body.length, 'x-amzn-RequestId': randomBytes(26).toString('hex').toUpperCase() };
  if (typeof zlib.crc32 === 'function') headers['x-amz-crc32'] = zlib.crc32(body);
  res.writeHead(status, headers);
  res.end(body);
}
