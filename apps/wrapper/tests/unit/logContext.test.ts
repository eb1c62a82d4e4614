import { createLogger } from '@twinflow/core';
import { contextualLogger, withLogFields } from '../../src/logContext';

describe('contextualLogger', () => {
  const capture = () => {
    const lines: Array<Record<string, unknown>> = [];
    const base = createLogger({ level: 'debug', fields: { twin: 'demo' }, write: (line) => void lines.push(JSON.parse(line) as Record<string, unknown>) });
    return { lines, logger: contextualLogger(base) };
  };

  it('adds the fields in context to every line, even across awaits and concurrent work', async () => {
    // Prepare
    const { lines, logger } = capture();
    const work = async (eventId: string, delay: number): Promise<void> => {
      await new Promise((resolve) => setTimeout(resolve, delay));
      logger.info('inside', { step: 1 });
    };

    // Act
    await Promise.all([withLogFields({ eventId: 'e1' }, () => work('e1', 5)), withLogFields({ eventId: 'e2' }, () => work('e2', 1))]);
    logger.warn('outside');

    // Assess
    expect(lines).toEqual([
      expect.objectContaining({ message: 'inside', twin: 'demo', eventId: 'e2', step: 1 }),
      expect.objectContaining({ message: 'inside', twin: 'demo', eventId: 'e1', step: 1 }),
      expect.not.objectContaining({ eventId: expect.anything() }),
    ]);
  });

  it('keeps adding the context to a child', async () => {
    // Prepare
    const { lines, logger } = capture();

    // Act
    await withLogFields({ deviceId: 'thermostat-1' }, async () => logger.child({ component: 'x' }).debug('child line'));

    // Assess
    expect(lines[0]).toMatchObject({ level: 'debug', twin: 'demo', component: 'x', deviceId: 'thermostat-1' });
  });
});
