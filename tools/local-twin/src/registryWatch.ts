// A processor generated (or removed) while the twin runs is not served until the next start:
// serverless-offline serves what it read at start. The twin says so the moment the registry changes.
import { type FSWatcher, watch } from 'node:fs';
import { loadDeviceRegistry } from '@twinflow/core';

/**
 * Watches the device registry `file` and logs, once per distinct change, which devices were added
 * or removed compared with `served`. Returns the watcher (unref'd), or undefined where the file
 * system cannot watch.
 */
export function watchRegistry(file: string, served: readonly string[], log: (line: string) => void): FSWatcher | undefined {
  let told = '';
  try {
    const watcher = watch(file, () => {
      let ids: string[];
      try {
        ids = loadDeviceRegistry(file).map((d) => d.id);
      } catch {
        return; // being written
      }
      const added = ids.filter((id) => !served.includes(id));
      const removed = served.filter((id) => !ids.includes(id));
      const change = [...added.map((id) => `${id} was added`), ...removed.map((id) => `${id} was removed`)].join(', ');
      if (change === '' || change === told) return;
      told = change;
      log(`\nthe device registry changed (${change}): restart npm start to serve it — this twin keeps serving ${served.join(', ')}`);
    });
    watcher.unref();
    return watcher;
  } catch {
    return undefined; // no watch on this file system: nothing to say
  }
}
