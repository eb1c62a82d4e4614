import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';

const plugins = require('../../src/esbuildPlugins.cjs') as Array<import('esbuild').Plugin>;

describe('esbuildPlugins (the services’ bundles)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'twinflow-esbuild-plugins-'));
    mkdirSync(path.join(dir, 'config'));
    writeFileSync(path.join(dir, 'entry.ts'), "import registry from './config/registry.json';\nimport other from './other.json';\nexport const both = { registry, other };\n");
    writeFileSync(path.join(dir, 'other.json'), '{"kept": "as esbuild bundles it"}');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const bundle = async (): Promise<string> => {
    const result = await build({ entryPoints: [path.join(dir, 'entry.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, plugins, logLevel: 'silent' });
    return result.outputFiles[0]?.text ?? '';
  };

  it('bundles config/*.json as JSON.parse of its text, with the same value', async () => {
    const registry = [{ id: 'thermostat-1', description: 'quote \' and "double" and \\ and \u2028', memorySize: 256 }];
    writeFileSync(path.join(dir, 'config', 'registry.json'), JSON.stringify(registry, null, 2));
    const code = await bundle();
    expect(code).toContain('JSON.parse(');
    const loaded = { exports: {} as { both?: unknown } };
    new Function('module', 'exports', 'require', code)(loaded, loaded.exports, require);
    expect(loaded.exports.both).toEqual({ registry, other: { kept: 'as esbuild bundles it' } });
  });

  it('fails the build naming a config file that is not valid JSON', async () => {
    writeFileSync(path.join(dir, 'config', 'registry.json'), '[{"id": "thermostat-1",]');
    await expect(bundle()).rejects.toThrow(/config[\\/]registry\.json is not valid JSON/);
  });
});
