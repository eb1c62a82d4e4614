// The journal the services' shims append their results to (TWIN_LEDGER_FILE), read as it grows.
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

const CHUNK_BYTES = 1 << 20;

/** A journal being followed; see {@link openJournal}. */
export interface LedgerJournal {
  /** Hands every complete line appended since the last call to `onReport`. */
  drain(): void;
  /** Closes the file. */
  close(): void;
}

/**
 * Creates (empties) `file` and returns a reader: `drain()` hands every complete line appended
 * since the last call to `onReport` (parsed JSON; a line still being written waits for the next
 * drain). An unreadable line is skipped: a report only moves progress along, the final account
 * reads the tables themselves.
 *
 * @example
 * ```ts
 * const journal = openJournal(path.join(workDir, 'ledger.jsonl'), (report) => ledger.report(report));
 * setInterval(() => journal.drain(), 250);
 * ```
 */
export function openJournal(file: string, onReport: (report: unknown) => void): LedgerJournal {
  writeFileSync(file, '');
  const fd = openSync(file, 'r');
  let offset = 0;
  let partial = '';
  const buffer = Buffer.alloc(CHUNK_BYTES);
  // A character cut by a chunk's end is completed by the next chunk, not garbled.
  const decoder = new StringDecoder('utf8');
  return {
    drain() {
      for (;;) {
        const size = fstatSync(fd).size;
        if (size <= offset) return;
        const read = readSync(fd, buffer, 0, Math.min(CHUNK_BYTES, size - offset), offset);
        offset += read;
        const lines = (partial + decoder.write(buffer.subarray(0, read))).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') continue;
          try {
            onReport(JSON.parse(line));
          } catch {
            // skipped (see above); a report `onReport` fails on only moves nothing along either
          }
        }
      }
    },
    close: () => closeSync(fd),
  };
}
