import { ConfigError, ProcessorOutputError, TwinflowError, ValidationError } from '../../src';

describe('TwinflowError', () => {
  it('carries name, code and cause', () => {
    // Prepare
    const cause = new Error('socket hang up');
    // Act
    const err = new TwinflowError('could not reach the table', 'TABLE_UNREACHABLE', { cause });
    // Assess
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('TwinflowError');
    expect(err.code).toBe('TABLE_UNREACHABLE');
    expect(err.cause).toBe(cause);
    expect(err.toJSON()).toEqual({
      name: 'TwinflowError',
      code: 'TABLE_UNREACHABLE',
      message: 'could not reach the table',
      cause: 'socket hang up',
    });
  });

  it('subclasses report their own name and stay instanceof the base', () => {
    const errors = [
      new ConfigError('config/twin.json', 'bad'),
      new ProcessorOutputError('bad output'),
      new ValidationError('bad field', 'payload.temp'),
    ];
    expect(errors.map((e) => e.name)).toEqual(['ConfigError', 'ProcessorOutputError', 'ValidationError']);
    for (const err of errors) expect(err).toBeInstanceOf(TwinflowError);
    expect((errors[2] as ValidationError).field).toBe('payload.temp');
  });

  it('omits cause from JSON when there is none', () => {
    expect(new TwinflowError('x').toJSON()).toEqual({ name: 'TwinflowError', code: 'TWINFLOW_ERROR', message: 'x' });
  });
});
