import * as z from 'zod/mini';
import { DEFAULT_STAGE, REGION_PATTERN, RESERVED_STAGES, STAGE_PATTERN, TWIN_NAME_PATTERN } from '../naming';
import { integerFrom, parseWithSchema, readJsonFile } from './readJsonFile';

/** Default days a reading stays in the hot table. */
export const DEFAULT_RETENTION_DAYS = 30;
/** Default upper bound for one raw reading, in bytes of JSON. */
export const DEFAULT_MAX_READING_BYTES = 64 * 1024;

/** Default of `stages`: the twin is deployed to the default stage only. */
const DEFAULT_STAGES: readonly string[] = [DEFAULT_STAGE];

/** One stage name: the pattern of `assertStage`, and not reserved. */
const stageSchema = z.string({ error: 'must be a string' }).check(
  z.regex(STAGE_PATTERN, 'must be 1-16 lowercase letters and digits, starting with a letter'),
  z.refine((stage) => !RESERVED_STAGES.includes(stage), {
    error: (issue) => `"${String(issue.input)}" is reserved: the default stage's processor wildcard would match its functions`,
  }),
);

/** The stages a twin is deployed to: at least one, each valid, no duplicates. */
const stagesSchema = z.array(stageSchema, { error: 'must be an array of stage names' }).check(
  z.minLength(1, 'must list at least one stage'),
  z.superRefine((stages, ctx) => {
    const seen = new Set<string>();
    stages.forEach((stage, index) => {
      if (seen.has(stage)) ctx.addIssue({ code: 'custom', path: [index], message: `duplicate stage "${stage}"`, input: stage });
      seen.add(stage);
    });
  }),
);

/**
 * Schema of `config/twin.json`.
 */
export const twinConfigSchema = z.object(
  {
    /** Twin name, prefix of every function and table name. */
    twinName: z.string({ error: 'must be a string' }).check(z.regex(TWIN_NAME_PATTERN, 'must be 1-24 lowercase letters, digits or "-", starting with a letter')),
    /** AWS region the twin is deployed to. */
    region: z.string({ error: 'must be a string' }).check(z.regex(REGION_PATTERN, 'must be an AWS region such as eu-central-1')),
    /** Days a reading stays in the hot table (DynamoDB TTL). Default 30. */
    retentionDays: z._default(integerFrom(1, 3650), DEFAULT_RETENTION_DAYS),
    /** Largest accepted raw reading, bytes of JSON. Default 65536; at most 240 KB (async invoke limit). */
    maxReadingBytes: z._default(integerFrom(256, 240 * 1024), DEFAULT_MAX_READING_BYTES),
    /**
     * The stages this twin is deployed to (names are checked against AWS's limits for each).
     * Default `["dev"]`; each a valid stage name (`STAGE_PATTERN`, not reserved), no duplicates.
     */
    stages: z._default(stagesSchema, () => [...DEFAULT_STAGES]),
  },
  { error: 'must be an object' },
);

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
