import { hotTableName } from '@twinflow/core';
import type { TwinConfig } from '@twinflow/core';
import { readPositiveInt, readServiceEnv, ServiceConfigError } from '@twinflow/runtime';
import type { ServiceEnv } from '@twinflow/runtime';

/** The persister's settings: the shared service variables plus its own. */
export interface PersisterEnv extends ServiceEnv {
  /** `HOT_TABLE`. Default `${twin}-hot`. */
  hotTable: string;
  /** `RETENTION_DAYS`, 1..3650: days an item stays in the table (its `ttl`). Default `retentionDays` of `config/twin.json` (30). */
  retentionDays: number;
}

/**
 * Reads and validates the persister's environment. `TWIN_NAME` wins over the bundled
 * `twinName`, which is only the fallback when the variable is unset.
 *
 * @throws ServiceConfigError naming the variable
 * @example
 * ```ts
 * const env = readPersisterEnv(process.env, parseTwinConfig(twinJson));
 * env.hotTable; // 'demo-hot'
 * ```
 */
export function readPersisterEnv(source: NodeJS.ProcessEnv, twinConfig: TwinConfig): PersisterEnv {
  const service = readServiceEnv({ ...source, TWIN_NAME: source['TWIN_NAME'] || twinConfig.twinName });
  const retentionDays = readPositiveInt(source, 'RETENTION_DAYS', twinConfig.retentionDays);
  if (retentionDays > 3650) throw new ServiceConfigError('RETENTION_DAYS', `must be at most 3650, got "${retentionDays}"`);
  return { ...service, hotTable: source['HOT_TABLE'] || hotTableName(service.twin, service.stage), retentionDays };
}
