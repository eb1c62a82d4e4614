// The deploy tools' pure rules — which flags they read and which go to `serverless deploy`, the
// order stacks deploy in, the git tag that records a stage — in CommonJS, so unit tests load them
// directly (deploy.mjs and deployProject.mjs import them).
'use strict';

/** Thrown for a command line the deploy tools cannot take; the CLIs print it with their usage. */
class DeployUsageError extends Error {
  constructor(message) {
    super(message);
    this.name = 'DeployUsageError';
  }
}

/**
 * Splits a command line into the flags the deploy tools read — `--stage`/`-s`, `--region`/`-r`,
 * `--dry-run` and `own` (a list of this tool's value flags, e.g. `['since']`) plus the boolean
 * flags in `ownBooleans` — and every other argument, forwarded verbatim to `serverless deploy`.
 */
function splitDeployArgs(argv, { own = [], ownBooleans = [] } = {}) {
  const options = { stage: undefined, region: undefined, dryRun: false, forwarded: [] };
  const valueFlags = new Map([
    ['--stage', 'stage'],
    ['-s', 'stage'],
    ['--region', 'region'],
    ['-r', 'region'],
    ...own.map((name) => [`--${name}`, camel(name)]),
  ]);
  const booleans = new Map([['--dry-run', 'dryRun'], ...ownBooleans.map((name) => [`--${name}`, camel(name)])]);
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (valueFlags.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('-')) throw new DeployUsageError(`${flag} needs a value`);
      options[valueFlags.get(flag)] = value;
    } else if (booleans.has(flag)) {
      if (inline !== undefined && inline !== 'true' && inline !== 'false') throw new DeployUsageError(`${flag} takes no value (got "${inline}")`);
      options[booleans.get(flag)] = inline !== 'false';
    } else {
      options.forwarded.push(arg);
    }
  }
  return options;
}

function camel(name) {
  return name.replace(/-([a-z])/g, (_, c) => c.toUpperCase());
}

/** The `serverless deploy` command line for a stage and region (region omitted: the template's default). */
function serverlessDeployArgs({ stage, region, forwarded = [] }) {
  return ['deploy', '--stage', stage, ...(region ? ['--region', region] : []), ...forwarded];
}

/**
 * Deploy order: the persister (creates the hot table and the failure queue), the processors (invoked
 * by the wrapper), the wrapper (invoked by the dispatcher), the dispatcher (invoked by the IoT rule).
 * A deployable of another kind goes with the processors.
 */
function deployRank(project) {
  if (project.name === 'persister') return 0;
  if (project.name === 'wrapper') return 2;
  if (project.name === 'dispatcher') return 3;
  return 1;
}

/** Projects sorted into deploy order (stable: by name within a rank). */
function inDeployOrder(projects) {
  return [...projects].sort((a, b) => deployRank(a) - deployRank(b) || a.name.localeCompare(b.name));
}

/** The git tag that records a stage's last successful deploy (a region other than the twin's own has its own). */
function deployedTag(stage, region, twinRegion) {
  return region === undefined || region === twinRegion ? `twinflow/deployed/${stage}` : `twinflow/deployed/${stage}.${region}`;
}


module.exports = { DeployUsageError, splitDeployArgs, serverlessDeployArgs, deployRank, inDeployOrder, deployedTag };
