import { PROCESSOR_BATCH_PROTOCOL, ProcessorOutputError, ValidationError, defineProcessor, toProcessorBatchRequest, type TelemetryEvent } from '../../src';
import { thermostatEvent } from './fixtures';

const event: TelemetryEvent = thermostatEvent;

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

describe('defineProcessor with a batch request', () => {
  const second: TelemetryEvent = { ...event, eventId: 'e2', payload: { temperature: 'hot' } };
  const third: TelemetryEvent = { ...event, eventId: 'e3', payload: { temperature: 50 } };

  it('runs the function once per reading, in order, and answers one result each', async () => {
    // Prepare
    const seen: string[] = [];
    const handler = defineProcessor(async (e) => {
      seen.push(e.eventId);
      const t = e.payload['temperature'];
      if (typeof t !== 'number') throw new TypeError(`temperature must be a number, got ${JSON.stringify(t)}`);
      return { doubled: t * 2 };
    });
    // Act
    const response = await handler(toProcessorBatchRequest([event, second, third]), { awsRequestId: 'r1' });
    // Assess
    expect(seen).toEqual(['e1', 'e2', 'e3']);
    expect(response).toEqual({
      protocol: PROCESSOR_BATCH_PROTOCOL,
      results: [
        { ok: true, data: { doubled: 136 } },
        { ok: false, error: { type: 'TypeError', message: 'temperature must be a number, got "hot"' } },
        { ok: true, data: { doubled: 100 } },
      ],
    });
  });

  it('fails only the readings that are invalid or give invalid output', async () => {
    // Prepare
    const handler = defineProcessor((e) => (e.eventId === 'e3' ? ([1] as never) : { ok: true }));
    const invalid = { ...event, eventId: 'bad', deviceId: '../x' } as TelemetryEvent;
    // Act
    const { results } = await handler(toProcessorBatchRequest([event, invalid, third]));
    // Assess
    expect(results.map((r) => r.ok)).toEqual([true, false, false]);
    expect(results[1]).toMatchObject({ error: { type: 'ValidationError', message: expect.stringMatching(/deviceId/) } });
    expect(results[2]).toMatchObject({ error: { type: 'ProcessorOutputError', message: expect.stringMatching(/got array/) } });
  });

  it('runs readings one at a time, never concurrently', async () => {
    // Prepare
    let running = 0;
    let most = 0;
    const handler = defineProcessor(async () => {
      running += 1;
      most = Math.max(most, running);
      await new Promise((resolve) => setImmediate(resolve));
      running -= 1;
      return {};
    });
    // Act
    await handler(toProcessorBatchRequest([event, second, third]));
    // Assess
    expect(most).toBe(1);
  });

  it('answers an empty batch with no results', async () => {
    const handler = defineProcessor(() => ({}));
    await expect(handler(toProcessorBatchRequest([]))).resolves.toEqual({ protocol: PROCESSOR_BATCH_PROTOCOL, results: [] });
  });

  it('treats an object that only looks like a batch (no protocol) as one reading', async () => {
    const handler = defineProcessor(() => ({}));
    await expect(handler({ events: [event] })).rejects.toBeInstanceOf(ValidationError);
  });
});
