import { readFileSync } from 'node:fs';
import * as z from 'zod/mini';
import { ConfigError } from '../errors';

/**
 * Validates `value` against `schema`; on failure throws {@link ConfigError} naming `file`
 * and every offending field.
 */
export function parseWithSchema<T>(schema: z.ZodMiniType<T>, value: unknown, file: string): T {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const issues = result.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '(root)' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  const summary = issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
  throw new ConfigError(file, `invalid configuration — ${summary}`, issues, { cause: result.error });
}

/** Reads and parses a JSON file, turning I/O and syntax errors into {@link ConfigError}. */
export function readJsonFile(file: string): unknown {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new ConfigError(file, `cannot read file (${(err as NodeJS.ErrnoException).code ?? 'error'})`, [], { cause: err });
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new ConfigError(file, `not valid JSON (${(err as Error).message})`, [], { cause: err });
  }
}

/**
 * An integer from `min` to `max` (inclusive), every failure with the same plain message. zod/mini
 * (a small fraction of the classic API's size in every service bundle) ships no default messages.
 *
 * @example
 * ```ts
 * z.object({ timeout: integerFrom(1, 900) }); // "timeout: must be an integer from 1 to 900"
 * ```
 */
export function integerFrom(min: number, max: number): z.ZodMiniNumber<number> {
  const message = `must be an integer from ${min} to ${max}`;
  return z.int({ error: message }).check(z.minimum(min, message), z.maximum(max, message));
}
