// The capacity model: a fleet's readings a month through the pipeline, as device messages (one
// reading each) and as gateway messages of `batch` readings, side by side: invocations, GB-seconds,
// write units, queue requests, log bytes and their cost at the prices of prices.ts, and the Lambda
// concurrency the rate needs (Little's law: invocations per second × seconds each). Pure: every
// input is an argument.
import { PIPELINE_FUNCTIONS, type FunctionDurations, type PipelineFunction } from './durations';
import { DEFAULT_PIPELINE, messageWork, type PipelineSettings } from './messageShape';
import { ACCOUNT_CONCURRENCY_LIMIT, CUSTOM_METRIC_TIERS, PRICES, tieredCost } from './prices';

/** A month, as the model counts it: 30 days. */
export const SECONDS_PER_MONTH = 30 * 24 * 3600;
const GIB = 2 ** 30;
/** DynamoDB adds 100 bytes to every item's stored size. */
const DYNAMO_ITEM_OVERHEAD_BYTES = 100;
/** IoT Core meters messages, rules and actions per 5 KB of payload and topic. */
const IOT_METERING_BYTES = 5 * 1024;
/** The topic a reading is published on, `dt/{twin}/{device}/telemetry`, about this long. */
const TOPIC_BYTES = 40;
/** SQS requests per parked reading: its SendMessage, and a tenth each of the replay's ReceiveMessage and DeleteMessageBatch (10 a request). */
const SQS_REQUESTS_PER_FAILURE = 1.2;
/** EMF metrics per function the services invoke (`Invocations` and `Duration`, dimensions service + functionName). */
const METRICS_PER_INVOKED_FUNCTION = 2;

/** Bytes a function logs per invocation: fixed, per reading it carries, and per processor call it makes (the wrapper's). */
export type LogBytes = Record<PipelineFunction, { perInvocation: number; perReading: number; perProcessorCall: number }>;

export type CapacityInput = {
  devices: number;
  /** Readings per second of each device. */
  ratePerDevice: number;
  /** Readings per gateway message. */
  batch: number;
  /** Distinct devices in a gateway message; default min(batch, devices). */
  devicesPerMessage?: number;
  durations: FunctionDurations;
  /** Memory of each function, MB (the processors': one figure for all). */
  memoryMb: Record<PipelineFunction, number>;
  /** Size of a hot-table item (DynamoDB's count: names and values), bytes. */
  itemBytes: number;
  /** Size of one raw reading as published, bytes. */
  readingBytes: number;
  logBytes: LogBytes;
  /** Share of readings parked in the failure queue, 0..1. */
  failureRate: number;
  /** Days the hot table keeps a reading (its ttl). */
  retentionDays: number;
  pipeline?: PipelineSettings;
};

export type FunctionLoad = { invocations: number; gbSeconds: number; concurrency: number; billedMsPerInvocation: number };
export type CostLine = { item: string; quantity: number; unit: string; usdPerMonth: number };

/** One way of sending the readings: its monthly figures, costs and concurrency. */
export type Scenario = {
  shape: string;
  readingsPerMessage: number;
  devicesPerMessage: number;
  messages: number;
  functions: Record<PipelineFunction, FunctionLoad>;
  invocations: number;
  gbSeconds: number;
  writeUnits: number;
  sqsRequests: number;
  logGb: number;
  costs: CostLine[];
  usdPerMonth: number;
  usdPerMillionReadings: number;
  concurrency: number;
  withinAccountLimit: boolean;
};

export type CapacityReport = { readingsPerSecond: number; readings: number; device: Scenario; gateway: Scenario };

/** Lambda's billed duration of one run: rounded up to the next 1 ms. */
export const billedMs = (ms: number): number => Math.max(1, Math.ceil(ms - 1e-9));

/**
 * The fleet's month, both ways.
 *
 * @example
 * ```ts
 * const report = capacity({ devices: 1000, ratePerDevice: 1 / 60, batch: 25, durations, memoryMb, itemBytes: 300, readingBytes: 120, logBytes, failureRate: 0, retentionDays: 30 });
 * report.gateway.usdPerMillionReadings; // what a million readings cost sent 25 to a message
 * ```
 */
export function capacity(input: CapacityInput): CapacityReport {
  const readingsPerSecond = input.devices * input.ratePerDevice;
  const devicesPerMessage = Math.max(1, Math.min(input.devicesPerMessage ?? input.batch, input.batch, input.devices));
  return {
    readingsPerSecond,
    readings: readingsPerSecond * SECONDS_PER_MONTH,
    device: scenario(input, 'device messages', 1, 1),
    gateway: scenario(input, `gateway messages of ${input.batch}`, input.batch, devicesPerMessage),
  };
}

function scenario(input: CapacityInput, shape: string, perMessage: number, devicesPerMessage: number): Scenario {
  const settings = input.pipeline ?? DEFAULT_PIPELINE;
  const readingsPerSecond = input.devices * input.ratePerDevice;
  const messagesPerSecond = readingsPerSecond / perMessage;
  const readings = readingsPerSecond * SECONDS_PER_MONTH;
  const messages = messagesPerSecond * SECONDS_PER_MONTH;
  const work = messageWork(input.durations, perMessage, devicesPerMessage, settings);

  let logBytesPerMessage = 0;
  const functions = Object.fromEntries(
    PIPELINE_FUNCTIONS.map((fn): [PipelineFunction, FunctionLoad] => {
      const runs = work[fn];
      const billed = runs.reduce((sum, run) => sum + billedMs(run.ms), 0);
      const ms = runs.reduce((sum, run) => sum + run.ms, 0);
      const log = input.logBytes[fn];
      logBytesPerMessage += runs.reduce((sum, run) => sum + log.perInvocation + log.perReading * run.readings + log.perProcessorCall * run.processorCalls, 0);
      return [
        fn,
        {
          invocations: runs.length * messages,
          gbSeconds: (input.memoryMb[fn] / 1024) * (billed / 1000) * messages,
          concurrency: messagesPerSecond * (ms / 1000),
          billedMsPerInvocation: billed / runs.length,
        },
      ];
    }),
  ) as Record<PipelineFunction, FunctionLoad>;

  const invocations = sum(PIPELINE_FUNCTIONS.map((fn) => functions[fn].invocations));
  const gbSeconds = sum(PIPELINE_FUNCTIONS.map((fn) => functions[fn].gbSeconds));
  const stored = readings * (1 - input.failureRate);
  const writeUnits = stored * Math.ceil(input.itemBytes / 1024);
  const storedGb = (readingsPerSecond * (1 - input.failureRate) * input.retentionDays * 86_400 * (input.itemBytes + DYNAMO_ITEM_OVERHEAD_BYTES)) / GIB;
  const sqsRequests = readings * input.failureRate * SQS_REQUESTS_PER_FAILURE;
  const logGb = (logBytesPerMessage * messages) / GIB;
  // A gateway message is a JSON array: the readings, their commas and two brackets.
  const messageBytes = perMessage * input.readingBytes + (perMessage > 1 ? perMessage + 1 : 0) + TOPIC_BYTES;
  const iotUnits = messages * Math.ceil(messageBytes / IOT_METERING_BYTES);
  // Every function the services invoke has its own metrics: each processor, the wrapper, the persister.
  const customMetrics = METRICS_PER_INVOKED_FUNCTION * (input.devices + 2);

  const costs: CostLine[] = [
    { item: 'IoT Core messages', quantity: iotUnits, unit: PRICES.iotMessage.unit, usdPerMonth: iotUnits * PRICES.iotMessage.usd },
    { item: 'IoT Core rule + action', quantity: iotUnits, unit: PRICES.iotRuleAndAction.unit, usdPerMonth: iotUnits * PRICES.iotRuleAndAction.usd },
    { item: 'Lambda requests', quantity: invocations, unit: PRICES.lambdaRequest.unit, usdPerMonth: invocations * PRICES.lambdaRequest.usd },
    { item: 'Lambda duration (arm64)', quantity: gbSeconds, unit: PRICES.lambdaArmGbSecond.unit, usdPerMonth: gbSeconds * PRICES.lambdaArmGbSecond.usd },
    { item: 'DynamoDB writes (on-demand)', quantity: writeUnits, unit: PRICES.dynamoWriteRequestUnit.unit, usdPerMonth: writeUnits * PRICES.dynamoWriteRequestUnit.usd },
    { item: `DynamoDB storage (${input.retentionDays} days kept)`, quantity: storedGb, unit: PRICES.dynamoStorageGbMonth.unit, usdPerMonth: storedGb * PRICES.dynamoStorageGbMonth.usd },
    { item: 'SQS failure queue', quantity: sqsRequests, unit: PRICES.sqsRequest.unit, usdPerMonth: sqsRequests * PRICES.sqsRequest.usd },
    { item: 'CloudWatch Logs ingestion', quantity: logGb, unit: PRICES.logsIngestionGb.unit, usdPerMonth: logGb * PRICES.logsIngestionGb.usd },
    { item: 'CloudWatch custom metrics (EMF)', quantity: customMetrics, unit: 'metric-month', usdPerMonth: tieredCost(customMetrics, CUSTOM_METRIC_TIERS) },
  ];
  const usdPerMonth = sum(costs.map((line) => line.usdPerMonth));
  const concurrency = sum(PIPELINE_FUNCTIONS.map((fn) => functions[fn].concurrency));
  return {
    shape,
    readingsPerMessage: perMessage,
    devicesPerMessage,
    messages,
    functions,
    invocations,
    gbSeconds,
    writeUnits,
    sqsRequests,
    logGb,
    costs,
    usdPerMonth,
    usdPerMillionReadings: readings === 0 ? 0 : (usdPerMonth / readings) * 1e6,
    concurrency,
    withinAccountLimit: concurrency <= ACCOUNT_CONCURRENCY_LIMIT,
  };
}

const sum = (xs: readonly number[]): number => xs.reduce((a, b) => a + b, 0);
