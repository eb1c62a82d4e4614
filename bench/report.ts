// How a benchmark's result is printed, by `npm run bench` and by a benchmark run alone.

/** What every benchmark returns: a name, figures, and rows for a table. */
export type BenchResult = { name: string; rows?: readonly object[] };

/** Prints `result`: its name, its figures on one line, its rows as a table. */
export function printResult(result: BenchResult): void {
  const { name, rows, ...figures } = result;
  console.log(`\n${name}`);
  if (Object.keys(figures).length > 0) {
    console.log(
      Object.entries(figures)
        .map(([k, v]) => `${k}: ${String(v)}`)
        .join('  '),
    );
  }
  if (rows) console.table(rows);
}

/** Runs a benchmark file's `main` when the file is run alone; an error sets exit code 1. */
export function runAlone(module: NodeJS.Module, main: () => Promise<void>): void {
  if (require.main !== module) return;
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
