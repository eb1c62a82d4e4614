// @twinflow/core for the deploy tooling and the services' serverless.yml: compiled in memory from
// packages/core/src with esbuild (a devDependency already), so templates and scripts take their
// names and limits from the one place that defines them without a build step first — and never
// from a stale dist.
'use strict';
const path = require('node:path');
const Module = require('node:module');

const workspaceRoot = path.resolve(__dirname, '../../..');
let core;

/** @returns {typeof import('../../../packages/core/src/index')} */
function loadCore() {
  if (core !== undefined) return core;
  const { buildSync } = require('esbuild');
  const entry = path.join(workspaceRoot, 'packages/core/src/index.ts');
  const [output] = buildSync({
    entryPoints: [entry],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    write: false,
    logLevel: 'silent',
    packages: 'external',
  }).outputFiles;
  const compiled = new Module(entry, module);
  compiled.filename = entry;
  compiled.paths = Module._nodeModulePaths(path.dirname(entry));
  compiled._compile(output.text, entry);
  core = compiled.exports;
  return core;
}

module.exports = { loadCore, workspaceRoot };
