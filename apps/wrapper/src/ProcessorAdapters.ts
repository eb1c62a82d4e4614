import type { LambdaClient } from '@aws-sdk/client-lambda';
import { processorFunctionName } from '@twinflow/core';
import type { CircuitState, HealthStatus, Logger, TelemetryEvent } from '@twinflow/core';
import type { Clock, HealthTracker } from '@twinflow/health';
import { LambdaAdapter } from '@twinflow/lambda-adapter';
import type { MetricsSink } from '@twinflow/lambda-adapter';
import { PROCESSOR_CIRCUIT_BREAKER, PROCESSOR_RETRY } from './constants';

/** Options of {@link ProcessorAdapters}. */
export interface ProcessorAdaptersOptions {
  client: LambdaClient;
  /** The wrapper's stage (`STAGE`): processors are `{twin}-{device}-processor` plus its suffix. Default `dev`. */
  stage?: string;
  /** Default per-attempt timeout (`PROCESSOR_TIMEOUT_MS`); each call may pass a smaller budget. */
  timeoutMs: number;
  logger: Logger;
  /** Where every processor adapter records its metrics (dimension `functionName`). Default none. */
  metrics?: MetricsSink;
  clock?: Clock;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * One {@link LambdaAdapter} per processor function, created on first use and kept for the life of
 * the container, so each processor's circuit breaker and health tracker see every warm invocation.
 *
 * @example
 * ```ts
 * const processors = new ProcessorAdapters({ client, stage: 'dev', timeoutMs: 20_000, logger });
 * await processors.get(processors.nameOf(event)).invoke(event); // demo-thermostat-1-processor
 * ```
 */
export class ProcessorAdapters {
  private readonly adapters = new Map<string, LambdaAdapter>();
  private readonly singleOnly = new Set<string>();

  public constructor(private readonly options: ProcessorAdaptersOptions) {}

  /** The processor function of a reading's device in this wrapper's stage (names validated by core). */
  public nameOf(event: Pick<TelemetryEvent, 'twin' | 'deviceId'>): string {
    return processorFunctionName(event.twin, event.deviceId, this.options.stage);
  }

  /** The adapter of `functionName` (an already validated `{twin}-{device}-processor`). */
  public get(functionName: string): LambdaAdapter {
    let adapter = this.adapters.get(functionName);
    if (adapter === undefined) {
      const { client, timeoutMs, logger, metrics, clock, sleep } = this.options;
      adapter = new LambdaAdapter({
        functionName,
        invocationType: 'RequestResponse',
        client,
        retry: PROCESSOR_RETRY,
        timeoutMs,
        circuitBreaker: PROCESSOR_CIRCUIT_BREAKER,
        logger,
        metrics,
        clock,
        sleep,
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

  /**
   * Closes `functionName`'s circuit breaker and forgets its health window (both describe code that
   * was just replaced), creating its adapter when it was never invoked; the batch-protocol
   * fallback is forgotten too, as the new code may speak it.
   *
   * @returns the circuit before the reset, and the processor's health after it
   */
  public reset(functionName: string): { previousCircuit: CircuitState; health: HealthStatus } {
    const adapter = this.get(functionName);
    const previousCircuit = adapter.health().circuit;
    adapter.circuitBreaker?.reset();
    adapter.healthTracker.reset();
    this.singleOnly.delete(functionName);
    return { previousCircuit, health: adapter.health() };
  }

  /** Health trackers of every processor invoked so far, in first-use order. */
  public trackers(): HealthTracker[] {
    return [...this.adapters.values()].map((adapter) => adapter.healthTracker);
  }
}
