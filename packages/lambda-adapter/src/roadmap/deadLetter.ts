import { createHash } from 'node:crypto';
import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { SendMessageCommandInput } from '@aws-sdk/client-sqs';
import type { JsonObject, JsonValue } from '@twinflow/core';
import { CircuitOpenError, systemClock } from '@twinflow/health';
import type { Clock } from '@twinflow/health';
import { LambdaFunctionError, LambdaInvocationError, LambdaRetriesExhaustedError, LambdaTimeoutError, PayloadTooLargeError } from '../errors';
import { DeadLetterSendError, RateLimitedError } from './errors';
import { clientOption, httpUrlOption, integerOption, optionsObject } from './options';

/** Default {@link SqsDeadLetterOptions.maxMessageBytes}: 256 KiB, the SQS limit every queue and emulator accepts. */
export const DEFAULT_DEAD_LETTER_MAX_MESSAGE_BYTES = 262_144;
/** Longest string kept in an entry's `error` (longer ones are cut, so an error cannot crowd out the request). */
const MAX_ERROR_STRING_LENGTH = 4_096;

/** Why a call ended in the dead-letter sink. */
export type DeadLetterReason =
  | 'retries-exhausted'
  | 'circuit-open'
  | 'function-error'
  | 'rate-limited'
  | 'timeout'
  | 'invocation-error'
  | 'payload-too-large'
  | 'unknown';

/**
 * A call that failed for good, as kept by a {@link DeadLetterSink}: plain JSON, so it can be
 * listed, inspected and replayed.
 *
 * @example
 * ```ts
 * const entry: DeadLetterEntry = {
 *   functionName: 'demo-persister', request: { records: [] }, attempts: 4, reason: 'retries-exhausted',
 *   error: { name: 'LambdaRetriesExhaustedError', code: 'LAMBDA_RETRIES_EXHAUSTED', message: '...' },
 *   at: '2026-11-24T08:00:00.000Z',
 * };
 * ```
 */
export type DeadLetterEntry = {
  /** The resolved function name that was invoked. */
  functionName: string;
  /** The payload of the call, for replay. */
  request: JsonValue;
  /** The error as plain JSON (its `toJSON()` when it has one: name, code, message, cause). */
  error: JsonObject;
  /** Attempts made. */
  attempts: number;
  /** Why the call failed for good. */
  reason: DeadLetterReason;
  /** When, ISO-8601 UTC. */
  at: string;
};

/**
 * Where failed calls go. `send` resolves once the entry is stored and rejects if it cannot be.
 *
 * @example
 * ```ts
 * const memory: DeadLetterSink & { entries: DeadLetterEntry[] } = { entries: [], send: async (e) => void memory.entries.push(e) };
 * ```
 */
export interface DeadLetterSink {
  send(entry: DeadLetterEntry): Promise<void>;
}

/**
 * The reason for a failure, from the typed error the adapter threw.
 *
 * @example
 * ```ts
 * deadLetterReason(new CircuitOpenError('demo-persister', Date.now() + 30_000)); // 'circuit-open'
 * ```
 */
export function deadLetterReason(error: unknown): DeadLetterReason {
  if (error instanceof LambdaRetriesExhaustedError) return 'retries-exhausted';
  if (error instanceof CircuitOpenError) return 'circuit-open';
  if (error instanceof LambdaFunctionError) return 'function-error';
  if (error instanceof RateLimitedError) return 'rate-limited';
  if (error instanceof LambdaTimeoutError) return 'timeout';
  if (error instanceof LambdaInvocationError) return 'invocation-error';
  if (error instanceof PayloadTooLargeError) return 'payload-too-large';
  return 'unknown';
}

/**
 * Builds the entry of a failed call: the error as plain JSON (long strings cut), `reason` from
 * the error unless given, `attempts` from the error's own count (e.g. `LambdaRetriesExhaustedError`)
 * unless given, else 1; `at` from the clock.
 *
 * @example
 * ```ts
 * await deadLetter.send(deadLetterEntry({ functionName: adapter.functionName, request: payload, error: err }));
 * ```
 */
export function deadLetterEntry(input: {
  functionName: string;
  request: JsonValue;
  error: unknown;
  attempts?: number;
  reason?: DeadLetterReason;
  clock?: Clock;
}): DeadLetterEntry {
  const counted = (input.error as { attempts?: unknown } | null)?.attempts;
  return {
    functionName: input.functionName,
    request: input.request,
    error: errorJson(input.error),
    attempts: input.attempts ?? (typeof counted === 'number' ? counted : 1),
    reason: input.reason ?? deadLetterReason(input.error),
    at: new Date((input.clock ?? systemClock).now()).toISOString(),
  };
}

/**
 * Options of {@link SqsDeadLetter}.
 *
 * @example
 * ```ts
 * new SqsDeadLetter(queueUrl, { client: new SQSClient({ region: 'eu-central-1' }) });
 * ```
 */
export interface SqsDeadLetterOptions {
  /** The SQS client. Default a new `SQSClient`, in the region named by a `https://sqs.<region>.amazonaws.com/...` URL. */
  client?: SQSClient;
  /**
   * Largest message body in bytes. An entry over it is sent with its `request` replaced by
   * `{ omitted: 'too-large', sizeBytes }` (and attribute `requestOmitted`), never dropped.
   * Integer 1,024..1,048,576. Default `262_144`.
   */
  maxMessageBytes?: number;
}

/**
 * A {@link DeadLetterSink} on an SQS queue: each entry is one message, its body the entry as
 * JSON, with the message attributes `functionName` and `reason` (so a consumer can filter
 * without parsing). On a FIFO queue (`.fifo`) the group is the function name and the
 * deduplication id a hash of the body. A failed send rejects with {@link DeadLetterSendError}.
 *
 * @example
 * ```ts
 * const deadLetter = new SqsDeadLetter('https://sqs.eu-central-1.amazonaws.com/123456789012/demo-adapter-dlq');
 * catch (err) {
 *   await deadLetter.send(deadLetterEntry({ functionName: adapter.functionName, request: payload, error: err }));
 * }
 * ```
 */
export class SqsDeadLetter implements DeadLetterSink {
  /** The queue entries are sent to. */
  public readonly queueUrl: string;
  private readonly client: SQSClient;
  private readonly maxMessageBytes: number;
  private readonly fifo: boolean;

  public constructor(queueUrl: string, options: SqsDeadLetterOptions = {}) {
    this.queueUrl = httpUrlOption('deadLetter.queueUrl', queueUrl);
    const raw = optionsObject('deadLetter', options, ['client', 'maxMessageBytes']);
    this.maxMessageBytes = integerOption('deadLetter.maxMessageBytes', raw['maxMessageBytes'], DEFAULT_DEAD_LETTER_MAX_MESSAGE_BYTES, 1_024, 1_048_576);
    this.fifo = /\.fifo$/.test(new URL(queueUrl).pathname);
    const region = /^https:\/\/sqs\.([a-z0-9-]+)\.amazonaws\.com(\.cn)?\//.exec(queueUrl)?.[1];
    this.client = clientOption<SQSClient>('deadLetter.client', raw['client']) ?? new SQSClient({ region }); // region undefined: the SDK's own resolution
  }

  /**
   * Sends one entry.
   *
   * @example
   * ```ts
   * await deadLetter.send(entry);
   * ```
   */
  public async send(entry: DeadLetterEntry): Promise<void> {
    let body = JSON.stringify(entry);
    let omitted = false;
    if (Buffer.byteLength(body) > this.maxMessageBytes) {
      const sizeBytes = Buffer.byteLength(JSON.stringify(entry.request) ?? '');
      body = JSON.stringify({ ...entry, request: { omitted: 'too-large', sizeBytes } });
      omitted = true;
    }
    const input: SendMessageCommandInput = {
      QueueUrl: this.queueUrl,
      MessageBody: body,
      MessageAttributes: {
        functionName: { DataType: 'String', StringValue: entry.functionName },
        reason: { DataType: 'String', StringValue: entry.reason },
        ...(omitted ? { requestOmitted: { DataType: 'String', StringValue: 'too-large' } } : {}),
      },
    };
    if (this.fifo) {
      input.MessageGroupId = entry.functionName;
      input.MessageDeduplicationId = createHash('sha256').update(body).digest('hex');
    }
    try {
      await this.client.send(new SendMessageCommand(input));
    } catch (error) {
      throw new DeadLetterSendError(this.queueUrl, entry.functionName, error);
    }
  }
}

function errorJson(error: unknown): JsonObject {
  const described = (error as { toJSON?: unknown } | null)?.toJSON;
  let json: unknown;
  if (typeof described === 'function') json = (described as () => unknown).call(error);
  else if (error instanceof Error) json = { name: error.name, message: error.message, ...codeOf(error) };
  else json = { name: 'Error', message: String(error) };
  return cut(JSON.parse(JSON.stringify(json) ?? '{}') as JsonObject);
}

function codeOf(error: Error): { code?: string } {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' ? { code } : {};
}

function cut(value: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [key, item] of Object.entries(value)) {
    result[key] = typeof item === 'string' && item.length > MAX_ERROR_STRING_LENGTH ? `${item.slice(0, MAX_ERROR_STRING_LENGTH)}…` : item;
  }
  return result;
}
