// Loaded with `--require` into the twin's serverless-offline (see offline.ts): when the twin that
// started it is gone without stopping it — a kill -9, a crash that skipped its exit hooks — its
// parent pid changes, and the endpoint takes its whole process group (it leads one: it is started
// detached) with it. No Lambda endpoint outlives the twin, and no port stays held for the next start.
const parent = process.ppid;
const timer = setInterval(() => {
  if (process.ppid === parent) return;
  try {
    process.kill(-process.pid, 'SIGKILL');
  } catch {
    process.exit(1);
  }
}, 250);
timer.unref();
