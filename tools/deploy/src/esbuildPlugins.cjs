// esbuild plugins of the services' bundles (serverless-esbuild `plugins:` in
// apps/serverless.shared.yml; CommonJS because serverless-esbuild require()s it from each service).
//
// jsonAsParse: the twin's config files (config/*.json — the device registry above all) are bundled
// as `module.exports = JSON.parse('…')` instead of esbuild's object literal. V8 parses a JSON
// string several times faster than the same data as JavaScript source, so a registry of 10,000
// devices costs the dispatcher's cold start about half as much (bench/registryScale.ts). The file
// must be valid JSON: a broken one fails the build naming it (the dispatcher then still validates
// the registry's entries at cold start).
const { readFile } = require('node:fs/promises');

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

module.exports = [jsonAsParse];
module.exports.jsonAsParse = jsonAsParse;
