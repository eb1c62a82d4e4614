// The twin's console and its JSON/admin endpoints on one HTTP server (http://127.0.0.1:3100/):
//   GET /             the console, rendered with current data (then kept current by /console.js)
//   GET /health.json  the ConsoleDocument (functions' reports, counts, metrics, newest readings, ...)
//   GET /counts.json  the ledger's counts only (cheap)
//   GET /ledger.json  the ledger's account against both tables
//   PUT /admin/faults | /admin/dynamodb | /admin/processors/<device>, POST /admin/replay (admin.ts)
import http from 'node:http';
import { TwinOptionError } from '../errors';
import { answerAdmin } from './admin';
import { consoleScript } from './bundle';
import { collectDocument, messageOf } from './document';
import { ConsoleRequestError } from './errors';
import { createHistory } from './history';
import { renderPage } from './render';
import type { ConsoleSources } from './sources';
import { readRequestBody } from '../requestBody';

/** Options of {@link startHealthServer}. */
export type HealthServerOptions = {
  /** Port to listen on; `0` picks a free one (see the result's `port`). */
  port: number;
  /** Interface to listen on. Default `127.0.0.1`. */
  host?: string;
  /** What the console reads and changes. */
  sources: ConsoleSources;
  /** Clock, epoch ms (the document's `generatedAt`, the history's samples). Default `Date.now`. */
  now?: () => number;
};

/** A running health server. */
export type HealthServer = {
  /** The port it listens on. */
  port: number;
  /** Its base URL, e.g. `http://127.0.0.1:3100`. */
  url: string;
  /** Stops sampling, ends every connection and closes the server. */
  close(): Promise<void>;
};

/** Request bodies above this are refused (413): admin bodies are a few hundred bytes. */
const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Starts the console server. Bundles the page script first (once per process), samples the
 * counts once a second (an unref'd timer) for the sparkline and the throughput.
 *
 * @example
 * ```ts
 * const server = await startHealthServer({ port: 0, sources });
 * console.log(`console on ${server.url}/`);
 * await server.close();
 * ```
 */
export async function startHealthServer(options: HealthServerOptions): Promise<HealthServer> {
  const { port, host = '127.0.0.1', sources, now = Date.now } = validate(options);
  const script = await consoleScript();
  const history = createHistory({
    now,
    read: () => {
      const counts = sources.counts();
      return { settled: counts.settled, parked: counts.failed + counts.storedAndParked, byDevice: sources.countsByDevice() };
    },
  });
  const collect = () => collectDocument(sources, history, now);

  const server = http.createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (error instanceof ConsoleRequestError) send(res, error.status, 'text/plain; charset=utf-8', error.message);
      else send(res, 500, 'text/plain; charset=utf-8', messageOf(error));
    });
  });

  async function route(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const method = req.method ?? 'GET';
    if (method === 'GET') {
      if (path === '/') return send(res, 200, 'text/html; charset=utf-8', renderPage(await collect()));
      if (path === '/console.js') return send(res, 200, 'text/javascript; charset=utf-8', script);
      if (path === '/health.json') return send(res, 200, 'application/json', JSON.stringify(await collect()));
      if (path === '/counts.json') return send(res, 200, 'application/json', JSON.stringify(sources.counts()));
      if (path === '/ledger.json') return send(res, 200, 'application/json', JSON.stringify(await sources.account()));
    }
    if (path.startsWith('/admin/')) {
      const contentType = String(req.headers['content-type'] ?? '');
      const answer = await answerAdmin({ method, path, contentType, body: await readRequestBody(req, MAX_BODY_BYTES, () => new ConsoleRequestError(413, `body: larger than ${MAX_BODY_BYTES} bytes`)) }, sources);
      if (answer !== undefined) {
        // A replay form posted without JavaScript: answer with the console showing the outcome.
        if (answer.replayOutcome !== undefined && contentType.startsWith('application/x-www-form-urlencoded')) {
          return send(res, 200, 'text/html; charset=utf-8', renderPage(await collect(), { replayOutcome: answer.replayOutcome }));
        }
        return send(res, answer.status, answer.type, answer.body);
      }
    }
    send(res, 404, 'text/plain; charset=utf-8', 'not found');
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  history.start();
  const address = server.address();
  const bound = typeof address === 'object' && address !== null ? address.port : port;
  return {
    port: bound,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${bound}`,
    close: () =>
      new Promise<void>((done) => {
        history.stop();
        server.close(() => done());
        // the functions' shims and the page keep their connections alive: end them, or close waits forever
        server.closeAllConnections();
      }),
  };
}

function validate(options: HealthServerOptions): HealthServerOptions {
  if (typeof options !== 'object' || options === null) throw new TwinOptionError('startHealthServer: options must be an object');
  if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65_535) {
    throw new TwinOptionError(`startHealthServer: port must be an integer from 0 to 65535, got ${JSON.stringify(options.port)}`);
  }
  if (options.host !== undefined && (typeof options.host !== 'string' || options.host === '')) throw new TwinOptionError('startHealthServer: host must be a non-empty string');
  if (typeof options.sources !== 'object' || options.sources === null) throw new TwinOptionError('startHealthServer: sources must be a ConsoleSources object');
  if (options.now !== undefined && typeof options.now !== 'function') throw new TwinOptionError('startHealthServer: now must be a function returning epoch ms');
  return options;
}

function send(res: http.ServerResponse, status: number, type: string, body: string): void {
  if (res.headersSent) return;
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

