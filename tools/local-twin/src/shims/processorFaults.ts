// A processor as the local twin runs it: the code version named by functions/processors/<device>.current
// (swapped by `nx run processor-<device>:deploy -c local`, no restart), with faults injected as
// the twin's faults.json says (npm start -- --fault-rate F; PUT /admin/faults):
//   { "rate": 0.1, "devices": { "thermostat-1": 1 }, "kinds": { "thermostat-1": "stray-rejection" } }
// - `rate` alone: each reading draws a fault, mixing crashes, invalid output and hangs;
// - a device's own rate (`devices`): its invocations crash as a whole (a FunctionError, the failure
//   a circuit breaker counts), at that rate;
// - a device's `kinds` entry: its invocations fail as a whole with that kind (FAULT_KINDS), at its
//   own rate or else the global one. `hang` outlasts the wrapper's wait for a processor;
//   `hang-past-timeout` the function's own timeout; `stray-rejection` and `uncaught-exception`
//   are errors outside the awaited chain, which the function shim turns into that invocation's failure.
// Bundled by the twin at start (functions/_twin/processorFaults.cjs); each processor's entry requires it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { PROCESSOR_BATCH_PROTOCOL } from '@twinflow/core';
import type { ShimContext } from './functionShim';

/** What a fault does to an invocation. */
export const FAULT_KINDS = ['crash', 'invalid-output', 'hang', 'hang-past-timeout', 'stray-rejection', 'uncaught-exception'] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

/** The twin's faults.json: a global rate, rates per device, a fault kind per device. */
export type FaultSettings = { rate: number; devices?: Record<string, number>; kinds?: Record<string, FaultKind> };

type ProcessorHandler = (event: unknown, context?: ShimContext) => Promise<unknown>;
type BatchAnswer = { results: unknown[] } & Record<string, unknown>;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the wrapper waits for a processor: the reading times out. */
const hang = (): Promise<void> => sleep(Number(process.env['PROCESSOR_TIMEOUT_MS'] || 5000) + 500);

function isFaultKind(value: unknown): value is FaultKind {
  return (FAULT_KINDS as readonly unknown[]).includes(value);
}

/**
 * The faults of `device` from the faults file: `{ rate, kind }`, where `kind` undefined means
 * mixed faults drawn per reading. A missing or unreadable file means no faults.
 */
export function readFaults(file: string, device: string): { rate: number; kind: FaultKind | undefined } {
  let faults: Partial<FaultSettings>;
  try {
    faults = JSON.parse(readFileSync(file, 'utf8')) as Partial<FaultSettings>;
  } catch {
    return { rate: 0, kind: undefined };
  }
  const own = faults.devices?.[device];
  const kind: unknown = faults.kinds?.[device];
  const rate = Number(own ?? faults.rate) || 0;
  if (kind !== undefined) return { rate, kind: isFaultKind(kind) ? kind : 'crash' };
  return { rate, kind: own !== undefined ? 'crash' : undefined };
}

/** Fails (or slows) one whole invocation; resolves when the processor should go on normally. */
async function injectFault(kind: FaultKind, context: ShimContext | undefined): Promise<unknown> {
  if (kind === 'crash') throw new Error('injected fault: processor crashed');
  if (kind === 'invalid-output') return ['injected fault: not an object'];
  if (kind === 'hang') await hang();
  if (kind === 'hang-past-timeout') {
    // Past the function's own timeout (serverless.yml): Lambda ends the invocation first.
    const remaining = typeof context?.getRemainingTimeInMillis === 'function' ? context.getRemainingTimeInMillis() : 0;
    await sleep(remaining + 1000);
  }
  if (kind === 'stray-rejection') {
    // A fire-and-forget call that fails: nothing ever handles this promise.
    void Promise.reject(new Error('injected fault: a promise rejected and never handled'));
  }
  if (kind === 'uncaught-exception') {
    setTimeout(() => {
      throw new Error('injected fault: an exception thrown from a timer callback');
    }, 0);
    await sleep(20);
  }
  return undefined;
}

/** Mixed faults: half crashes, a quarter invalid output, a quarter hangs. */
function mixedKind(draw: number): FaultKind {
  return draw < 0.5 ? 'crash' : draw < 0.75 ? 'invalid-output' : 'hang';
}

/** A batch under mixed faults: each reading draws its own; a hang holds up the whole invocation. */
async function mixedBatch(handler: ProcessorHandler, event: { events: unknown[] }, context: ShimContext | undefined, rate: number, random: () => number): Promise<BatchAnswer> {
  const drawn = event.events.map(() => (random() < rate ? random() : undefined));
  if (drawn.some((kind) => kind !== undefined && kind >= 0.75)) await hang();
  const healthy = event.events.filter((_, i) => drawn[i] === undefined);
  const answer = (await handler({ ...event, events: healthy }, context)) as BatchAnswer;
  const results = answer.results.slice();
  return {
    ...answer,
    results: drawn.map((kind) =>
      kind === undefined
        ? results.shift()
        : kind < 0.5
          ? { ok: false, error: { type: 'Error', message: 'injected fault: processor crashed' } }
          : { ok: true, data: ['injected fault: not an object'] },
    ),
  };
}

function isBatch(event: unknown): event is { protocol: string; events: unknown[] } {
  return typeof event === 'object' && event !== null && (event as { protocol?: unknown }).protocol === PROCESSOR_BATCH_PROTOCOL && Array.isArray((event as { events?: unknown }).events);
}

/**
 * The handler of `device`'s processor, its code pointer `<device>.current` in `processorsDir`,
 * its faults in `faultsFile` (read on every invocation; default `<processorsDir>/../../faults.json`).
 *
 * @example
 * exports.handler = processorHandler(__dirname, 'thermostat-1');
 */
export function processorHandler(
  processorsDir: string,
  device: string,
  { faultsFile = path.join(processorsDir, '..', '..', 'faults.json'), random = Math.random }: { faultsFile?: string; random?: () => number } = {},
): ProcessorHandler {
  const pointer = path.join(processorsDir, `${device}.current`);
  let loadedFrom: string | undefined;
  let loaded: { handler: ProcessorHandler } | undefined;
  return async (event, context) => {
    const target = readFileSync(pointer, 'utf8').trim();
    if (target !== loadedFrom || loaded === undefined) {
      // The installed artifact's code, loaded as Lambda loads it (a CommonJS module).
      loaded = require(target) as { handler: ProcessorHandler };
      loadedFrom = target;
    }
    const { rate, kind } = readFaults(faultsFile, device);
    if (kind === undefined && isBatch(event)) return mixedBatch(loaded.handler, event, context, rate, random);
    if (random() < rate) {
      const answer = await injectFault(kind ?? mixedKind(random()), context);
      if (answer !== undefined) return answer;
    }
    return loaded.handler(event, context);
  };
}
