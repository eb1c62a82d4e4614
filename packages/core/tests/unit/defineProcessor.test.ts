import { ProcessorOutputError, ValidationError, defineProcessor, type TelemetryEvent } from '../../src';

const event: TelemetryEvent = {
  twin: 'demo',
  deviceId: 'thermostat-1',
  timestamp: '2026-11-24T08:00:00.000Z',
  eventId: 'e1',
  payload: { temperature: 68 },
  receivedAt: '2026-11-24T08:00:01.000Z',
};

describe('defineProcessor', () => {
  it('passes the event and context through and returns the output', async () => {
    // Prepare
    const fn = jest.fn(async (e: TelemetryEvent) => ({ device: e.deviceId, doubled: Number(e.payload['temperature']) * 2 }));
    const handler = defineProcessor(fn);
    // Act
    const result = await handler(event, { awsRequestId: 'r1' });
    // Assess
    expect(result).toEqual({ device: 'thermostat-1', doubled: 136 });
    expect(fn).toHaveBeenCalledWith(event, { awsRequestId: 'r1' });
  });

  it('accepts synchronous processors', async () => {
    const handler = defineProcessor(() => ({ ok: true }));
    await expect(handler(event)).resolves.toEqual({ ok: true });
  });

  it.each([
    ['null', null],
    ['an array', []],
    ['a string', 'x'],
    ['no deviceId', { ...event, deviceId: undefined }],
    ['a bad deviceId', { ...event, deviceId: '../x' }],
    ['a non-object payload', { ...event, payload: 5 }],
  ])('rejects input that is %s', async (_label, input) => {
    const handler = defineProcessor(() => ({ ok: true }));
    await expect(handler(input)).rejects.toBeInstanceOf(ValidationError);
  });

  it.each([
    ['null', null, /got null/],
    ['an array', [1], /got array/],
    ['a number', 3, /got number/],
    ['undefined', undefined, /got undefined/],
  ])('rejects output that is %s', async (_label, output, message) => {
    const handler = defineProcessor(() => output as never);
    await expect(handler(event)).rejects.toThrow(ProcessorOutputError);
    await expect(handler(event)).rejects.toThrow(message);
  });

  it('rejects output that cannot be serialized', async () => {
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    const handler = defineProcessor(() => cyclic as never);
    await expect(handler(event)).rejects.toThrow(/not serializable/);
  });

  it('lets processor errors propagate unchanged', async () => {
    const boom = new RangeError('sensor offline');
    const handler = defineProcessor(() => {
      throw boom;
    });
    await expect(handler(event)).rejects.toBe(boom);
  });
});
