// 5. Affected builds: in a temporary git copy with 50 generated processors, the time to build
// every processor vs `nx affected -t build` after changing one handler, and a fully cached
// rebuild — ratios of wall-clock time, same run. Full mode only (it takes a few minutes).
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';

const tenths = (x: number): number => Math.round(x * 10) / 10;

/** Build all vs affected vs cached, with `processors` generated processors beside the repository's own. */
export function affectedBuilds({ workspace, processors }: { workspace: string; processors: number }) {
  const copy = path.join(mkdtempSync(path.join(tmpdir(), 'twinflow-affected-bench-')), 'repo');
  const env = { ...process.env, FORCE_COLOR: '0', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_CACHE_DIRECTORY: path.join(copy, '.nx', 'cache') };
  const nxBin = path.join(workspace, 'node_modules/nx/dist/bin/nx.js');
  const nx = (...args: string[]): void => void execFileSync(process.execPath, [nxBin, ...args], { cwd: copy, env, stdio: ['ignore', 'ignore', 'pipe'] });
  const git = (...args: string[]): void => void execFileSync('git', args, { cwd: copy, stdio: ['ignore', 'ignore', 'pipe'] });
  const timed = (fn: () => void): number => {
    const started = performance.now();
    fn();
    return (performance.now() - started) / 1000;
  };
  try {
    execFileSync('git', ['clone', '--quiet', workspace, copy]);
    symlinkSync(path.join(workspace, 'node_modules'), path.join(copy, 'node_modules'));
    git('config', 'user.email', 'bench@twinflow.local');
    git('config', 'user.name', 'bench');
    for (let n = 1; n <= processors; n += 1) nx('g', 'processor', `bench-${n}`);
    git('add', '-A');
    git('commit', '-q', '-m', 'bench: processors');
    const all = timed(() => nx('run-many', '-t', 'build', '--projects=processor-*', '--skip-nx-cache'));
    nx('run-many', '-t', 'build', '--projects=processor-*'); // fill the cache
    appendFileSync(path.join(copy, 'processors/bench-1/src/handler.ts'), '\n// changed\n');
    git('commit', '-q', '-am', 'bench: change one processor');
    const affected = timed(() => nx('affected', '-t', 'build', '--base=HEAD~1', '--head=HEAD'));
    const cached = timed(() => nx('run-many', '-t', 'build', '--projects=processor-*'));
    return {
      name: `affected builds (${processors + 2} processors)`,
      rows: [{ buildAllS: tenths(all), affectedOneS: tenths(affected), cachedAllS: tenths(cached), allVsAffected: tenths(all / affected), allVsCached: tenths(all / cached), goal: '≥ 10' }],
    };
  } finally {
    rmSync(path.dirname(copy), { recursive: true, force: true });
  }
}
