// How every deploy-tools command line ends: a typed error's message on stderr, prefixed with the
// tool's name (and its usage for a command line it cannot take), and the exit code: 2 for a
// UsageError, 1 for anything else. An unexpected error (not a TwinflowError) keeps its stack.
import { TwinflowError } from '@twinflow/core';
import { UsageError } from './errors';

/**
 * Runs a tool's `main`, turning a rejection into a message and an exit code (never `process.exit`,
 * so output is flushed).
 *
 * @example
 * ```ts
 * runCli('zip-processor', () => main(process.argv.slice(2)));
 * ```
 */
export function runCli(name: string, main: () => Promise<void>, usage?: string): void {
  main().catch((error: unknown) => {
    const isUsage = error instanceof UsageError;
    const message = error instanceof TwinflowError ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error);
    process.stderr.write(`${name}: ${message}${isUsage && usage !== undefined ? `\n${usage}` : ''}\n`);
    process.exitCode = isUsage ? 2 : 1;
  });
}
