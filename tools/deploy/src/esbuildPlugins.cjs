// esbuild plugins of the services' bundles (serverless-esbuild `plugins:` in
// apps/serverless.shared.yml; CommonJS because serverless-esbuild require()s it from each service).
//
// jsonAsParse: the twin's config files (config/*.json — the device registry above all) are bundled
// as `export default JSON.parse('…')` instead of esbuild's object literal (they are imported by
// their default export only). V8 parses a JSON string several times faster than the same data as
// JavaScript source, so a registry of 10,000 devices costs the dispatcher's cold start about half
// as much (bench/registryScale.ts). The file must be valid JSON: a broken one fails the build
// naming it.
//
// The device registry (config/config_iot_devices.json) is validated here, at build time, by core's
// own parseDeviceRegistry (a broken entry fails `nx package` naming the file and the entry, before
// anything is deployed), and bundled with what the services read of it at run time only: each
// device's id (the dispatcher's check). Description, memory and timeout are deploy-time settings
// of the processors. A registry of 10,000 devices is then a fifth of the bytes a cold start parses
// and indexes (bench/registryScale.ts); the dispatcher still checks what it gets at cold start.
//
// envCredentialsFirst: every SDK client imports the default credential chain
// (@aws-sdk/credential-provider-node), and with it the providers of SSO, ini files, processes, web
// identity and instance metadata and the STS/SSO clients they use: about a fifth of a service's
// bundle, which a cold start parses and never runs on Lambda (the runtime puts the function's
// credentials in its environment). The chain resolves to envCredentialsFirst.cjs instead: the
// environment's credentials, bundled, and the whole chain required from the runtime's SDK (left
// out of the bundle) only when the environment has none. bench/bundles.ts measures the cold start.
const { readFile } = require('node:fs/promises');
const Module = require('node:module');
const path = require('node:path');

/** The repository root (this file is tools/deploy/src/esbuildPlugins.cjs). */
const WORKSPACE = path.resolve(__dirname, '..', '..', '..');
/** The device registry's file name. */
const REGISTRY_FILE = 'config_iot_devices.json';
/** What the services read of a registry entry at run time. */
const REGISTRY_FIELDS_AT_RUN_TIME = ['id'];

/** config/<name>.json, the files `@twinflow/config/*.json` resolves to. */
const CONFIG_JSON = /[\\/]config[\\/][^\\/]+\.json$/;

/** @type {import('esbuild').Plugin} */
const jsonAsParse = {
  name: 'twinflow-json-as-parse',
  setup(build) {
    build.onLoad({ filter: CONFIG_JSON }, async ({ path: file }) => {
      const text = await readFile(file, 'utf8');
      let value;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { errors: [{ text: `${file} is not valid JSON: ${error.message}` }] };
      }
      if (path.basename(file) === REGISTRY_FILE) {
        try {
          value = runTimeRegistry(build.esbuild, value, labelOf(file));
        } catch (error) {
          return { errors: [{ text: error.message }] };
        }
      }
      // An ES module's default export: as CommonJS, a default import would copy every property of the
      // value onto an interop object (10,000 getters for a registry of 10,000 devices).
      return { contents: `export default JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`, loader: 'js' };
    });
  },
};

/** A file as error messages name it: relative to the repository when it is in it. */
const labelOf = (file) => {
  const relative = path.relative(WORKSPACE, file);
  return relative.startsWith('..') || path.isAbsolute(relative) ? file : relative.split(path.sep).join('/');
};

/**
 * The registry as the services read it: validated by core's `parseDeviceRegistry` (which throws
 * a ConfigError naming `file` and each offending entry), each entry cut to
 * {@link REGISTRY_FIELDS_AT_RUN_TIME}.
 */
function runTimeRegistry(esbuild, value, file) {
  const registry = coreRegistry(esbuild).parseDeviceRegistry(value, file);
  return registry.map((entry) => Object.fromEntries(REGISTRY_FIELDS_AT_RUN_TIME.filter((key) => key in entry).map((key) => [key, entry[key]])));
}

let core;
/** packages/core's registry module, built from its source once per process (no package has to be built first). */
function coreRegistry(esbuild) {
  if (core !== undefined) return core;
  const entry = path.join(WORKSPACE, 'packages', 'core', 'src', 'config', 'deviceRegistry.ts');
  const { outputFiles } = esbuild.buildSync({ entryPoints: [entry], bundle: true, platform: 'node', format: 'cjs', target: 'node20', write: false, logLevel: 'silent' });
  const loaded = new Module(entry);
  loaded.filename = entry;
  loaded.paths = Module._nodeModulePaths(path.dirname(entry));
  loaded._compile(outputFiles[0].text, entry);
  core = loaded.exports;
  return core;
}

/** The module the default credential chain resolves to in a bundle. */
const ENV_CREDENTIALS_FIRST = path.join(__dirname, 'envCredentialsFirst.cjs');
/** The SDK's default credential chain, as its clients import it. */
const DEFAULT_CHAIN = /^@aws-sdk\/credential-provider-node$/;

/** @type {import('esbuild').Plugin} */
const envCredentialsFirst = {
  name: 'twinflow-env-credentials-first',
  setup(build) {
    build.onResolve({ filter: DEFAULT_CHAIN }, ({ path: specifier, importer }) =>
      // envCredentialsFirst.cjs's own fallback stays a require() of the runtime's SDK.
      importer === ENV_CREDENTIALS_FIRST ? { path: specifier, external: true } : { path: ENV_CREDENTIALS_FIRST },
    );
  },
};

module.exports = [jsonAsParse, envCredentialsFirst];
module.exports.jsonAsParse = jsonAsParse;
module.exports.envCredentialsFirst = envCredentialsFirst;
