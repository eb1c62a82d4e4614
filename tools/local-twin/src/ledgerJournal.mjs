// The journal the services' shims append their results to (TWIN_LEDGER_FILE), read as it grows.
import { closeSync, fstatSync, openSync, readSync, writeFileSync } from 'node:fs';

const CHUNK_BYTES = 1 << 20;

/**
 * Creates (empties) `file` and returns a reader: `drain()` hands every complete line appended
 * since the last call to `onReport` (parsed JSON). An unreadable line is skipped: a report only
 * moves progress along, the final account reads the tables themselves.
 */
export function openJournal(file, onReport) {
  writeFileSync(file, '');
  const fd = openSync(file, 'r');
  let offset = 0;
  let partial = '';
  const buffer = Buffer.alloc(CHUNK_BYTES);
  return {
    drain() {
      for (;;) {
        const size = fstatSync(fd).size;
        if (size <= offset) return;
        const read = readSync(fd, buffer, 0, Math.min(CHUNK_BYTES, size - offset), offset);
        offset += read;
        const lines = (partial + buffer.toString('utf8', 0, read)).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) {
          if (line === '') continue;
          try {
            onReport(JSON.parse(line));
          } catch {
            // skipped (see above)
          }
        }
      }
    },
    close: () => closeSync(fd),
  };
}
