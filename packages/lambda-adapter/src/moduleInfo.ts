import type { HealthStatus } from '@twinflow/core';
import type { RetryStrategy } from '@twinflow/health';
import type { ModuleInfo } from './types/module';
import type { InvocationType } from './types/options';

/** What {@link moduleInfoOf} reads from the adapter. */
export interface ModuleInfoSource {
  moduleName: string;
  moduleVersion: string;
  functionName: string;
  region: string | undefined;
  invocationType: InvocationType;
  retry: RetryStrategy;
  timeoutMs: number;
  requiredScopes: readonly string[];
  health: HealthStatus;
}

/** The adapter's `moduleInfo()`: a fresh object, `region` left out while unknown. */
export function moduleInfoOf(source: ModuleInfoSource): ModuleInfo {
  const { region, retry } = source;
  return {
    name: source.moduleName,
    version: source.moduleVersion,
    type: 'lambda',
    functionName: source.functionName,
    ...(region === undefined ? {} : { region }),
    invocationType: source.invocationType,
    retry: { maxRetries: retry.maxRetries, initialDelayMs: retry.initialDelayMs, maxDelayMs: retry.maxDelayMs },
    timeoutMs: source.timeoutMs,
    requiredScopes: [...source.requiredScopes],
    health: source.health,
  };
}

/** Whether `granted` holds every scope in `required` (`true` when none are; `false` for a `granted` that is not an array). */
export function grantsAll(granted: readonly string[], required: readonly string[]): boolean {
  if (required.length === 0) return true;
  if (!Array.isArray(granted)) return false;
  const held = new Set<unknown>(granted);
  return required.every((scope) => held.has(scope));
}
