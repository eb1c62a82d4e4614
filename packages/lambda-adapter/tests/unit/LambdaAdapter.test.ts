import 'aws-sdk-client-mock-jest';
import { InvokeCommand, LambdaClient, ResourceNotFoundException, TooManyRequestsException } from '@aws-sdk/client-lambda';
import type { InvokeCommandInput } from '@aws-sdk/client-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import {
  LambdaAdapter,
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_SYNC_PAYLOAD_BYTES,
  PayloadTooLargeError,
} from '../../src';
import type { LambdaAdapterOptions } from '../../src';
import { awsError, body, fakeClock, networkError, recordingSleep , createTestAdapter } from './helpers';

const lambdaMock = mockClient(LambdaClient);
const FUNCTION = 'demo-thermostat-1-processor';
const decoder = new TextDecoder();

const throttled = (): Error =>
  new TooManyRequestsException({ message: 'Rate exceeded', $metadata: { httpStatusCode: 429 }, Reason: 'ConcurrentInvocationLimitExceeded' });

describe('LambdaAdapter', () => {
  let sleeper: ReturnType<typeof recordingSleep>;
  let clock: ReturnType<typeof fakeClock>;

  beforeEach(() => {
    lambdaMock.reset();
    sleeper = recordingSleep();
    clock = fakeClock();
  });

  const createAdapter = (options: Partial<LambdaAdapterOptions> = {}): LambdaAdapter =>
    createTestAdapter({ sleep: sleeper.sleep, clock }, options);

  const sentInput = (call = 0): InvokeCommandInput | undefined => lambdaMock.commandCalls(InvokeCommand)[call]?.args[0].input;

  describe('invoke', () => {
    it('invokes synchronously and returns the parsed payload and executed version', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 200, ExecutedVersion: '$LATEST', Payload: body({ ok: true, celsius: 21.5 }) });
      const adapter = createAdapter();

      // Act
      const result = await adapter.invoke({ temperature: 21.5 });

      // Assess
      expect(result).toEqual({ statusCode: 200, payload: { ok: true, celsius: 21.5 }, executedVersion: '$LATEST', functionName: FUNCTION, attempts: 1 });
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
      expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { FunctionName: FUNCTION, InvocationType: 'RequestResponse' });
      expect(JSON.parse(decoder.decode(sentInput()?.Payload as Uint8Array))).toEqual({ temperature: 21.5 });
      expect(sleeper.delays).toEqual([]);
    });

    it('queues an Event invocation and accepts 202', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: 202 });
      const adapter = createAdapter();

      // Act
      const result = await adapter.invoke({ a: 1 }, { invocationType: 'Event' });

      // Assess
      expect(result).toEqual({ statusCode: 202, payload: undefined, functionName: FUNCTION, attempts: 1 });
      expect(lambdaMock).toHaveReceivedCommandWith(InvokeCommand, { InvocationType: 'Event' });
    });

    it('retries throttling with full-jitter backoff and succeeds on the third attempt', async () => {
      // Prepare
      lambdaMock
        .on(InvokeCommand)
        .rejectsOnce(throttled())
        .rejectsOnce(throttled())
        .resolves({ StatusCode: 200, Payload: body({ done: true }) });
      const adapter = createAdapter({ retry: { initialDelayMs: 500, maxDelayMs: 30_000 }, random: () => 0.3 });

      // Act
      const result = await adapter.invoke({});

      // Assess: delay(n) = random() * min(500 * 2^n, 30000)
      expect(result.attempts).toBe(3);
      expect(result.payload).toEqual({ done: true });
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 3);
      expect(sleeper.delays).toEqual([0.3 * 500, 0.3 * 1000]);
    });

    it('does not retry ResourceNotFoundException and throws LambdaInvocationError', async () => {
      // Prepare
      const cause = new ResourceNotFoundException({ message: 'Function not found', $metadata: { httpStatusCode: 404 } });
      lambdaMock.on(InvokeCommand).rejects(cause);
      const adapter = createAdapter();

      // Act
      const error = await adapter.invoke({}).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(LambdaInvocationError);
      expect(error).toMatchObject({
        retryable: false,
        errorName: 'ResourceNotFoundException',
        statusCode: 404,
        functionName: FUNCTION,
        code: 'LAMBDA_INVOCATION_FAILED',
      });
      expect((error as Error).cause).toBe(cause);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
      expect(sleeper.delays).toEqual([]);
    });

    it('throws LambdaFunctionError for a FunctionError response, without retrying', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).resolves({
        StatusCode: 200,
        FunctionError: 'Unhandled',
        ExecutedVersion: '3',
        Payload: body({ errorType: 'TypeError', errorMessage: 'reading is undefined', trace: ['TypeError: reading is undefined', '    at handler'] }),
      });
      const adapter = createAdapter();

      // Act
      const error = await adapter.invoke({}).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(LambdaFunctionError);
      expect(error).toMatchObject({
        functionError: 'Unhandled',
        errorType: 'TypeError',
        errorMessage: 'reading is undefined',
        trace: ['TypeError: reading is undefined', '    at handler'],
        statusCode: 200,
        executedVersion: '3',
        retryable: false,
      });
      expect((error as Error).message).toBe(`Function "${FUNCTION}" failed (Unhandled): TypeError: reading is undefined`);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    });

    it('retries network errors (ECONNRESET)', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).rejectsOnce(networkError('ECONNRESET')).resolves({ StatusCode: 200, Payload: body({}) });
      const adapter = createAdapter();

      // Act
      const result = await adapter.invoke({});

      // Assess
      expect(result.attempts).toBe(2);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
      expect(sleeper.delays).toEqual([250]);
    });

    it('retries 5xx service errors', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).rejectsOnce(awsError('ServiceException', 500)).resolves({ StatusCode: 200, Payload: body({}) });
      const adapter = createAdapter();

      // Act
      const result = await adapter.invoke({});

      // Assess
      expect(result.attempts).toBe(2);
    });

    it('throws LambdaRetriesExhaustedError with the last cause after maxRetries + 1 attempts', async () => {
      // Prepare
      const errors = [throttled(), throttled(), awsError('ThrottlingException', 400, 'Rate exceeded')];
      lambdaMock
        .on(InvokeCommand)
        .rejectsOnce(errors[0])
        .rejectsOnce(errors[1])
        .rejectsOnce(errors[2]);
      const adapter = createAdapter({ retry: { maxRetries: 2 } });

      // Act
      const error = await adapter.invoke({}).catch((e: unknown) => e);

      // Assess
      expect(error).toBeInstanceOf(LambdaRetriesExhaustedError);
      expect(error).toMatchObject({ attempts: 3, retryable: true, code: 'LAMBDA_RETRIES_EXHAUSTED' });
      expect((error as Error).cause).toBe(errors[2]);
      expect((error as Error).message).toBe(`Invoking "${FUNCTION}" failed after 3 attempts; last error: ThrottlingException: Rate exceeded`);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 3);
      expect(sleeper.delays).toEqual([250, 500]);
    });

    it('caps every delay at maxDelayMs', async () => {
      // Prepare
      lambdaMock.on(InvokeCommand).rejects(throttled());
      const adapter = createAdapter({ retry: { maxRetries: 4, initialDelayMs: 100, maxDelayMs: 300 }, random: () => 1 });

      // Act
      await adapter.invoke({}).catch(() => undefined);

      // Assess
      expect(sleeper.delays).toEqual([100, 200, 300, 300]);
    });

    describe('per-attempt timeout', () => {
      beforeEach(() => {
        jest.useFakeTimers({ doNotFake: ['Date'] });
      });

      afterEach(() => {
        jest.useRealTimers();
      });

      it('aborts a hanging attempt after timeoutMs and retries it', async () => {
        // Prepare
        lambdaMock
          .on(InvokeCommand)
          .callsFakeOnce(() => new Promise(() => undefined))
          .resolves({ StatusCode: 200, Payload: body({ late: false }) });
        const adapter = createAdapter({ timeoutMs: 1_000 });

        // Act
        const pending = adapter.invoke({});
        await jest.advanceTimersByTimeAsync(1_000);
        const result = await pending;

        // Assess
        expect(result).toMatchObject({ attempts: 2, payload: { late: false } });
        const firstSignal = (lambdaMock.send.getCall(0).args as unknown[])[1] as { abortSignal: AbortSignal };
        expect(firstSignal.abortSignal.aborted).toBe(true);
        expect(sleeper.delays).toEqual([250]);
        expect(jest.getTimerCount()).toBe(0);
      });

      it('throws LambdaRetriesExhaustedError caused by LambdaTimeoutError when every attempt hangs', async () => {
        // Prepare
        lambdaMock.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
        const adapter = createAdapter({ timeoutMs: 500, retry: { maxRetries: 1 } });

        // Act
        const pending = adapter.invoke({}).catch((e: unknown) => e);
        await jest.advanceTimersByTimeAsync(500);
        await jest.advanceTimersByTimeAsync(500);
        const error = await pending;

        // Assess
        expect(error).toBeInstanceOf(LambdaRetriesExhaustedError);
        expect((error as Error).cause).toBeInstanceOf(LambdaTimeoutError);
        expect((error as Error).cause).toMatchObject({ timeoutMs: 500, attempt: 2, retryable: true });
        expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 2);
      });

      it('passes an abort signal that a real client honours', async () => {
        // Prepare: a client that rejects with AbortError when its signal fires, through `onabort` as the SDK's HTTP handlers do
        let signal: { aborted: boolean; onabort: (() => void) | null } | undefined;
        const client = {
          send: (_command: unknown, options: { abortSignal: { aborted: boolean; onabort: (() => void) | null } }) =>
            new Promise((_resolve, reject) => {
              signal = options.abortSignal;
              signal.onabort = () => reject(Object.assign(new Error('Request aborted'), { name: 'AbortError' }));
            }),
        } as unknown as LambdaClient;
        const adapter = createAdapter({ client, timeoutMs: 200, retry: { maxRetries: 0 } });

        // Act
        const pending = adapter.invoke({}).catch((e: unknown) => e);
        await jest.advanceTimersByTimeAsync(200);
        const error = await pending;

        // Assess
        expect(error).toBeInstanceOf(LambdaRetriesExhaustedError);
        expect((error as Error).cause).toBeInstanceOf(LambdaTimeoutError);
        expect((error as Error & { attempts: number }).attempts).toBe(1);
        expect(signal?.aborted).toBe(true);
      });

      it('takes a client that answers synchronously (a test double)', async () => {
        // Prepare
        const client = { send: () => ({ StatusCode: 200, Payload: body({ sync: true }) }) } as unknown as LambdaClient;
        const adapter = createAdapter({ client });
        // Act
        const result = await adapter.invoke({});
        // Assess
        expect(result.payload).toEqual({ sync: true });
        expect(jest.getTimerCount()).toBe(0);
      });

      it('uses the per-call timeoutMs', async () => {
        // Prepare
        lambdaMock.on(InvokeCommand).callsFake(() => new Promise(() => undefined));
        const adapter = createAdapter({ timeoutMs: 60_000, retry: { maxRetries: 0 } });

        // Act
        const pending = adapter.invoke({}, { timeoutMs: 100 }).catch((e: unknown) => e);
        await jest.advanceTimersByTimeAsync(100);
        const error = await pending;

        // Assess
        expect((error as Error).cause).toMatchObject({ timeoutMs: 100 });
      });
    });

    it.each([
      ['RequestResponse', MAX_SYNC_PAYLOAD_BYTES],
      ['Event', MAX_ASYNC_PAYLOAD_BYTES],
    ] as const)('rejects a %s payload over %d bytes before sending', async (invocationType, limit) => {
      // Prepare: a JSON string is its length + 2 quote bytes
      const adapter = createAdapter({ invocationType });
      const atLimit = 'x'.repeat(limit - 2);
      const overLimit = 'x'.repeat(limit - 1);
      lambdaMock.on(InvokeCommand).resolves({ StatusCode: invocationType === 'Event' ? 202 : 200, Payload: body({}) });

      // Act
      const error = await adapter.invoke(overLimit).catch((e: unknown) => e);
      const callsAfterOversized = lambdaMock.commandCalls(InvokeCommand).length;
      await adapter.invoke(atLimit);

      // Assess
      expect(error).toBeInstanceOf(PayloadTooLargeError);
      expect(error).toMatchObject({ sizeBytes: limit + 1, limitBytes: limit, invocationType, retryable: false });
      expect((error as Error).message).toContain(`is ${limit + 1} bytes`);
      expect((error as Error).message).toContain(`${limit}-byte`);
      expect(callsAfterOversized).toBe(0);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 1);
    });

    it('applies the Event limit to a per-call Event invocation', async () => {
      // Prepare
      const adapter = createAdapter();

      // Act / Assess
      await expect(adapter.invoke('x'.repeat(MAX_ASYNC_PAYLOAD_BYTES), { invocationType: 'Event' })).rejects.toBeInstanceOf(PayloadTooLargeError);
      expect(lambdaMock).toHaveReceivedCommandTimes(InvokeCommand, 0);
    });
  });
});
