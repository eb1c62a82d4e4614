// Reports a service's outcome to the twin's per-reading ledger: one JSON line appended to the
// journal file TWIN_LEDGER_FILE, which the twin reads as it grows. Every function of the twin runs
// in the one serverless-offline process, so appends never interleave; a line written survives the
// process (a crash loses nothing already reported), and an overloaded twin cannot make a report
// time out. A journal that cannot be written is logged to stderr and never fails the invocation.
import { appendFileSync } from 'node:fs';

/** One line of the ledger journal: what one service invocation answered, or how it failed. */
export type LedgerReport =
  | { function: string; result: unknown }
  | { function: string; error: { name: string; message: string } };

function logFailure(functionName: string, message: string): void {
  process.stderr.write(`[local twin] ledger report of ${functionName} not written: ${message}\n`);
}

/**
 * Appends `report` as one JSON line to `file`. Never throws.
 *
 * @example
 * appendToLedger('/tmp/twin/ledger.jsonl', { function: 'demo-persister', result: { written: 1 } });
 */
export function appendToLedger(file: string, report: LedgerReport): void {
  let line: string;
  try {
    line = `${JSON.stringify(report)}\n`;
  } catch (error) {
    logFailure(report.function, `the result is not JSON (${(error as Error).message})`);
    return;
  }
  try {
    appendFileSync(file, line);
  } catch (error) {
    logFailure(report.function, (error as Error).message);
  }
}
