import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import type { ExecuteRequest } from '@twinflow/core';
import { LambdaAdapter } from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import { awsError, body, recordingSleep , createTestAdapter } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const FUNCTION = 'demo-thermostat-1-processor';
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
    expect(response).toEqual({
      success: true,
      message: 'Lambda function queued',
      data: { statusCode: 202 },
      targets: [{ type: 'lambda', functionName: FUNCTION, invocationType: 'Event' }],
    });
    expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: FUNCTION, InvocationType: 'Event' });
  });

  it('sends the request envelope and returns the function response with the lambda target', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({
      StatusCode: 200,
      ExecutedVersion: '7',
      Payload: body({ success: true, message: 'processed', data: { celsius: 21.5 }, targets: [] }),
    });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response).toEqual({
      success: true,
      message: 'processed',
      data: { celsius: 21.5 },
      targets: [{ type: 'lambda', functionName: FUNCTION, invocationType: 'RequestResponse', executedVersion: '7' }],
    });
    const [sent] = lambdaMock.commandCalls(InvokeCommand).map((call) => call.args[0].input);
    expect(JSON.parse(decoder.decode(sent?.Payload as Uint8Array))).toMatchObject({ requestId: 'req-1', payload: request.payload });
  });

  it('reports a body without a boolean success as a failure', async () => {
    // Prepare
    lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, Payload: body({ result: 'ok' }) });
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(request);

    // Assess
    expect(response.success).toBe(false);
    expect(response.error?.type).toBe('InvalidResponseError');
    expect(response.targets).toContainEqual({ type: 'lambda', functionName: FUNCTION, invocationType: 'RequestResponse' });
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
      error: {
        type: 'LambdaFunctionError',
        message: `Function "${FUNCTION}" failed (Handled): ValidationError: temperature missing`,
        code: 'LAMBDA_FUNCTION_ERROR',
        retryable: false,
      },
      targets: [{ type: 'lambda', functionName: FUNCTION, invocationType: 'RequestResponse' }],
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
    expect(response.error).toMatchObject({ type: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', retryable: true });
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
    expect(response.error).toMatchObject({ type: 'LambdaInvocationError', retryable: false });
    expect(response.targets).toEqual([{ type: 'lambda', functionName: FUNCTION, invocationType: 'RequestResponse' }]);
  });

  it('never throws for an invalid request: no call is made', async () => {
    // Prepare
    const adapter = createAdapter();

    // Act
    const response = await adapter.execute(null as unknown as ExecuteRequest);

    // Assess
    expect(response.success).toBe(false);
    expect(response.error?.retryable).toBe(false);
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });

  it('never throws for an oversized request', async () => {
    // Prepare
    const adapter = createAdapter({ invocationType: 'Event' });

    // Act
    const response = await adapter.execute({ ...request, payload: 'x'.repeat(300 * 1024) });

    // Assess
    expect(response).toMatchObject({ success: false, error: { type: 'PayloadTooLargeError', code: 'LAMBDA_PAYLOAD_TOO_LARGE', retryable: false } });
    expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
  });
});
