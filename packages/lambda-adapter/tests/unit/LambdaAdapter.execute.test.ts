import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { ExecuteRequest } from '@twinflow/core';
import { LambdaAdapter } from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import { TEST_FUNCTION, awsError, body, createTestAdapter, recordingSleep } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const FUNCTION = TEST_FUNCTION;
const decoder = new TextDecoder();

const request: ExecuteRequest = {
  requestId: 'req-1',
  timestamp: '2026-11-24T08:00:00.000Z',
  trigger: 'telemetry',
  source: 'demo-processor-wrapper',
  payload: { deviceId: 'thermostat-1', temperature: 21.5 },
};

describe('LambdaAdapter.execute', () => {
  let sleeper: ReturnType<typeof recordingSleep>;

  beforeEach(() => {
    lambdaMock.reset();
    sleeper = recordingSleep();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: sleeper.sleep }, options);

  it('returns the queued response for an Event invocation', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
    const adapter = createAdapter({ invocationType: 'Event' });

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({ success: true, message: 'Lambda function queued', data: { statusCode: 202 }, targets: [] });
    expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: FUNCTION, InvocationType: 'Event' });
    expect(adapter.health()).toMatchObject({ totalRequests: 1, consecutiveFailures: 0 });
  });

  it("sends the request envelope and returns the function's response, its targets untouched", async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      ExecutedVersion: '7',
      Payload: body({ success: true, message: 'processed', celsius: 21.5, targets: ['platform', { type: 'overlay', layer: 1 }] }),
    });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({
      success: true,
      message: 'processed',
      data: { celsius: 21.5, targets: ['platform', { type: 'overlay', layer: 1 }] },
      targets: [{ type: 'platform' }, { type: 'overlay', layer: 1 }],
    });
    const [sent] = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(JSON.parse(decoder.decode(sent?.Payload as Uint8Array))).toEqual(request);
  });

  it('adds no target of its own to a response without targets', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '7', Payload: body({ success: true }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({ success: true, targets: [] });
  });

  it('reports a body without a boolean success as a failure, counted on health', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ result: 'ok' }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({
      success: false,
      error: 'response body has no boolean "success" field',
      errorDetails: { type: 'InvalidResponseError' },
      targets: [],
    });
    expect(adapter.health()).toMatchObject({ consecutiveFailures: 1, lastError: { type: 'InvalidResponseError' } });
  });

  it.each<[string, Uint8Array | undefined, RegExp]>([
    ['an empty body', undefined, /^response body is empty/],
    ['a body that is not JSON', new TextEncoder().encode('<html>502</html>'), /^response body is not JSON/],
  ])('reports %s as an InvalidResponseError failure', async (_label, payload, error) => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, ...(payload === undefined ? {} : { Payload: payload as never }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({ success: false, error: expect.stringMatching(error), errorDetails: { type: 'InvalidResponseError' }, targets: [] });
  });

  it('returns success:false for a FunctionError, after exactly one call', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      FunctionError: 'Handled',
      Payload: body({ errorType: 'ValidationError', errorMessage: 'temperature missing' }),
    });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({
      success: false,
      error: `Function "${FUNCTION}" failed (Handled): ValidationError: temperature missing`,
      errorDetails: { type: 'LambdaFunctionError', code: 'LAMBDA_FUNCTION_ERROR', retryable: false },
      targets: [],
    });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
  });

  it('returns success:false with retryable:true when retries are exhausted', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).rejects(awsError('TooManyRequestsException', 429, 'Rate exceeded'));
    const adapter = createAdapter({ retry: { maxRetries: 1 } });

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response.success).toBe(false);
    expect(response.error).toBe(`Invoking "${FUNCTION}" failed after 2 attempts; last error: TooManyRequestsException: Rate exceeded`);
    expect(response.errorDetails).toEqual({ type: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', retryable: true });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
  });

  it.each([
    ['rejects with a string', () => Promise.reject('plain string')],
    ['rejects with undefined', () => Promise.reject(undefined)],
    ['throws synchronously', () => {
      throw 42;
    }],
  ])('never throws, even when the client %s', async (_label, send) => {
    // Prepare
    const client = { send } as unknown as LambdaClient;
    const adapter = createAdapter({ client });

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response.success).toBe(false);
    expect(response.errorDetails).toEqual({ type: 'LambdaInvocationError', code: 'LAMBDA_INVOCATION_FAILED', retryable: false });
    expect(typeof response.error).toBe('string');
    expect(response.targets).toEqual([]);
  });

  it('never throws for an invalid request: no call is made', async () => {
    // Prepare
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(null as unknown as ExecuteRequest);

    // Assess
    expect(response).toEqual({
      success: false,
      error: 'request: must be an object, got null',
      errorDetails: { type: 'EnvelopeValidationError', code: 'ENVELOPE_INVALID', retryable: false },
      targets: [],
    });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    expect(adapter.health().totalRequests).toBe(0);
  });

  it('never throws for an oversized request', async () => {
    // Prepare
    const adapter = createAdapter({ invocationType: 'Event' });

    // Act
    const response = await adapter.execute({ ...request, payload: 'x'.repeat(300 * 1024) });

    // Assess
    expect(response).toMatchObject({ success: false, errorDetails: { type: 'PayloadTooLargeError', code: 'LAMBDA_PAYLOAD_TOO_LARGE', retryable: false } });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });
});
