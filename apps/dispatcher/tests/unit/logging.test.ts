import { InvokeCommand, LambdaClient, TooManyRequestsException } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { buildDispatcher, reading } from './fixtures';

const lambdaMock = mockClient(LambdaClient);

describe('createDispatcher logging', () => {
  beforeEach(() => {
    lambdaMock.reset();
  });

  it('writes structured lines where every line about a reading carries twin, deviceId and eventId', async () => {
    // Prepare
    lambdaMock
      .on(InvokeCommand)
      .rejectsOnce(new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 } }))
      .resolves({ StatusCode: 202 });
    const { dispatch, lines } = buildDispatcher();

    // Act
    const result = await dispatch([reading(0), reading(1, 'pump-9'), reading(2, 'thermostat-2'), 'not json']);

    // Assess
    const readingLines = lines.filter((line) => typeof line['message'] === 'string' && (line['message'] as string).startsWith('reading '));
    expect(readingLines).toHaveLength(4);
    for (const line of readingLines) {
      expect(line).toMatchObject({ service: 'demo-dispatcher', twin: 'demo' });
      expect(line).toHaveProperty('deviceId');
      expect(line).toHaveProperty('eventId');
      expect(line).toHaveProperty('index');
    }
    const byIndex = new Map(readingLines.map((line) => [line['index'], line]));
    for (const outcome of result.results) {
      expect(byIndex.get(outcome.index)).toMatchObject({ deviceId: outcome.deviceId ?? null, eventId: outcome.eventId ?? null });
    }
    expect(byIndex.get(0)).toMatchObject({ level: 'info', message: 'reading dispatched', deviceId: 'thermostat-1' });
    expect(byIndex.get(1)).toMatchObject({ level: 'warn', message: 'reading failed', reason: 'unknown-device', deviceId: 'pump-9' });
    expect(byIndex.get(3)).toMatchObject({ level: 'warn', reason: 'malformed-json', deviceId: null, eventId: null });
    // Lines of the adapter and the summary carry the service fields too.
    expect(lines.every((line) => line['twin'] === 'demo' && line['service'] === 'demo-dispatcher')).toBe(true);
    expect(lines.some((line) => line['message'] === 'lambda invoke retrying')).toBe(true);
    expect(lines.at(-1)).toMatchObject({ message: 'dispatch finished', received: 4, dispatched: 2, failed: 2 });
  });
});
