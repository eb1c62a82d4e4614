import { wrapperFunctionName } from '@twinflow/core';
import type { TwinConfig } from '@twinflow/core';
import { readPositiveInt, readServiceEnv } from '@twinflow/runtime';
import type { ServiceEnv } from '@twinflow/runtime';
import { DEFAULT_WRAPPER_BATCH_SIZE } from './constants';

/** The dispatcher's settings: the shared service variables, its own, and the twin config it needs. */
export interface DispatcherEnv extends ServiceEnv {
  /** `WRAPPER_FUNCTION`. Default `${twin}-processor-wrapper`. */
  wrapperFunction: string;
  /** `WRAPPER_BATCH_SIZE`: readings per wrapper invocation (payloads also stay under 200 KB). Default `25`. */
  wrapperBatchSize: number;
  /** Largest accepted raw reading, bytes of JSON: `maxReadingBytes` of `config/twin.json` (default 65536). */
  maxReadingBytes: number;
}

/**
 * Reads and validates the dispatcher's environment. `TWIN_NAME` wins over the bundled
 * `twinName`, which is only the fallback when the variable is unset.
 *
 * @throws ServiceConfigError naming the variable
 * @example
 * ```ts
 * const env = readDispatcherEnv(process.env, parseTwinConfig(twinJson));
 * env.wrapperFunction; // 'demo-processor-wrapper'
 * ```
 */
export function readDispatcherEnv(source: NodeJS.ProcessEnv, twinConfig: TwinConfig): DispatcherEnv {
  const service = readServiceEnv({ ...source, TWIN_NAME: source['TWIN_NAME'] || twinConfig.twinName });
  return {
    ...service,
    wrapperFunction: source['WRAPPER_FUNCTION'] || wrapperFunctionName(service.twin, service.stage),
    wrapperBatchSize: readPositiveInt(source, 'WRAPPER_BATCH_SIZE', DEFAULT_WRAPPER_BATCH_SIZE),
    maxReadingBytes: twinConfig.maxReadingBytes,
  };
}
