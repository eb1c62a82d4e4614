// The deploy tools' typed errors: each has a stable `code` (core's TwinflowError); the command
// lines map them to exit codes (2: a command line they cannot take, 1: anything else).
import { TwinflowError } from '@twinflow/core';

/** A command line a tool cannot take; the CLI prints it with its usage and exits with 2. */
export class UsageError extends TwinflowError {
  public constructor(message: string, code = 'TOOL_USAGE') {
    super(message, code);
  }
}

/** A deploy command line (`npm run deploy`, a project's `deploy` target) the deploy tools cannot take. */
export class DeployUsageError extends UsageError {
  public constructor(message: string) {
    super(message, 'DEPLOY_USAGE');
  }
}

/** A deploy refused before anything ran (uncommitted changes) or stopped by failed checks or a failed stack. */
export class DeployFailedError extends TwinflowError {
  public constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, 'DEPLOY_FAILED', options);
  }
}

/** What a build step reads is not there (a processor's bundle, a package's package.json). */
export class BuildInputMissingError extends TwinflowError {
  public constructor(
    message: string,
    /** The missing file, relative to the workspace. */
    public readonly file: string,
  ) {
    super(message, 'BUILD_INPUT_MISSING');
  }
}

/** The message of anything thrown (an Error of any realm, or another value). */
const messageOf = (thrown: unknown): string =>
  typeof thrown === 'object' && thrown !== null && 'message' in thrown && typeof thrown.message === 'string' ? thrown.message : String(thrown);

/** Base class of the zip helpers' errors; each names the zip. */
export class ZipError extends TwinflowError {
  public constructor(
    message: string,
    code: string,
    /** The zip file read or written (`<memory>` for an in-memory zip). */
    public readonly zipPath: string,
    options: { cause?: unknown } = {},
  ) {
    super(message, code, options);
  }
}

/** A file that is missing, unreadable or not a zip archive (`cause`: yauzl's or the file system's error). */
export class ZipReadError extends ZipError {
  public constructor(zipPath: string, cause: unknown) {
    super(`${zipPath} is not a readable zip file: ${messageOf(cause)}`, 'ZIP_UNREADABLE', zipPath, { cause });
  }
}

/** The zip holds no entry of that name. */
export class ZipEntryMissingError extends ZipError {
  public constructor(
    zipPath: string,
    /** The entry asked for. */
    public readonly entry: string,
  ) {
    super(`${zipPath} has no ${entry}`, 'ZIP_ENTRY_MISSING', zipPath);
  }
}

/** Entries given to the writer that cannot make a zip: two of one name, or a name yazl refuses. */
export class ZipEntryNameError extends ZipError {
  public constructor(
    zipPath: string,
    /** The refused entry name. */
    public readonly entry: string,
    reason: string,
    cause?: unknown,
  ) {
    super(`${zipPath}: entry ${JSON.stringify(entry)} ${reason}${cause === undefined ? '' : `: ${messageOf(cause)}`}`, 'ZIP_INVALID_ENTRY', zipPath, { cause });
  }
}
