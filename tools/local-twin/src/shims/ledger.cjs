'use strict';
// Reports a service's outcome to the twin's per-reading ledger: one JSON line appended to the
// journal file TWIN_LEDGER_FILE, which the twin reads as it grows. Every function of the twin runs
// in the one serverless-offline process, so appends never interleave; a line written survives the
// process (a crash loses nothing already reported), and an overloaded twin cannot make a report
// time out. A journal that cannot be written is logged to stderr and never fails the invocation.
const { appendFileSync } = require('node:fs');

function logFailure(functionName, message) {
  process.stderr.write(`[local twin] ledger report of ${functionName} not written: ${message}\n`);
}

/**
 * Appends `body` as one JSON line to `file`. Never throws.
 *
 * @example
 * appendToLedger('/tmp/twin/ledger.jsonl', { function: 'demo-persister', result: { written: 1 } });
 */
function appendToLedger(file, body) {
  let line;
  try {
    line = `${JSON.stringify(body)}\n`;
  } catch (error) {
    logFailure(body.function, `the result is not JSON (${error.message})`);
    return;
  }
  try {
    appendFileSync(file, line);
  } catch (error) {
    logFailure(body.function, error.message);
  }
}

module.exports = { appendToLedger };
