// The deploy tools' pure rules: which flags they read and which go to `serverless deploy`, the
// order stacks deploy in, the git tag that records a stage.
import { parseArgs } from 'node:util';
import { DeployUsageError } from './errors';

/** `allow-dirty` → `allowDirty`. */
type CamelCase<S extends string> = S extends `${infer Head}-${infer Tail}` ? `${Head}${Capitalize<CamelCase<Tail>>}` : S;

/** What every deploy tool reads from its command line; every other argument is `forwarded`. */
export type DeployArgs = {
  stage: string | undefined;
  region: string | undefined;
  dryRun: boolean;
  /** Every argument the deploy tools do not read, verbatim and in order, for `serverless deploy`. */
  forwarded: string[];
};

/** A tool's own flags beside the common ones: value flags (`own`) and boolean flags (`ownBooleans`), kebab-case. */
export type OwnFlags<V extends string, B extends string> = { own?: readonly V[]; ownBooleans?: readonly B[] };

/** {@link DeployArgs} plus a tool's own flags, camelCased: a value flag's string (when given), a boolean flag's value. */
export type DeployArgsWith<V extends string, B extends string> = DeployArgs & { [K in V as CamelCase<K>]?: string } & { [K in B as CamelCase<K>]: boolean };

const camel = (name: string): string => name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/**
 * Splits a command line into the flags the deploy tools read — `--stage`/`-s`, `--region`/`-r`,
 * `--dry-run` and a tool's own flags — and every other argument, forwarded verbatim to
 * `serverless deploy` (everything after `--` included).
 *
 * @throws {DeployUsageError} a value flag without a value, a boolean flag with a value other than true/false.
 * @example
 * ```ts
 * splitDeployArgs(['--stage', 'dev', '--since', 'v1', '--force'], { own: ['since'], ownBooleans: ['all'] });
 * // → { stage: 'dev', region: undefined, dryRun: false, since: 'v1', all: false, forwarded: ['--force'] }
 * ```
 */
export function splitDeployArgs<V extends string = never, B extends string = never>(argv: readonly string[], flags: OwnFlags<V, B> = {}): DeployArgsWith<V, B> {
  const own = flags.own ?? [];
  const ownBooleans = flags.ownBooleans ?? [];
  const strings = ['stage', 'region', ...own];
  const booleans = ['dry-run', ...ownBooleans];
  const { tokens } = parseArgs({
    args: [...argv],
    strict: false,
    allowPositionals: true,
    tokens: true,
    options: {
      stage: { type: 'string', short: 's' },
      region: { type: 'string', short: 'r' },
      ...Object.fromEntries(own.map((name) => [name, { type: 'string' as const }])),
      ...Object.fromEntries(booleans.map((name) => [name, { type: 'boolean' as const }])),
    },
  });
  const read: Record<string, string | boolean | undefined> = { stage: undefined, region: undefined, ...Object.fromEntries(booleans.map((name) => [camel(name), false])) };
  const forwarded: string[] = [];
  const forwardedIndexes = new Set<number>();
  const forward = (index: number): void => {
    if (forwardedIndexes.has(index)) return; // a group of short flags (-abc) is one argument
    forwardedIndexes.add(index);
    forwarded.push(argv[index] as string);
  };
  let terminated = false;
  for (const token of tokens) {
    if (terminated || token.kind === 'positional') forward(token.index);
    else if (token.kind === 'option-terminator') {
      terminated = true;
      forward(token.index);
    } else if (strings.includes(token.name)) {
      if (token.value === undefined || token.value === '' || token.value.startsWith('-')) throw new DeployUsageError(`${token.rawName} needs a value`);
      read[camel(token.name)] = token.value;
    } else if (booleans.includes(token.name)) {
      if (token.value !== undefined && token.value !== 'true' && token.value !== 'false') throw new DeployUsageError(`${token.rawName} takes no value (got "${token.value}")`);
      read[camel(token.name)] = token.value !== 'false';
    } else forward(token.index);
  }
  return { ...read, forwarded } as DeployArgsWith<V, B>;
}

/** The `serverless deploy` command line for a stage and region (region omitted: the template's default). */
export function serverlessDeployArgs({ stage, region, forwarded = [] }: { stage: string; region?: string | undefined; forwarded?: readonly string[] }): string[] {
  return ['deploy', '--stage', stage, ...(region ? ['--region', region] : []), ...forwarded];
}

/** A project with a `deploy` target, as the project graph names it. */
export type Deployable = { name: string; root: string };

/**
 * Deploy order: the persister (creates the hot table and the failure queue), the processors (invoked
 * by the wrapper), the wrapper (invoked by the dispatcher), the dispatcher (invoked by the IoT rule).
 * A deployable of another kind goes with the processors.
 */
export function deployRank(project: Pick<Deployable, 'name'>): number {
  if (project.name === 'persister') return 0;
  if (project.name === 'wrapper') return 2;
  if (project.name === 'dispatcher') return 3;
  return 1;
}

/** Projects sorted into deploy order (stable: by name within a rank). */
export function inDeployOrder<P extends Pick<Deployable, 'name'>>(projects: readonly P[]): P[] {
  return [...projects].sort((a, b) => deployRank(a) - deployRank(b) || a.name.localeCompare(b.name));
}

/** The git tag that records a stage's last successful deploy (a region other than the twin's own has its own). */
export function deployedTag(stage: string, region: string | undefined, twinRegion: string): string {
  return region === undefined || region === twinRegion ? `twinflow/deployed/${stage}` : `twinflow/deployed/${stage}.${region}`;
}
