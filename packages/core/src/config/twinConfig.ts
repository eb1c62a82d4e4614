import { z } from 'zod';
import { TWIN_NAME_PATTERN } from '../naming';
import { parseWithSchema, readJsonFile } from './readJsonFile';

/** Default days a reading stays in the hot table. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Default upper bound for one raw reading, in bytes of JSON. */
export const DEFAULT_MAX_READING_BYTES = 64 * 1024;

/**
 * Schema of `config/twin.json`.
 */
export const twinConfigSchema = z.object({
  /** Twin name, prefix of every function and table name. */
  twinName: z.string().regex(TWIN_NAME_PATTERN, 'must be 1-24 lowercase letters, digits or "-", starting with a letter'),
  /** AWS region the twin is deployed to. */
  region: z.string().regex(/^[a-z]{2}(-gov)?-[a-z]+-\d$/, 'must be an AWS region such as eu-central-1'),
  /** Days a reading stays in the hot table (DynamoDB TTL). Default 30. */
  retentionDays: z.number().int().min(1).max(3650).default(DEFAULT_RETENTION_DAYS),
  /** Largest accepted raw reading, bytes of JSON. Default 65536; at most 240 KB (async invoke limit). */
  maxReadingBytes: z.number().int().min(256).max(240 * 1024).default(DEFAULT_MAX_READING_BYTES),
});

/** Validated contents of `config/twin.json` (defaults applied). */
export type TwinConfig = z.output<typeof twinConfigSchema>;

/**
 * Validates an already-parsed twin config (e.g. JSON bundled at build time).
 *
 * @param value - the parsed JSON
 * @param file - label used in error messages. Default `config/twin.json`.
 * @throws ConfigError naming the file and each offending field
 * @example
 * ```ts
 * import twinJson from '../../config/twin.json';
 * const twin = parseTwinConfig(twinJson);
 * ```
 */
export function parseTwinConfig(value: unknown, file = 'config/twin.json'): TwinConfig {
  return parseWithSchema(twinConfigSchema, value, file);
}

/**
 * Reads and validates a twin config file.
 *
 * @throws ConfigError when the file is missing, not JSON, or invalid (message names file and field)
 * @example
 * ```ts
 * const { twinName, retentionDays } = loadTwinConfig('config/twin.json');
 * ```
 */
export function loadTwinConfig(file: string): TwinConfig {
  return parseTwinConfig(readJsonFile(file), file);
}
