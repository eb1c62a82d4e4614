import { DEVICE_ID_FIELDS, DEVICE_ID_PATTERN, deploymentNames, isDeviceId, REPLAY_TARGETS, type DeploymentNameOptions, type DeploymentNames } from '@twinflow/core';
import { FailureMessageError } from './FailureMessageError';
import {
  failureRecordBodySchema,
  iotErrorActionBodySchema,
  lambdaDestinationBodySchema,
  parseBody,
  type FailureRecordBody,
  type IotErrorActionBody,
  type LambdaDestinationBody,
} from './failureMessageSchemas';
import { isObject, payloadReadings, type ReadingKey, type ReplayRole } from './payloadReadings';

/** The shapes of message that reach the failure queue. */
export type FailureMessageKind = 'twinflow-record' | 'lambda-destination' | 'iot-rule-error';

/** A failure-queue message, read: what failed, why, and what to send to which function to replay it. */
export type FailureMessage = {
  kind: FailureMessageKind;
  /** Short machine-readable reason: the record's own, the destination's condition in kebab case, or `iot-rule-error`. */
  reason: string;
  /** Human-readable error. */
  message: string;
  /** When it failed (ISO-8601), when the message says. */
  failedAt?: string;
  /** Attempts made, when the message says. */
  attempts?: number;
  /** The function to replay to: the one that failed (for an IoT message, the stage's dispatcher). */
  target: { functionName: string; role: ReplayRole };
  /** What to send to it (a synchronous invocation). */
  payload: unknown;
  /** Device ids of the readings, as far as they can be told. */
  deviceIds: string[];
  /** Hot-table keys and event ids of the readings that carry them (to tell a reading stored after all). */
  readings: ReadingKey[];
};

/** The outcome of {@link FailureMessageReader.safeRead}. */
export type FailureMessageResult = { success: true; data: FailureMessage } | { success: false; error: FailureMessageError };

/** Options of {@link createFailureMessageReader}: the deployment whose queue is read. */
export interface FailureMessageReaderOptions extends DeploymentNameOptions {
  /** Clock for readings' validity checks, epoch ms. Default `Date.now`. */
  now?: () => number;
}

/** Reads failure-queue message bodies of one twin's deployment to one stage and region. */
export interface FailureMessageReader {
  /** The deployment's names. */
  readonly names: DeploymentNames;
  /** Reads a body; throws {@link FailureMessageError} when it cannot. */
  read(body: string): FailureMessage;
  /** Reads a body; never throws. */
  safeRead(body: string): FailureMessageResult;
}

const LAMBDA_ARN = /^arn:aws[a-z-]*:lambda:([a-z0-9-]+):\d{12}:function:([A-Za-z0-9_-]+)(?::[A-Za-z0-9$_-]+)?$/;

/**
 * The one reader of failure-queue messages, for a twin, stage and region (validated once, here).
 * It understands twinflow's failure records (`SqsFailureStore`), Lambda's on-failure destination
 * records and the IoT rule's error-action messages (also base64-encoded as the whole body), and
 * says for each what to replay to which function. A body it cannot read, or one of another twin,
 * stage or function, is a {@link FailureMessageError}.
 *
 * @throws InvalidTwinNameError, InvalidStageError or ValidationError for invalid options
 * @example
 * ```ts
 * const reader = createFailureMessageReader({ twin: 'demo', stage: 'dev', region: 'eu-central-1' });
 * const result = reader.safeRead(sqsMessage.Body ?? '');
 * if (result.success) await invoke(result.data.target.functionName, result.data.payload);
 * else console.error(`left in the queue: ${result.error.message}`);
 * ```
 */
export function createFailureMessageReader(options: FailureMessageReaderOptions): FailureMessageReader {
  const names = deploymentNames(options);
  const now = options.now ?? Date.now;
  const read = (body: string): FailureMessage => {
    const value = parseJsonBody(body);
    if (isObject(value) && 'original' in value && 'stage' in value && 'reason' in value) {
      return fromRecord(parseBody(failureRecordBodySchema, value, 'twinflow failure record'), names, now);
    }
    if (isObject(value) && 'requestContext' in value && 'requestPayload' in value) {
      return fromDestination(parseBody(lambdaDestinationBodySchema, value, 'Lambda destination record'), names, now);
    }
    if (isIotShape(value)) return fromIot(parseBody(iotErrorActionBodySchema, value, 'IoT error-action message'), names, now);
    throw new FailureMessageError('unknown-shape', 'neither a twinflow failure record, a Lambda destination record nor an IoT error-action message');
  };
  return {
    names,
    read,
    safeRead: (body) => {
      try {
        return { success: true, data: read(body) };
      } catch (error) {
        if (error instanceof FailureMessageError) return { success: false, error };
        return { success: false, error: new FailureMessageError('invalid-shape', `cannot be read (${String(error)})`, { cause: error }) };
      }
    },
  };
}

function isIotShape(value: unknown): boolean {
  return isObject(value) && ('base64OriginalPayload' in value || ('ruleName' in value && 'failures' in value));
}

/** The body as JSON; or, when it is base64 text of an IoT message (SQS action with `useBase64`), that message. */
function parseJsonBody(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    const decoded = decodeBase64Json(body);
    if (decoded !== undefined && isIotShape(decoded.value)) return decoded.value;
    throw new FailureMessageError('not-json', `the body is not JSON (${describeText(body)})`);
  }
}

function decodeBase64Json(text: string): { value: unknown } | undefined {
  const compact = text.replace(/\s+/g, '');
  if (compact === '' || compact.length % 4 !== 0 || !/^[A-Za-z0-9+/]+={0,2}$/.test(compact)) return undefined;
  try {
    return { value: JSON.parse(Buffer.from(compact, 'base64').toString('utf8')) as unknown };
  } catch {
    return undefined;
  }
}

function fromRecord(record: FailureRecordBody, names: DeploymentNames, now: () => number): FailureMessage {
  if (record.twin !== names.twin) throw new FailureMessageError('other-twin', `a failure record of twin "${record.twin}", not "${names.twin}"`);
  const entry = REPLAY_TARGETS[record.stage];
  const payload = entry.payload(record.original);
  const found = payloadReadings(entry.role, payload, { twin: names.twin, now });
  const { deviceId, eventId, timestamp } = record;
  const own = deviceId !== undefined && eventId !== undefined && timestamp !== undefined ? [{ deviceId, timestamp, eventId }] : [];
  const deviceIds = deviceId === undefined || found.deviceIds.includes(deviceId) ? found.deviceIds : [deviceId, ...found.deviceIds];
  return {
    kind: 'twinflow-record',
    reason: record.reason,
    message: record.message,
    failedAt: record.failedAt,
    attempts: record.attempts,
    target: { functionName: names.functions[entry.role], role: entry.role },
    payload,
    deviceIds,
    readings: own.length > 0 ? own : found.readings,
  };
}

function fromDestination(record: LambdaDestinationBody, names: DeploymentNames, now: () => number): FailureMessage {
  const { functionArn, condition, approximateInvokeCount } = record.requestContext;
  const match = LAMBDA_ARN.exec(functionArn);
  const [region, functionName] = [match?.[1], match?.[2]];
  const role = functionName === undefined || region !== names.region ? undefined : roleOf(functionName, names);
  if (functionName === undefined || role === undefined) {
    throw new FailureMessageError(
      'foreign-function',
      `a Lambda destination record of ${functionArn}, not a function of twin "${names.twin}", stage "${names.stage}" in ${names.region}`,
    );
  }
  const response = isObject(record.responsePayload) ? record.responsePayload : {};
  const errorText = [response['errorType'], response['errorMessage']].filter((part) => typeof part === 'string').join(': ');
  const found = payloadReadings(role, record.requestPayload, { twin: names.twin, now });
  return {
    kind: 'lambda-destination',
    reason: kebabCase(condition),
    message: errorText || record.responseContext?.functionError || condition,
    failedAt: record.timestamp,
    attempts: approximateInvokeCount,
    target: { functionName, role },
    payload: record.requestPayload,
    ...found,
  };
}

/** The role of one of the deployment's functions, by name; `undefined` for any other function. */
function roleOf(functionName: string, names: DeploymentNames): ReplayRole | undefined {
  for (const role of ['dispatcher', 'wrapper', 'persister'] as const) if (names.functions[role] === functionName) return role;
  const prefix = `${names.twin}-`;
  const suffix = `-processor${names.suffix}`;
  if (!functionName.startsWith(prefix) || !functionName.endsWith(suffix)) return undefined;
  const device = functionName.slice(prefix.length, functionName.length - suffix.length);
  return isDeviceId(device) && names.processor(device) === functionName ? 'processor' : undefined;
}

function fromIot(message: IotErrorActionBody, names: DeploymentNames, now: () => number): FailureMessage {
  const device = topicDevice(message.topic, names);
  if (device === undefined) {
    throw new FailureMessageError('foreign-topic', `an IoT error-action message from topic "${message.topic}", not ${names.topicFilter}`);
  }
  const decoded = decodeBase64Json(message.base64OriginalPayload);
  if (decoded === undefined) {
    throw new FailureMessageError('undecodable-payload', 'an IoT error-action message whose base64OriginalPayload is not base64-encoded JSON');
  }
  // The rule's `SELECT *, topic(n) AS device_id` added the device id; the original payload lacks it.
  const withDevice = (reading: unknown): unknown =>
    isObject(reading) && !DEVICE_ID_FIELDS.some((field) => Object.hasOwn(reading, field)) ? { ...reading, device_id: device } : reading;
  const payload = Array.isArray(decoded.value) ? decoded.value.map(withDevice) : withDevice(decoded.value);
  const found = payloadReadings('dispatcher', payload, { twin: names.twin, now });
  return {
    kind: 'iot-rule-error',
    reason: 'iot-rule-error',
    message: message.failures.map((failure) => `${failure.failedAction}: ${failure.errorMessage ?? 'failed'}`).join('; ') || `rule ${message.ruleName} failed`,
    target: { functionName: names.functions.dispatcher, role: 'dispatcher' },
    payload,
    deviceIds: found.deviceIds.includes(device) ? found.deviceIds : [device, ...found.deviceIds],
    readings: found.readings,
  };
}

/** The device id in a topic of the deployment's filter (`dt/{twin}/+/telemetry`, or with `{stage}/` first). */
function topicDevice(topic: string, names: DeploymentNames): string | undefined {
  const levels = topic.split('/');
  const filter = names.topicFilter.split('/');
  if (levels.length !== filter.length || filter.some((level, i) => level !== '+' && level !== levels[i])) return undefined;
  const device = levels[names.topicDeviceLevel - 1];
  return device !== undefined && DEVICE_ID_PATTERN.test(device) ? device : undefined;
}

/** `RetriesExhausted` → `retries-exhausted`. */
function kebabCase(text: string): string {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1-$2')
    .replace(/[^A-Za-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .toLowerCase();
}

function describeText(text: string): string {
  const head = text.slice(0, 40);
  return text.length === 0 ? 'empty' : `${JSON.stringify(head)}${text.length > head.length ? '…' : ''}, ${text.length} characters`;
}
