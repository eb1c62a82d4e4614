// `npm run capacity -- --devices N --rate R [--batch B] [...]`: what N devices sending R readings
// each cost a month on AWS, sent one reading per message and in gateway messages of B, side by
// side, and the Lambda concurrency each needs. Prints a Markdown table (or `--json`).
import { parseArgs } from 'node:util';
import { capacity, SECONDS_PER_MONTH, type CapacityInput, type CapacityReport } from './capacity';
import { DEFAULT_ITEM_BYTES, DEFAULT_READING_BYTES, LOG_BYTES, LOG_LEVELS, type LogLevel } from './defaults';
import { DEFAULT_DURATIONS } from './durations';
import { CapacityInputError } from './errors';
import { DEFAULT_PIPELINE } from './messageShape';
import { PRICES_LOOKED_UP, PRICES_REGION } from './prices';
import { describeRate, parseRate } from './rate';
import { formatCount, formatTable } from './table';
import { loadDurations, readMemorySizes, readRetentionDays, WORKSPACE } from './workspace';

export const USAGE = `Usage: npm run capacity -- --devices <n> --rate <r> [options]
  --devices <n>               devices in the fleet (required)
  --rate <r>                  readings per device: 1/s, 1/min, 1/h or a number (per second) (required)
  --batch <b>                 readings per gateway message (default 25)
  --devices-per-message <k>   distinct devices in a gateway message (default min(batch, devices))
  --durations <file>          durations to bill: a bench results file or a durations JSON
                              (default bench/results/latest.json's function durations when present,
                              else the documented defaults of tools/capacity/src/durations.ts)
  --failure-rate <f>          share of readings parked in the failure queue, 0..1 (default 0)
  --item-bytes <n>            hot-table item size, bytes (default ${DEFAULT_ITEM_BYTES})
  --reading-bytes <n>         raw reading size as published, bytes (default ${DEFAULT_READING_BYTES})
  --log-level <info|warn>     the services' LOG_LEVEL (default info, what they deploy with)
  --json                      the whole report as JSON
  -h, --help                  this text`;

/** Where the CLI writes; injectable for tests. */
export type CliIo = { out: (text: string) => void; err: (text: string) => void; workspace?: string };

const positiveInteger = (name: string, text: string | undefined, fallback?: number): number => {
  if (text === undefined && fallback !== undefined) return fallback;
  const n = Number(text);
  if (text === undefined || !/^\d+$/.test(text.trim()) || !(n >= 1)) throw new CapacityInputError(`--${name} must be a positive integer, got ${JSON.stringify(text ?? '(nothing)')}`, `--${name}`);
  return n;
};

/** The model's input from the command line and the workspace; `undefined` for `--help`. */
export function readInput(argv: readonly string[], workspace: string): { input: CapacityInput; json: boolean; memorySource: string; logLevel: LogLevel } | undefined {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        devices: { type: 'string' },
        rate: { type: 'string' },
        batch: { type: 'string' },
        'devices-per-message': { type: 'string' },
        durations: { type: 'string' },
        'failure-rate': { type: 'string' },
        'item-bytes': { type: 'string' },
        'reading-bytes': { type: 'string' },
        'log-level': { type: 'string' },
        json: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new CapacityInputError(error instanceof Error ? error.message : String(error));
  }
  const { values } = parsed;
  if (values.help) return undefined;
  const devices = positiveInteger('devices', values.devices);
  if (values.rate === undefined) throw new CapacityInputError('--rate is required (readings per device: 1/s, 1/min, 1/h or a number per second)', '--rate');
  const ratePerDevice = parseRate(values.rate);
  const batch = positiveInteger('batch', values.batch, 25);
  const devicesPerMessage = values['devices-per-message'] === undefined ? undefined : positiveInteger('devices-per-message', values['devices-per-message']);
  const failureRate = values['failure-rate'] === undefined ? 0 : Number(values['failure-rate']);
  if (!/^\s*\d*\.?\d+\s*$/.test(values['failure-rate'] ?? '0') || !(failureRate >= 0 && failureRate <= 1)) {
    throw new CapacityInputError(`--failure-rate must be a share from 0 to 1, got ${JSON.stringify(values['failure-rate'])}`, '--failure-rate');
  }
  const logLevel = (values['log-level'] ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) throw new CapacityInputError(`--log-level must be one of ${LOG_LEVELS.join(', ')}, got ${JSON.stringify(values['log-level'])}`, '--log-level');
  const { memoryMb, processors } = readMemorySizes(workspace);
  const durations = loadDurations(values.durations, workspace) ?? DEFAULT_DURATIONS;
  return {
    json: values.json === true,
    logLevel,
    memorySource: `apps/*/serverless.yml; processors: the mean of ${processors} registry entries (config/config_iot_devices.json)`,
    input: {
      devices,
      ratePerDevice,
      batch,
      devicesPerMessage,
      durations,
      memoryMb,
      itemBytes: positiveInteger('item-bytes', values['item-bytes'], DEFAULT_ITEM_BYTES),
      readingBytes: positiveInteger('reading-bytes', values['reading-bytes'], DEFAULT_READING_BYTES),
      logBytes: LOG_BYTES[logLevel],
      failureRate,
      retentionDays: readRetentionDays(workspace),
      pipeline: DEFAULT_PIPELINE,
    },
  };
}

/** The lines printed around the table: what was assumed, and where each input came from. */
export function describeAssumptions(input: CapacityInput, report: CapacityReport, memorySource: string, logLevel: LogLevel): string[] {
  const { memoryMb: m, durations: d } = input;
  return [
    `${formatCount(input.devices)} devices × ${describeRate(input.ratePerDevice)} = ${formatCount(report.readingsPerSecond)} readings/s, ${formatCount(report.readings)} readings a month (${SECONDS_PER_MONTH / 86_400} days)`,
    `durations: ${d.source}; dispatcher ${d.dispatcher.one} / ${d.dispatcher.batch} ms, wrapper ${d.wrapper.one} / ${d.wrapper.batch} ms (its processor calls included), processor ${d.processor.one} / ${d.processor.batch} ms, persister ${d.persister.one} / ${d.persister.batch} ms for 1 / ${d.batch} readings; other sizes interpolated; billed rounded up to 1 ms`,
    `memory: dispatcher ${m.dispatcher} MB, wrapper ${m.wrapper} MB, processors ${m.processor} MB, persister ${m.persister} MB (${memorySource})`,
    `gateway messages: ${report.gateway.devicesPerMessage} distinct devices per message; the wrapper takes ${DEFAULT_PIPELINE.wrapperBatchSize} readings an invocation and calls each device's processor with up to ${DEFAULT_PIPELINE.processorBatchSize}, ${DEFAULT_PIPELINE.processorConcurrency} at a time`,
    `items ${input.itemBytes} B (${Math.ceil(input.itemBytes / 1024)} write unit each), kept ${input.retentionDays} days; readings ${input.readingBytes} B as published; logs at LOG_LEVEL ${logLevel} (tools/capacity/src/defaults.ts); ${input.failureRate * 100}% of readings parked`,
    `prices: ${PRICES_REGION}, AWS's on-demand prices as of ${PRICES_LOOKED_UP} (tools/capacity/src/prices.ts); free tiers ignored; concurrency by Little's law (invocations/s × seconds each)`,
  ];
}

/** Runs the CLI on `argv`; resolves to the exit code (0, or 2 for bad input). */
export function runCapacity(argv: readonly string[], io: CliIo): number {
  try {
    const read = readInput(argv, io.workspace ?? WORKSPACE);
    if (read === undefined) {
      io.out(`${USAGE}\n`);
      return 0;
    }
    const report = capacity(read.input);
    if (read.json) io.out(`${JSON.stringify({ input: read.input, ...report })}\n`);
    else io.out(`${describeAssumptions(read.input, report, read.memorySource, read.logLevel).join('\n')}\n\n${formatTable(report)}\n`);
    return 0;
  } catch (error) {
    if (!(error instanceof CapacityInputError)) throw error;
    io.err(`capacity: ${error.message}\n${USAGE}\n`);
    return 2;
  }
}

if (require.main === module) {
  process.exitCode = runCapacity(process.argv.slice(2), { out: (text) => void process.stdout.write(text), err: (text) => void process.stderr.write(text) });
}
