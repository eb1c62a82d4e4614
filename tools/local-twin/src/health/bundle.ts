// The page script: client/console.ts bundled by esbuild (browser, IIFE) once per process, so the
// page runs the very render functions the server paints with.
import path from 'node:path';
import { build } from 'esbuild';
import { TwinStartError } from '../errors';

/** The page script's source file. */
export const CONSOLE_ENTRY = path.join(__dirname, 'client', 'console.ts');

let bundled: Promise<string> | undefined;

/**
 * The bundled page script (built on first use, then shared by every server of the process).
 * Rejects with a `TwinStartError` when esbuild fails; the next call tries again.
 */
export function consoleScript(): Promise<string> {
  bundled ??= build({
    entryPoints: [CONSOLE_ENTRY],
    bundle: true,
    write: false,
    platform: 'browser',
    format: 'iife',
    target: 'es2020',
    legalComments: 'none',
    logLevel: 'silent',
  }).then(
    (result) => result.outputFiles[0]?.text ?? '',
    (error: unknown) => {
      bundled = undefined;
      throw new TwinStartError(`the console's page script (${CONSOLE_ENTRY}) did not bundle: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    },
  );
  return bundled;
}
