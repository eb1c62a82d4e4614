import { failureOf, InvalidDeviceIdError, InvalidEventError, ProcessorOutputError, UnknownDeviceError } from '@twinflow/core';
import { CircuitOpenError } from '@twinflow/health';
import {
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
} from '@twinflow/lambda-adapter';
import { EnvelopeValidationError, HotTableItemError, TelemetryValidationError } from '@twinflow/payload-mappers';

// Each error knows its failure-store reason: no table maps type names to reasons any more.
describe('failureOf: the reason every error carries', () => {
  const timeout = new LambdaTimeoutError('demo-x-processor', 100, 1);
  const throttled = Object.assign(new Error('Rate exceeded'), { name: 'TooManyRequestsException' });
  it.each<[string, unknown, string]>([
    ['telemetry rejection', new TelemetryValidationError('payload-too-deep', 'deep'), 'payload-too-deep'],
    ['unknown device', new UnknownDeviceError('pump-9'), 'unknown-device'],
    ['invalid device id', new InvalidDeviceIdError('../x'), 'invalid-device-id'],
    ['open circuit', new CircuitOpenError('demo-x-processor', 0), 'circuit-open'],
    ['timeout', timeout, 'timeout'],
    ['retries exhausted by timeouts', new LambdaRetriesExhaustedError('f', 4, timeout), 'timeout'],
    ['retries exhausted by throttling', new LambdaRetriesExhaustedError('f', 4, throttled), 'retries-exhausted'],
    ['missing function', new LambdaInvocationError('f', 'ResourceNotFoundException', 404, new Error('nf')), 'function-not-found'],
    ['access denied', new LambdaInvocationError('f', 'AccessDeniedException', 403, new Error('no')), 'invoke-rejected'],
    ['too large', new PayloadTooLargeError('f', 300_000, 262_144, 'Event'), 'payload-too-large'],
    ['a function error', new LambdaFunctionError({ functionName: 'f', functionError: 'Unhandled', errorType: 'TypeError', errorMessage: 'boom', statusCode: 200 }), 'function-error'],
    ['bad output', new ProcessorOutputError('got array'), 'invalid-output'],
    ['bad item', new HotTableItemError('ttl'), 'invalid-item'],
    ['bad event', new InvalidEventError([{ path: 'deviceId', message: 'deviceId: bad' }]), 'invalid-event'],
    ['bad envelope', new EnvelopeValidationError('payload.records: must be an array'), 'invalid-envelope'],
    ['anything else', new TypeError('x is undefined'), 'internal-error'],
    ['a non-error', 'boom', 'internal-error'],
  ])('maps %s', (_label, error, reason) => {
    expect(failureOf(error).reason).toBe(reason);
  });

  it.each<[string, unknown, number, boolean]>([
    ['retries exhausted', new LambdaRetriesExhaustedError('f', 4, throttled), 4, true],
    ['an open circuit: nothing was sent', new CircuitOpenError('f', 0), 0, true],
    ['a payload over the limit: nothing was sent', new PayloadTooLargeError('f', 300_000, 262_144, 'Event'), 0, false],
    ['the third attempt timing out', new LambdaTimeoutError('f', 100, 3), 3, true],
    ['an error that counted nothing', new UnknownDeviceError('pump-9'), 1, false],
  ])('carries the attempts and retryability of %s', (_label, error, attempts, retryable) => {
    expect(failureOf(error)).toMatchObject({ attempts, retryable });
  });
});
