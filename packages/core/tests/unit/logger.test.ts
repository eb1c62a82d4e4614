import { createLogger, silentLogger } from '../../src';

describe('createLogger', () => {
  const fixedNow = () => Date.UTC(2026, 10, 24, 8, 0, 0);

  it('writes one JSON line with base, child and call fields', () => {
    // Prepare
    const lines: string[] = [];
    const log = createLogger({ level: 'debug', fields: { service: 'demo-dispatcher' }, write: (l) => lines.push(l), now: fixedNow });
    // Act
    log.child({ deviceId: 'thermostat-1', eventId: 'e1' }).info('dispatched', { attempt: 2, skipped: undefined });
    // Assess
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toEqual({
      level: 'info',
      time: '2026-11-24T08:00:00.000Z',
      message: 'dispatched',
      service: 'demo-dispatcher',
      deviceId: 'thermostat-1',
      eventId: 'e1',
      attempt: 2,
    });
  });

  it('drops lines below the level', () => {
    const lines: string[] = [];
    const log = createLogger({ level: 'warn', write: (l) => lines.push(l) });
    log.debug('a');
    log.info('b');
    log.warn('c');
    log.error('d');
    expect(lines.map((l) => JSON.parse(l).message)).toEqual(['c', 'd']);
  });

  it('renders errors as name, message and code', () => {
    const lines: string[] = [];
    const log = createLogger({ write: (l) => lines.push(l) });
    const err = Object.assign(new Error('nope'), { code: 'E1' });
    log.error('failed', { error: err });
    expect(JSON.parse(lines[0] as string).error).toEqual({ name: 'Error', message: 'nope', code: 'E1' });
  });

  it('survives unserializable fields', () => {
    const lines: string[] = [];
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    createLogger({ write: (l) => lines.push(l) }).info('x', { cyclic });
    expect(JSON.parse(lines[0] as string)).toMatchObject({ message: 'x', note: 'fields not serializable' });
  });

  it('silentLogger writes nothing and its children are silent too', () => {
    const spy = jest.spyOn(process.stdout, 'write');
    silentLogger.child({ a: 1 }).error('x');
    expect(spy).not.toHaveBeenCalled();
  });
});
