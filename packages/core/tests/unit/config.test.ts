import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ConfigError, UnknownDeviceError, createDeviceLookup, loadDeviceRegistry, loadTwinConfig, parseDeviceRegistry, parseTwinConfig } from '../../src';

describe('twin config', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'twinflow-core-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const write = (name: string, text: string): string => {
    const file = path.join(dir, name);
    writeFileSync(file, text);
    return file;
  };

  it('loads a valid file and applies defaults', () => {
    const file = write('twin.json', JSON.stringify({ twinName: 'demo', region: 'eu-central-1' }));
    expect(loadTwinConfig(file)).toEqual({ twinName: 'demo', region: 'eu-central-1', retentionDays: 30, maxReadingBytes: 65536, stages: ['dev'] });
  });

  it('names the file and every bad field', () => {
    const file = write('twin.json', JSON.stringify({ twinName: 'Demo Twin', region: 'eu-central-1', retentionDays: 0 }));
    let caught: unknown;
    try {
      loadTwinConfig(file);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const err = caught as ConfigError;
    expect(err.file).toBe(file);
    expect(err.message).toContain(file);
    expect(err.issues.map((i) => i.path).sort()).toEqual(['retentionDays', 'twinName']);
    expect(err.message).toMatch(/twinName: must be 1-24 lowercase letters/);
  });

  it('reports a missing file', () => {
    expect(() => loadTwinConfig(path.join(dir, 'nope.json'))).toThrow(/nope\.json: cannot read file \(ENOENT\)/);
  });

  it('reports malformed JSON with the file name', () => {
    const file = write('twin.json', '{ "twinName": ');
    expect(() => loadTwinConfig(file)).toThrow(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: not valid JSON`));
  });

  it('labels inline input with the default file name', () => {
    expect(() => parseTwinConfig({ twinName: 'demo', region: 'mars' })).toThrow(/^config\/twin\.json: invalid configuration — region/);
  });

  it.each([
    [{ twinName: 5, region: 'eu-central-1' }, 'twinName: must be a string'],
    [{ twinName: 'demo', region: 'eu-central-1', retentionDays: 0 }, 'retentionDays: must be an integer from 1 to 3650'],
    [{ twinName: 'demo', region: 'eu-central-1', retentionDays: 1.5 }, 'retentionDays: must be an integer from 1 to 3650'],
    [{ twinName: 'demo', region: 'eu-central-1', maxReadingBytes: '64k' }, 'maxReadingBytes: must be an integer from 256 to 245760'],
    [[], '(root): must be an object'],
  ])('says in plain words what is wrong with %j', (value, message) => {
    expect(() => parseTwinConfig(value)).toThrow(`config/twin.json: invalid configuration — ${message}`);
  });

  it('applies the defaults', () => {
    expect(parseTwinConfig({ twinName: 'demo', region: 'eu-central-1' })).toEqual({ twinName: 'demo', region: 'eu-central-1', retentionDays: 30, maxReadingBytes: 65536, stages: ['dev'] });
  });

  describe('stages', () => {
    const base = { twinName: 'demo', region: 'eu-central-1' };

    it('defaults to the default stage only, a fresh array each time', () => {
      // Act
      const first = parseTwinConfig(base);
      first.stages.push('prod');
      const second = parseTwinConfig(base);
      // Assess
      expect(second.stages).toEqual(['dev']);
    });

    it('keeps the configured stages in their order', () => {
      expect(parseTwinConfig({ ...base, stages: ['prod', 'dev', 'qa2'] }).stages).toEqual(['prod', 'dev', 'qa2']);
      expect(parseTwinConfig({ ...base, stages: ['prod'] }).stages).toEqual(['prod']);
    });

    it.each([
      [['dev', 'prod-eu'], 'stages.1: must be 1-16 lowercase letters and digits, starting with a letter'],
      [['Prod'], 'stages.0: must be 1-16 lowercase letters and digits, starting with a letter'],
      [['p'.repeat(17)], 'stages.0: must be 1-16 lowercase letters and digits, starting with a letter'],
      [[''], 'stages.0: must be 1-16 lowercase letters and digits, starting with a letter'],
      [['dev', 7], 'stages.1: must be a string'],
      [['processor'], `stages.0: "processor" is reserved: the default stage's processor wildcard would match its functions`],
      [['dev', 'prod', 'dev'], 'stages.2: duplicate stage "dev"'],
      [[], 'stages: must list at least one stage'],
      ['dev', 'stages: must be an array of stage names'],
      [null, 'stages: must be an array of stage names'],
    ])('rejects stages %j: %s', (stages, message) => {
      // Act
      let caught: unknown;
      try {
        parseTwinConfig({ ...base, stages });
      } catch (err) {
        caught = err;
      }
      // Assess
      expect(caught).toBeInstanceOf(ConfigError);
      expect((caught as ConfigError).message).toBe(`config/twin.json: invalid configuration — ${message}`);
    });
  });

  it('loads the repository twin config', () => {
    const twin = loadTwinConfig(path.join(__dirname, '../../../../config/twin.json'));
    expect(twin.twinName).toBe('demo');
    expect(twin.stages.length).toBeGreaterThan(0);
  });
});

describe('device registry', () => {
  it('accepts unique valid devices', () => {
    const registry = parseDeviceRegistry([{ id: 'thermostat-1', description: 'hall' }, { id: 'pressure-sensor-1', memorySize: 256 }]);
    expect(registry.map((d) => d.id)).toEqual(['thermostat-1', 'pressure-sensor-1']);
  });

  it('rejects duplicates, naming the entry', () => {
    expect(() => parseDeviceRegistry([{ id: 'a' }, { id: 'b' }, { id: 'a' }])).toThrow(/2\.id: duplicate device id "a"/);
  });

  it('rejects invalid ids, naming the entry', () => {
    let caught: unknown;
    try {
      parseDeviceRegistry([{ id: 'ok' }, { id: '../evil' }]);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    expect((caught as ConfigError).issues).toEqual([{ path: '1.id', message: expect.stringContaining('must match') }]);
  });

  it('rejects a non-array', () => {
    expect(() => parseDeviceRegistry({ id: 'a' })).toThrow('(root): must be an array of devices');
  });

  it.each([
    [[{ id: 'a', memorySize: 64 }], '0.memorySize: must be an integer from 128 to 10240'],
    [[{ id: 'a', timeout: 'long' }], '0.timeout: must be an integer from 1 to 900'],
    [[{ id: 'a', description: 'x'.repeat(300) }], '0.description: must be at most 256 characters'],
    [['a'], '0: must be an object'],
  ])('says in plain words what is wrong with %j', (value, message) => {
    expect(() => parseDeviceRegistry(value)).toThrow(message);
  });

  it('loads the repository registry', () => {
    expect(Array.isArray(loadDeviceRegistry(path.join(__dirname, '../../../../config/config_iot_devices.json')))).toBe(true);
  });
});

describe('createDeviceLookup', () => {
  const lookup = createDeviceLookup(parseDeviceRegistry([{ id: 'thermostat-1', description: 'hall' }, { id: 'pump-7' }]));

  it('finds registered devices', () => {
    expect(lookup.has('pump-7')).toBe(true);
    expect(lookup.get('thermostat-1')).toEqual({ id: 'thermostat-1', description: 'hall' });
    expect(lookup.ids).toEqual(['thermostat-1', 'pump-7']);
  });

  it('throws UnknownDeviceError for an unregistered device, telling how to add it', () => {
    expect(lookup.has('pump-8')).toBe(false);
    expect(() => lookup.get('pump-8')).toThrow(UnknownDeviceError);
    expect(() => lookup.get('pump-8')).toThrow(/nx g processor pump-8/);
  });
});
