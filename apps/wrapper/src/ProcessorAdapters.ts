import type { LambdaClient } from '@aws-sdk/client-lambda';
import type { Logger } from '@twinflow/core';
import type { Clock, HealthTracker } from '@twinflow/health';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import { PROCESSOR_CIRCUIT_BREAKER, PROCESSOR_RETRY } from './constants';

/** Options of {@link ProcessorAdapters}. */
export interface ProcessorAdaptersOptions {
  client: LambdaClient;
  /** Default per-attempt timeout (`PROCESSOR_TIMEOUT_MS`); each call may pass a smaller budget. */
  timeoutMs: number;
  logger: Logger;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One {@link LambdaAdapter} per processor function, created on first use and kept for the life of
 * the container, so each processor's circuit breaker and health tracker see every warm invocation.
 *
 * @example
 * ```ts
 * const processors = new ProcessorAdapters({ client, timeoutMs: 20_000, logger });
 * await processors.get('demo-thermostat-1-processor').invoke(event);
 * ```
 */
export class ProcessorAdapters {
  private readonly adapters = new Map<string, LambdaAdapter>();
  private readonly singleOnly = new Set<string>();

  public constructor(private readonly options: ProcessorAdaptersOptions) {}

  /** The adapter of `functionName` (an already validated `{twin}-{device}-processor`). */
  public get(functionName: string): LambdaAdapter {
    let adapter = this.adapters.get(functionName);
    if (adapter === undefined) {
      const { client, timeoutMs, logger, clock, sleep } = this.options;
      adapter = new LambdaAdapter({
        functionName,
        invocationType: 'RequestResponse',
        client,
        retry: PROCESSOR_RETRY,
        timeoutMs,
        circuitBreaker: PROCESSOR_CIRCUIT_BREAKER,
        logger,
        ...(clock === undefined ? {} : { clock }),
        ...(sleep === undefined ? {} : { sleep }),
      });
      this.adapters.set(functionName, adapter);
    }
    return adapter;
  }

  /** Whether `functionName` may be sent batches: true until it answered one without the batch protocol. */
  public speaksBatches(functionName: string): boolean {
    return !this.singleOnly.has(functionName);
  }

  /** Remembers, for the life of the container, that `functionName` answers batches as if they were one reading. */
  public markSingleOnly(functionName: string): void {
    this.singleOnly.add(functionName);
  }

  /** Health trackers of every processor invoked so far, in first-use order. */
  public trackers(): HealthTracker[] {
    return [...this.adapters.values()].map((adapter) => adapter.healthTracker);
  }
}
