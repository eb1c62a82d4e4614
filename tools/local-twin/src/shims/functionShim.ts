// The local twin's wrapper around every function's handler (services and processors). All of
// them share one process (serverless-offline --useInProcess), where one stray error used to end
// the whole Lambda endpoint. Here each invocation fails alone, as Lambda would report it:
// - an error thrown or rejected by the handler fails the invocation (as before);
// - a promise rejected and never handled, or an exception thrown from a callback, fails the
//   invocation it came from (its async context, kept by AsyncLocalStorage), never another one;
// - running past the function's timeout fails it with "Task timed out after N.00 seconds";
// - nothing of that kind ever ends the process: what belongs to no running invocation is logged.
// Services also report their outcome to the twin's ledger journal when TWIN_LEDGER_FILE is set.
// Bundled by the twin at start (functions/_twin/functionShim.cjs); the entries require it.
import { AsyncLocalStorage } from 'node:async_hooks';
import { isCircuitReset, isHealthCheck } from '@twinflow/core';
import { appendToLedger } from './ledgerReport';

/** What serverless-offline passes as the Lambda context (the parts the shim reads). */
export interface ShimContext {
  functionName?: string;
  awsRequestId?: string;
  getRemainingTimeInMillis?: () => number;
}

/** Any Lambda handler: async, or callback style (three parameters). */
export type AnyHandler = (event: unknown, context: ShimContext, callback: (error: unknown, value?: unknown) => void) => unknown;

/** Fire our timeout a little before serverless-offline's own timer (started just before ours). */
const TIMEOUT_MARGIN_MS = 50;
const GUARD = Symbol.for('twinflow.localTwin.processGuard');

interface Invocation {
  functionName: string;
  requestId: string;
  settled: boolean;
  fail: (error: Error) => void;
}

const invocations = new AsyncLocalStorage<Invocation>();
/** Error → the invocation it failed: serverless-offline leaves an async invocation's failure unhandled. */
const failedInvocations = new WeakMap<object, { functionName: string; requestId: string }>();

function log(line: string): void {
  process.stderr.write(`[local twin] ${line}\n`);
}

function describe(reason: unknown): string {
  if (reason instanceof Error) return `${reason.name}: ${reason.message}`;
  try {
    return typeof reason === 'string' ? reason : JSON.stringify(reason);
  } catch {
    return String(reason);
  }
}

/** What failed an invocation without the handler throwing it, by Lambda's error type. */
const STRAY = {
  'Runtime.UnhandledPromiseRejection': 'a promise was rejected and never handled',
  'Runtime.UncaughtException': 'an exception was thrown and never caught',
} as const;
type StrayType = keyof typeof STRAY;

/**
 * serverless-offline answers every function error as errorType "Error" with the error's message:
 * the message says what happened, the name carries Lambda's error type (for the ledger and logs).
 */
function runtimeError(type: StrayType, reason: unknown): Error {
  const error = new Error(`${STRAY[type]}: ${describe(reason)}`, { cause: reason });
  error.name = type;
  return error;
}

/** serverless-offline reads `message` and `stack` of what a handler threw: always an Error. */
function toError(thrown: unknown): Error {
  return thrown instanceof Error ? thrown : new Error(`the handler threw a value that is not an Error: ${describe(thrown)}`, { cause: thrown });
}

function timedOut(timeoutMs: number): Error {
  const error = new Error(`Task timed out after ${(Math.round(timeoutMs / 10) / 100).toFixed(2)} seconds`);
  error.name = 'Sandbox.Timedout';
  return error;
}

/** An error with no handler: fail the invocation it belongs to, else log it. Never exits. */
function onStrayError(type: StrayType, reason: unknown): void {
  const failed = typeof reason === 'object' && reason !== null ? failedInvocations.get(reason) : undefined;
  if (failed !== undefined) {
    // serverless-offline does not await an async (Event) invocation: its failure surfaces here.
    log(`the async invocation of ${failed.functionName} (request ${failed.requestId}) failed (${describe(reason)}); the endpoint stays up`);
    return;
  }
  const invocation = invocations.getStore();
  if (invocation !== undefined && !invocation.settled) {
    log(`${type} in ${invocation.functionName} (request ${invocation.requestId}): that invocation fails, the others go on`);
    invocation.fail(runtimeError(type, reason));
    return;
  }
  const where = invocation === undefined ? 'outside any invocation' : `from ${invocation.functionName} (request ${invocation.requestId}) after it had ended`;
  log(`${type} ${where}, logged and ignored: ${reason instanceof Error ? reason.stack : describe(reason)}`);
}

/**
 * Installs, once per process, the guard that keeps it alive: an `unhandledRejection` listener
 * (Node then no longer throws) and an `uncaughtException` listener in place of serverless'
 * own, which ends the process on the first one.
 */
function installProcessGuard(): void {
  const guarded = process as unknown as Record<symbol, boolean>;
  if (guarded[GUARD]) return;
  guarded[GUARD] = true;
  process.removeAllListeners('uncaughtException');
  process.on('uncaughtException', (error) => onStrayError('Runtime.UncaughtException', error));
  process.on('unhandledRejection', (reason) => onStrayError('Runtime.UnhandledPromiseRejection', reason));
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return value !== null && typeof value === 'object' && typeof (value as { then?: unknown }).then === 'function';
}

/** Calls an async or callback-style handler; a synchronous throw becomes a rejection. */
function callHandler(handler: AnyHandler, event: unknown, context: ShimContext): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const returned = handler(event, context, (error, value) => (error ? reject(error) : resolve(value)));
    if (isThenable(returned)) returned.then(resolve, reject);
    else if (handler.length < 3) resolve(returned);
  });
}

/** Runs one invocation in its own async context; settles with its result or its first failure. */
function runInvocation(loadHandler: () => AnyHandler, event: unknown, context: ShimContext, functionName: string): Promise<unknown> {
  const remaining = typeof context.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : undefined;
  return new Promise((resolve, reject) => {
    let timer: NodeJS.Timeout | undefined;
    const settle = (outcome: (value: never) => void, value: unknown): void => {
      if (invocation.settled) return;
      invocation.settled = true;
      clearTimeout(timer);
      outcome(value as never);
    };
    const invocation: Invocation = { functionName, requestId: context.awsRequestId ?? '-', settled: false, fail: (error) => settle(reject, error) };
    if (remaining !== undefined) {
      timer = setTimeout(() => {
        log(`${functionName} (request ${invocation.requestId}) ran past its timeout: that invocation fails, its code may still be running`);
        invocation.fail(timedOut(remaining));
      }, Math.max(0, remaining - TIMEOUT_MARGIN_MS));
    }
    invocations.run(invocation, () => {
      new Promise<AnyHandler>((ready) => ready(loadHandler()))
        .then((handler) => callHandler(handler, event, context))
        // One turn of the event loop before answering: a promise the handler rejected without
        // handling surfaces after its last microtask, and fails this invocation as on Lambda.
        .then(
          (value) => setImmediate(() => settle(resolve, value)),
          (error: unknown) => invocation.fail(toError(error)),
        );
    });
  });
}

/**
 * Wraps a handler for the twin. `load` returns the handler (called on the first invocation, and
 * again after it threw, as a cold start that failed). With `ledger: true` (the services), each
 * invocation but a health check appends `{ function, result }` or `{ function, error: { name,
 * message } }` to the journal `TWIN_LEDGER_FILE`, when set, before it answers.
 *
 * @example
 * exports.handler = shimHandler(() => require('./apps/persister/src/handler.js').handler, { ledger: true });
 */
export function shimHandler(load: () => AnyHandler, { ledger = false }: { ledger?: boolean } = {}): (event: unknown, context?: ShimContext) => Promise<unknown> {
  installProcessGuard();
  let handler: AnyHandler | undefined;
  const loadHandler = (): AnyHandler => (handler ??= load());
  return async function twinFunction(event, context = {}) {
    const functionName = context.functionName ?? 'unknown-function';
    const ledgerFile = ledger && !isHealthCheck(event) && !isCircuitReset(event) ? process.env['TWIN_LEDGER_FILE'] : undefined;
    let result: unknown;
    try {
      result = await runInvocation(loadHandler, event, context, functionName);
    } catch (thrown) {
      const error = toError(thrown);
      if (ledgerFile) appendToLedger(ledgerFile, { function: functionName, error: { name: error.name, message: error.message } });
      failedInvocations.set(error, { functionName, requestId: context.awsRequestId ?? '-' });
      throw error;
    }
    if (ledgerFile) appendToLedger(ledgerFile, { function: functionName, result: result === undefined ? null : result });
    return result;
  };
}
