import { persisterFunctionName } from '@twinflow/core';
import { readPositiveInt, readServiceEnv, ServiceConfigError } from '@twinflow/runtime';
import type { ServiceEnv } from '@twinflow/runtime';
import { MAX_TIMEOUT_MS } from '@twinflow/lambda-adapter';
import { DEFAULT_PROCESSOR_BATCH_SIZE, DEFAULT_PROCESSOR_CONCURRENCY, DEFAULT_PROCESSOR_TIMEOUT_MS } from './constants';

/** The wrapper's settings: the shared service variables plus its own. */
export interface WrapperEnv extends ServiceEnv {
  /** `PERSISTER_FUNCTION`. Default the stage's persister (`${twin}-persister` in `dev`). */
  persisterFunction: string;
  /** `PROCESSOR_TIMEOUT_MS`, per attempt, 1..900000. Default `20000`. */
  processorTimeoutMs: number;
  /** `PROCESSOR_CONCURRENCY`. Default `8`. */
  processorConcurrency: number;
  /** `PROCESSOR_BATCH_SIZE`: most readings of one device per processor invocation; `1` turns batching off. Default `25`. */
  processorBatchSize: number;
}

/**
 * Reads and validates the wrapper's environment (set by its serverless.yml).
 *
 * @throws ServiceConfigError naming the variable
 * @example
 * ```ts
 * const env = readWrapperEnv(process.env);
 * env.persisterFunction; // 'demo-persister'
 * ```
 */
export function readWrapperEnv(source: NodeJS.ProcessEnv): WrapperEnv {
  const service = readServiceEnv(source);
  const processorTimeoutMs = readPositiveInt(source, 'PROCESSOR_TIMEOUT_MS', DEFAULT_PROCESSOR_TIMEOUT_MS);
  if (processorTimeoutMs > MAX_TIMEOUT_MS) {
    throw new ServiceConfigError('PROCESSOR_TIMEOUT_MS', `must be at most ${MAX_TIMEOUT_MS} (Lambda's maximum run time), got "${processorTimeoutMs}"`);
  }
  return {
    ...service,
    persisterFunction: source['PERSISTER_FUNCTION'] || persisterFunctionName(service.twin, service.stage),
    processorTimeoutMs,
    processorConcurrency: readPositiveInt(source, 'PROCESSOR_CONCURRENCY', DEFAULT_PROCESSOR_CONCURRENCY),
    processorBatchSize: readPositiveInt(source, 'PROCESSOR_BATCH_SIZE', DEFAULT_PROCESSOR_BATCH_SIZE),
  };
}
