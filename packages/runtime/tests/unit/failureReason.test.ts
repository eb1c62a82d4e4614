import { InvalidDeviceIdError, ProcessorOutputError, UnknownDeviceError } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import {
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
} from '@twinflow/lambda-adapter';
import { HotTableItemError, TelemetryValidationError } from '@twinflow/payload-mappers';
import { failureReasonOf } from '../../src';

describe('failureReasonOf', () => {
  const timeout = new LambdaTimeoutError('demo-x-processor', 100, 1);
  it.each<[string, unknown, string]>([
    ['telemetry rejection', new TelemetryValidationError('payload-too-deep', 'deep'), 'payload-too-deep'],
    ['unknown device', new UnknownDeviceError('pump-9'), 'unknown-device'],
    ['invalid device id', new InvalidDeviceIdError('../x'), 'invalid-device-id'],
    ['open circuit', new CircuitOpenError('demo-x-processor', 0), 'circuit-open'],
    ['timeout', timeout, 'timeout'],
    ['retries exhausted by timeouts', new LambdaRetriesExhaustedError('f', 4, timeout), 'timeout'],
    ['retries exhausted by throttling', new LambdaRetriesExhaustedError('f', 4, Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' })), 'retries-exhausted'],
    ['missing function', new LambdaInvocationError('f', 'ResourceNotFoundException', 404, new Error('nf')), 'function-not-found'],
    ['access denied', new LambdaInvocationError('f', 'AccessDeniedException', 403, new Error('no')), 'invoke-rejected'],
    ['too large', new PayloadTooLargeError('f', 300_000, 262_144, 'Event'), 'payload-too-large'],
    ['bad output', new ProcessorOutputError('got array'), 'invalid-output'],
    ['bad item', new HotTableItemError('ttl'), 'invalid-item'],
    ['conditional check', Object.assign(new Error('The conditional request failed'), { name: 'ConditionalCheckFailedException' }), 'key-conflict'],
    ['anything else', new TypeError('x is undefined'), 'internal-error'],
    ['a non-error', 'boom', 'internal-error'],
  ])('maps %s', (_label, error, reason) => {
    expect(failureReasonOf(error)).toBe(reason);
  });
});
