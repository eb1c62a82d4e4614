import { MAX_BATCH_ERROR_MESSAGE_LENGTH, batchError } from '../../src/processorBatch';
import {
  PROCESSOR_BATCH_PROTOCOL,
  isProcessorBatchRequest,
  readProcessorBatchResponse,
  toProcessorBatchRequest,
  type TelemetryEvent,
} from '../../src';
import { thermostatEvent } from './fixtures';

const event: TelemetryEvent = thermostatEvent;

describe('toProcessorBatchRequest / isProcessorBatchRequest', () => {
  it('builds a request that is recognised, with a copy of the events', () => {
    // Prepare
    const events = [event];
    // Act
    const request = toProcessorBatchRequest(events);
    events.push(event);
    // Assess
    expect(request).toEqual({ protocol: PROCESSOR_BATCH_PROTOCOL, events: [event] });
    expect(isProcessorBatchRequest(request)).toBe(true);
  });

  it.each([
    ['a reading', event],
    ['no protocol', { events: [] }],
    ['another protocol', { protocol: 'twinflow.processor-batch/2', events: [] }],
    ['events not an array', { protocol: PROCESSOR_BATCH_PROTOCOL, events: {} }],
    ['null', null],
    ['an array', [event]],
  ])('does not take %s for a batch', (_label, value) => {
    expect(isProcessorBatchRequest(value)).toBe(false);
  });
});

describe('readProcessorBatchResponse', () => {
  const ok = { ok: true, data: { c: 20 } };
  const failed = { ok: false, error: { type: 'TypeError', message: 'no temperature' } };

  it('returns the results of a well-formed answer', () => {
    expect(readProcessorBatchResponse({ protocol: PROCESSOR_BATCH_PROTOCOL, results: [ok, failed] }, 2)).toEqual({ kind: 'results', results: [ok, failed] });
  });

  it('leaves checking data to the caller (an array as data is still a result)', () => {
    const answer = readProcessorBatchResponse({ protocol: PROCESSOR_BATCH_PROTOCOL, results: [{ ok: true, data: [1] }] }, 1);
    expect(answer).toEqual({ kind: 'results', results: [{ ok: true, data: [1] }] });
  });

  it.each([
    ['a plain object', { c: 20 }],
    ['null', null],
    ['an array', [ok]],
    ['another protocol', { protocol: 'x', results: [ok] }],
  ])('says not-batch for %s', (_label, value) => {
    expect(readProcessorBatchResponse(value, 1)).toEqual({ kind: 'not-batch' });
  });

  it.each([
    ['no results', { protocol: PROCESSOR_BATCH_PROTOCOL }, /no results array/],
    ['too few results', { protocol: PROCESSOR_BATCH_PROTOCOL, results: [ok] }, /1 results for 2 readings/],
    ['a result without ok', { protocol: PROCESSOR_BATCH_PROTOCOL, results: [ok, { data: {} }] }, /result 1/],
    ['ok without data', { protocol: PROCESSOR_BATCH_PROTOCOL, results: [ok, { ok: true }] }, /result 1/],
    ['an error without a message', { protocol: PROCESSOR_BATCH_PROTOCOL, results: [{ ok: false, error: { type: 'E' } }, ok] }, /result 0/],
  ])('says malformed for %s', (_label, value, message) => {
    const answer = readProcessorBatchResponse(value, 2);
    expect(answer.kind).toBe('malformed');
    expect(answer.kind === 'malformed' && answer.message).toMatch(message);
  });
});

describe('batchError', () => {
  it('keeps the name and message of an error', () => {
    expect(batchError(new RangeError('sensor offline'))).toEqual({ type: 'RangeError', message: 'sensor offline' });
  });

  it('describes a thrown non-error', () => {
    expect(batchError('plain string')).toEqual({ type: 'Error', message: 'plain string' });
  });

  it('bounds a long message', () => {
    const { message } = batchError(new Error('x'.repeat(5_000)));
    expect(message).toHaveLength(MAX_BATCH_ERROR_MESSAGE_LENGTH + 1);
    expect(message.endsWith('…')).toBe(true);
  });
});
