// esbuild plugins of the services' bundles (serverless-esbuild `plugins:` in
// apps/serverless.shared.yml; CommonJS because serverless-esbuild require()s it from each service).
//
// jsonAsParse: the twin's config files (config/*.json — the device registry above all) are bundled
// as `module.exports = JSON.parse('…')` instead of esbuild's object literal. V8 parses a JSON
// string several times faster than the same data as JavaScript source, so a registry of 10,000
// devices costs the dispatcher's cold start about half as much (bench/registryScale.ts). The file
// must be valid JSON: a broken one fails the build naming it (the dispatcher then still validates
// the registry's entries at cold start).
//
// envCredentialsFirst: every SDK client imports the default credential chain
// (@aws-sdk/credential-provider-node), and with it the providers of SSO, ini files, processes, web
// identity and instance metadata and the STS/SSO clients they use: about a fifth of a service's
// bundle, which a cold start parses and never runs on Lambda (the runtime puts the function's
// credentials in its environment). The chain resolves to envCredentialsFirst.cjs instead: the
// environment's credentials, bundled, and the whole chain required from the runtime's SDK (left
// out of the bundle) only when the environment has none. bench/bundles.ts measures the cold start.
const { readFile } = require('node:fs/promises');
const path = require('node:path');

/** config/<name>.json, the files `@twinflow/config/*.json` resolves to. */
const CONFIG_JSON = /[\\/]config[\\/][^\\/]+\.json$/;

/** @type {import('esbuild').Plugin} */
const jsonAsParse = {
  name: 'twinflow-json-as-parse',
  setup(build) {
    build.onLoad({ filter: CONFIG_JSON }, async ({ path }) => {
      const text = await readFile(path, 'utf8');
      let value;
      try {
        value = JSON.parse(text);
      } catch (error) {
        return { errors: [{ text: `${path} is not valid JSON: ${error.message}` }] };
      }
      return { contents: `module.exports = JSON.parse(${JSON.stringify(JSON.stringify(value))});\n`, loader: 'js' };
    });
  },
};

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
