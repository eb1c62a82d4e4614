'use strict';
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
const fs = require('node:fs');
const path = require('node:path');

/** What a fault does to an invocation. */
const FAULT_KINDS = ['crash', 'invalid-output', 'hang', 'hang-past-timeout', 'stray-rejection', 'uncaught-exception'];

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
/** Longer than the wrapper waits for a processor: the reading times out. */
const hang = () => sleep(Number(process.env.PROCESSOR_TIMEOUT_MS || 5000) + 500);

/**
 * The faults of `device` from the faults file: `{ rate, kind }`, where `kind` undefined means
 * mixed faults drawn per reading. A missing or unreadable file means no faults.
 */
function readFaults(file, device) {
  let faults;
  try {
    faults = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    return { rate: 0, kind: undefined };
  }
  const own = faults.devices?.[device];
  const kind = faults.kinds?.[device];
  const rate = Number(own ?? faults.rate) || 0;
  if (kind !== undefined) return { rate, kind: FAULT_KINDS.includes(kind) ? kind : 'crash' };
  return { rate, kind: own !== undefined ? 'crash' : undefined };
}

/** Fails (or slows) one whole invocation; resolves when the processor should go on normally. */
async function injectFault(kind, context) {
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
    Promise.reject(new Error('injected fault: a promise rejected and never handled'));
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
function mixedKind(draw) {
  return draw < 0.5 ? 'crash' : draw < 0.75 ? 'invalid-output' : 'hang';
}

/** A batch under mixed faults: each reading draws its own; a hang holds up the whole invocation. */
async function mixedBatch(handler, event, context, rate, random) {
  const drawn = event.events.map(() => (random() < rate ? random() : undefined));
  if (drawn.some((kind) => kind !== undefined && kind >= 0.75)) await hang();
  const healthy = event.events.filter((_, i) => drawn[i] === undefined);
  const answer = await handler({ ...event, events: healthy }, context);
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

/**
 * The handler of `device`'s processor, its code and pointer in `processorsDir`, its faults in
 * `faultsFile` (read on every invocation).
 *
 * @example
 * exports.handler = processorHandler(__dirname, 'thermostat-1');
 */
function processorHandler(
  processorsDir,
  device,
  // The twin passes the contract's protocol (core's PROCESSOR_BATCH_PROTOCOL) when it writes the entry; tests get it from core.
  { faultsFile = path.join(processorsDir, '..', '..', 'faults.json'), random = Math.random, batchProtocol = require('@twinflow/core').PROCESSOR_BATCH_PROTOCOL } = {},
) {
  const pointer = path.join(processorsDir, `${device}.current`);
  let loadedFrom;
  let loaded;
  return async (event, context) => {
    const target = fs.readFileSync(pointer, 'utf8').trim();
    if (target !== loadedFrom) {
      loaded = require(target);
      loadedFrom = target;
    }
    const { rate, kind } = readFaults(faultsFile, device);
    if (kind === undefined && event && event.protocol === batchProtocol && Array.isArray(event.events)) {
      return mixedBatch(loaded.handler, event, context, rate, random);
    }
    if (random() < rate) {
      const answer = await injectFault(kind ?? mixedKind(random()), context);
      if (answer !== undefined) return answer;
    }
    return loaded.handler(event, context);
  };
}

module.exports = { FAULT_KINDS, processorHandler, readFaults };
