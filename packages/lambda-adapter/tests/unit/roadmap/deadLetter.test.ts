import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import { mockClient } from 'aws-sdk-client-mock';
import { CircuitOpenError } from '@twinflow/health';
import {
  LambdaAdapterConfigError,
  LambdaFunctionError,
  LambdaInvocationError,
  LambdaRetriesExhaustedError,
  LambdaTimeoutError,
  PayloadTooLargeError,
} from '../../../src';
import { DeadLetterSendError, RateLimitedError, SqsDeadLetter, deadLetterEntry, deadLetterReason } from '../../../src';
import type { DeadLetterEntry, DeadLetterReason, SqsDeadLetterOptions } from '../../../src';
import { fakeTime, rejectionOf, thrownBy } from './fakes';

const QUEUE = 'https://sqs.eu-central-1.amazonaws.com/123456789012/demo-adapter-dlq';
const FN = 'demo-thermostat-1-processor';

describe('dead letters', () => {
  const sqs = mockClient(SQSClient);

  beforeEach(() => {
    sqs.reset();
    sqs.on(SendMessageCommand).resolves({ MessageId: 'm-1' });
  });

  const sent = (): SendMessageCommandInput[] => sqs.commandCalls(SendMessageCommand).map((call) => call.args[0].input);
  const entry = (overrides: Partial<DeadLetterEntry> = {}): DeadLetterEntry => ({
    functionName: FN,
    request: { deviceId: 'thermostat-1', temperature: 21.5 },
    error: { name: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', message: 'failed after 4 attempts' },
    attempts: 4,
    reason: 'retries-exhausted',
    at: '2026-11-24T08:00:00.000Z',
    ...overrides,
  });

  describe('deadLetterReason', () => {
    it.each<[DeadLetterReason, unknown]>([
      ['retries-exhausted', new LambdaRetriesExhaustedError(FN, 4, new Error('throttled'))],
      ['circuit-open', new CircuitOpenError(FN, 0)],
      ['function-error', new LambdaFunctionError({ functionName: FN, functionError: 'Unhandled', errorType: 'TypeError', errorMessage: 'boom', statusCode: 200 })],
      ['rate-limited', new RateLimitedError(FN, 250, 100)],
      ['timeout', new LambdaTimeoutError(FN, 1_000, 1)],
      ['invocation-error', new LambdaInvocationError(FN, 'ResourceNotFoundException', 404, new Error('missing'))],
      ['payload-too-large', new PayloadTooLargeError(FN, 7_000_000, 6_291_456, 'RequestResponse')],
      ['unknown', new Error('something else')],
      ['unknown', 'a string'],
    ])('is %s for %p', (reason, error) => {
      // Act / Assess
      expect(deadLetterReason(error)).toBe(reason);
    });
  });

  describe('deadLetterEntry', () => {
    it('builds a plain JSON entry: the error via toJSON, reason and attempts from the error, time from the clock', () => {
      // Prepare
      const time = fakeTime();
      const error = new LambdaRetriesExhaustedError(FN, 4, new Error('Rate exceeded'));

      // Act
      const built = deadLetterEntry({ functionName: FN, request: { a: 1 }, error, clock: time.clock });

      // Assess
      expect(built).toEqual({
        functionName: FN,
        request: { a: 1 },
        error: { name: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', message: error.message, cause: 'Rate exceeded' },
        attempts: 4,
        reason: 'retries-exhausted',
        at: '2026-11-24T08:00:00.000Z',
      });
      expect(JSON.parse(JSON.stringify(built))).toEqual(built);
    });

    it('describes errors without toJSON and values that are not errors, and takes given reason and attempts', () => {
      // Prepare
      const time = fakeTime();
      const socket = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });

      // Act
      const fromError = deadLetterEntry({ functionName: FN, request: null, error: socket, clock: time.clock });
      const fromString = deadLetterEntry({ functionName: FN, request: null, error: 'boom', attempts: 2, reason: 'circuit-open', clock: time.clock });

      // Assess
      expect(fromError).toMatchObject({ error: { name: 'Error', message: 'socket hang up', code: 'ECONNRESET' }, attempts: 1, reason: 'unknown' });
      expect(fromString).toMatchObject({ error: { name: 'Error', message: 'boom' }, attempts: 2, reason: 'circuit-open' });
    });

    it('cuts very long error strings', () => {
      // Act
      const built = deadLetterEntry({ functionName: FN, request: null, error: new Error('x'.repeat(10_000)) });

      // Assess
      expect(String(built.error['message'])).toHaveLength(4_097);
    });
  });

  describe('SqsDeadLetter', () => {
    it('sends the entry as the JSON body with functionName and reason attributes', async () => {
      // Prepare
      const deadLetter = new SqsDeadLetter(QUEUE, { client: new SQSClient({ region: 'eu-central-1' }) });

      // Act
      await deadLetter.send(entry());

      // Assess
      expect(sent()).toEqual([
        {
          QueueUrl: QUEUE,
          MessageBody: JSON.stringify(entry()),
          MessageAttributes: {
            functionName: { DataType: 'String', StringValue: FN },
            reason: { DataType: 'String', StringValue: 'retries-exhausted' },
          },
        },
      ]);
      expect(JSON.parse(sent()[0]?.MessageBody ?? '')).toEqual(entry());
    });

    it('builds its own client in the region of an AWS queue URL when none is given', async () => {
      // Prepare
      const deadLetter = new SqsDeadLetter('https://sqs.us-west-2.amazonaws.com/123456789012/dlq');

      // Act
      await deadLetter.send(entry());

      // Assess: the mock intercepts every SQSClient; the one used is ours, in us-west-2
      const [call] = sqs.commandCalls(SendMessageCommand);
      expect(call).toBeDefined();
      expect(await (sqs.send.thisValues[0] as SQSClient).config.region()).toBe('us-west-2');
    });

    it('groups by function and deduplicates by body on a FIFO queue', async () => {
      // Prepare
      const deadLetter = new SqsDeadLetter(`${QUEUE}.fifo`, { client: new SQSClient({ region: 'eu-central-1' }) });

      // Act
      await deadLetter.send(entry());
      await deadLetter.send(entry());

      // Assess
      const [first, second] = sent();
      expect(first).toMatchObject({ MessageGroupId: FN, MessageDeduplicationId: expect.stringMatching(/^[0-9a-f]{64}$/) });
      expect(second?.MessageDeduplicationId).toBe(first?.MessageDeduplicationId);
    });

    it('replaces a request too large for the queue by its size, never dropping the entry', async () => {
      // Prepare
      const deadLetter = new SqsDeadLetter(QUEUE, { client: new SQSClient({ region: 'eu-central-1' }), maxMessageBytes: 2_048 });
      const request = { blob: 'x'.repeat(5_000) };

      // Act
      await deadLetter.send(entry({ request }));

      // Assess
      const [input] = sent();
      expect(JSON.parse(input?.MessageBody ?? '')).toEqual({ ...entry(), request: { omitted: 'too-large', sizeBytes: JSON.stringify(request).length } });
      expect(input?.MessageAttributes?.['requestOmitted']).toEqual({ DataType: 'String', StringValue: 'too-large' });
    });

    it('rejects with DeadLetterSendError carrying the SDK error when SQS fails', async () => {
      // Prepare
      const denied = Object.assign(new Error('not authorized'), { name: 'AccessDenied' });
      sqs.on(SendMessageCommand).rejects(denied);
      const deadLetter = new SqsDeadLetter(QUEUE, { client: new SQSClient({ region: 'eu-central-1' }) });

      // Act
      const error = await rejectionOf(deadLetter.send(entry()));

      // Assess
      expect(error).toBeInstanceOf(DeadLetterSendError);
      expect(error).toMatchObject({ code: 'DEAD_LETTER_SEND_FAILED', queueUrl: QUEUE, functionName: FN });
      expect((error as Error).cause).toBe(denied);
      expect((error as Error).message).toContain('AccessDenied: not authorized');
    });

    it.each<[string, string, unknown]>([
      ['deadLetter.queueUrl', 'demo-adapter-dlq', undefined],
      ['deadLetter', QUEUE, 'client'],
      ['deadLetter.client', QUEUE, { client: {} }],
      ['deadLetter.maxMessageBytes', QUEUE, { maxMessageBytes: 100 }],
      ['deadLetter.maxMessageBytes', QUEUE, { maxMessageBytes: 2_000_000 }],
      ['deadLetter.region', QUEUE, { region: 'eu-central-1' }],
    ])('throws LambdaAdapterConfigError naming %s', (option, queueUrl, options) => {
      // Act
      const error = thrownBy(() => new SqsDeadLetter(queueUrl, options as SqsDeadLetterOptions));

      // Assess
      expect(error).toBeInstanceOf(LambdaAdapterConfigError);
      expect(error).toMatchObject({ option });
    });
  });
});
