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

  describe('the device registry', () => {
    const registryBundle = async (registry: unknown): Promise<unknown> => {
      writeFileSync(path.join(dir, 'config', 'config_iot_devices.json'), JSON.stringify(registry, null, 2));
      writeFileSync(path.join(dir, 'registry.ts'), "import registry from './config/config_iot_devices.json';\nexport { registry };\n");
      const result = await build({ entryPoints: [path.join(dir, 'registry.ts')], bundle: true, platform: 'node', format: 'cjs', write: false, plugins, logLevel: 'silent' });
      const loaded = { exports: {} as { registry?: unknown } };
      new Function('module', 'exports', 'require', result.outputFiles[0]?.text ?? '')(loaded, loaded.exports, require);
      return loaded.exports.registry;
    };

    it('bundles what the services read of it: the ids, in order', async () => {
      // Act
      const bundled = await registryBundle([
        { id: 'thermostat-1', description: 'Living room', memorySize: 512, timeout: 30 },
        { id: 'pump-1' },
      ]);

      // Assess
      expect(bundled).toEqual([{ id: 'thermostat-1' }, { id: 'pump-1' }]);
    });

    it.each([
      ['a duplicate id', [{ id: 'pump-1' }, { id: 'pump-1' }], '1.id: duplicate device id "pump-1"'],
      ['a memory size out of range', [{ id: 'pump-1', memorySize: 64 }], '0.memorySize'],
      ['an id that cannot be part of a function name', [{ id: 'Pump_1' }], '0.id: must match'],
    ])('fails the build on %s, naming the file and the entry', async (_case, registry, issue) => {
      // Act / Assess
      await expect(registryBundle(registry)).rejects.toThrow(/config_iot_devices\.json: invalid configuration/);
      await expect(registryBundle(registry)).rejects.toThrow(issue);
    });
  });

  describe('the default credential chain', () => {
    const ENV = ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE', 'AWS_CONFIG_FILE', 'AWS_SHARED_CREDENTIALS_FILE'] as const;
    const saved = Object.fromEntries(ENV.map((name) => [name, process.env[name]]));
    afterEach(() => {
      for (const name of ENV) {
        if (saved[name] === undefined) delete process.env[name];
        else process.env[name] = saved[name];
      }
    });

    /** A bundle of an entry that builds a client's credential provider the way the SDK does. */
    const chainBundle = async (): Promise<{ code: string; provider: (init?: Record<string, unknown>) => () => Promise<Record<string, unknown>> }> => {
      writeFileSync(path.join(dir, 'chain.ts'), "export { defaultProvider } from '@aws-sdk/credential-provider-node';\n");
      const result = await build({ entryPoints: [path.join(dir, 'chain.ts')], bundle: true, platform: 'node', format: 'cjs', mainFields: ['module', 'main'], write: false, plugins, logLevel: 'silent', nodePaths: [path.join(__dirname, '../../../../node_modules')] });
      const code = result.outputFiles[0]?.text ?? '';
      const loaded = { exports: {} as { defaultProvider?: (init?: Record<string, unknown>) => () => Promise<Record<string, unknown>> } };
      new Function('module', 'exports', 'require', code)(loaded, loaded.exports, require);
      if (loaded.exports.defaultProvider === undefined) throw new Error('the bundle exports no defaultProvider');
      return { code, provider: loaded.exports.defaultProvider };
    };

    it('bundles the environment link only and leaves the rest of the chain to the runtime', async () => {
      // Act
      const { code } = await chainBundle();

      // Assess
      expect(code.match(/require\("@aws-sdk\/credential-provider-node"\)/g)).toHaveLength(1);
      expect(code).toContain('AWS_ACCESS_KEY_ID');
      for (const left of ['fromIni', 'fromSSO', 'fromTokenFile', 'fromInstanceMetadata', 'AssumeRoleWithWebIdentity']) expect(code).not.toContain(left);
    });

    it("answers with the environment's credentials, as Lambda sets them", async () => {
      // Prepare
      process.env['AWS_ACCESS_KEY_ID'] = 'AKIDLAMBDA';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'secret';
      process.env['AWS_SESSION_TOKEN'] = 'token';
      delete process.env['AWS_PROFILE'];
      const { provider } = await chainBundle();

      // Act
      const credentials = await provider({})();

      // Assess
      expect(credentials).toMatchObject({ accessKeyId: 'AKIDLAMBDA', secretAccessKey: 'secret', sessionToken: 'token' });
    });

    it("goes to the SDK's whole chain when a profile is named, as the SDK does", async () => {
      // Prepare: a profile in a credentials file of its own, and environment credentials it must win over
      const credentialsFile = path.join(dir, 'credentials');
      writeFileSync(credentialsFile, '[twinflow-test]\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = profile-secret\n');
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentialsFile;
      process.env['AWS_CONFIG_FILE'] = path.join(dir, 'no-config');
      process.env['AWS_ACCESS_KEY_ID'] = 'AKIDENV';
      process.env['AWS_SECRET_ACCESS_KEY'] = 'env-secret';
      const { provider } = await chainBundle();
      const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);

      // Act
      const viaInit = await provider({ profile: 'twinflow-test' })();
      process.env['AWS_PROFILE'] = 'twinflow-test';
      const viaEnv = await provider({})();
      warn.mockRestore();

      // Assess
      expect(viaInit).toMatchObject({ accessKeyId: 'AKIDPROFILE', secretAccessKey: 'profile-secret' });
      expect(viaEnv).toMatchObject({ accessKeyId: 'AKIDPROFILE' });
    });

    it("goes to the SDK's whole chain when the environment has no credentials", async () => {
      // Prepare: a profile file the chain's ini link reads as the default profile
      const credentialsFile = path.join(dir, 'credentials');
      writeFileSync(credentialsFile, '[default]\naws_access_key_id = AKIDDEFAULT\naws_secret_access_key = default-secret\n');
      process.env['AWS_SHARED_CREDENTIALS_FILE'] = credentialsFile;
      process.env['AWS_CONFIG_FILE'] = path.join(dir, 'no-config');
      for (const name of ['AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_PROFILE']) delete process.env[name];
      const { provider } = await chainBundle();

      // Act / Assess
      await expect(provider({})()).resolves.toMatchObject({ accessKeyId: 'AKIDDEFAULT', secretAccessKey: 'default-secret' });
    });
  });
});
