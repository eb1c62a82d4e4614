'use strict';
// Reports a service's outcome to the twin's per-reading ledger (TWIN_LEDGER_URL): one small
// POST per invocation on a kept-alive connection. A ledger that is down, slow or answers an error
// is logged to stderr and never fails the invocation.
const http = require('node:http');

const LEDGER_TIMEOUT_MS = 2000;
// Idle sockets do not hold the process open; concurrent invocations each get their own socket.
const agent = new http.Agent({ keepAlive: true, keepAliveMsecs: 1000, maxSockets: 32 });
const targets = new Map();

/** The parsed ledger URL (cached: every invocation posts to the same one), or an Error. */
function targetOf(href) {
  let target = targets.get(href);
  if (target === undefined) {
    try {
      const url = new URL(href);
      target =
        url.protocol === 'http:'
          ? { hostname: url.hostname, port: url.port || 80, path: `${url.pathname}${url.search}` }
          : new Error(`TWIN_LEDGER_URL must be an http:// URL, got ${href}`);
    } catch {
      target = new Error(`TWIN_LEDGER_URL is not a URL: ${href}`);
    }
    targets.set(href, target);
  }
  return target;
}

function logFailure(functionName, message) {
  process.stderr.write(`[local twin] ledger report of ${functionName} not delivered: ${message}\n`);
}

/**
 * POSTs `body` as JSON to `href` and resolves once the ledger answered (or after 2 s, or on an
 * error, logged). Never rejects. A request on a reused connection that the ledger had just closed
 * (ECONNRESET) is sent once more on a fresh one.
 *
 * @example
 * await postToLedger('http://127.0.0.1:53101/ledger', { function: 'demo-persister', result: { written: 1 } });
 */
function postToLedger(href, body) {
  const target = targetOf(href);
  if (target instanceof Error) {
    logFailure(body.function, target.message);
    return Promise.resolve();
  }
  let payload;
  try {
    payload = Buffer.from(JSON.stringify(body));
  } catch (error) {
    logFailure(body.function, `the result is not JSON (${error.message})`);
    return Promise.resolve();
  }
  return new Promise((resolve) => {
    const send = (retried) => {
      const request = http.request({
        ...target,
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length },
      });
      const timer = setTimeout(() => request.destroy(new Error(`no answer within ${LEDGER_TIMEOUT_MS / 1000} s`)), LEDGER_TIMEOUT_MS);
      request.once('response', (response) => {
        if (response.statusCode >= 300) logFailure(body.function, `the ledger answered ${response.statusCode}`);
        // Read to the end, so the connection goes back to the agent for the next invocation.
        response.resume();
        response.on('error', () => undefined);
        response.once('close', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      request.once('error', (error) => {
        clearTimeout(timer);
        if (!retried && request.reusedSocket && error.code === 'ECONNRESET') return send(true);
        logFailure(body.function, error.message);
        resolve();
      });
      request.end(payload);
    };
    send(false);
  });
}

module.exports = { postToLedger, LEDGER_TIMEOUT_MS };
