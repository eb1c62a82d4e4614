// twinflow's one zip helper: deterministic zips written with yazl (what `nx build processor-<device>`
// ships), read and unpacked with yauzl (what the local twin serves, what the benchmarks time).
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { openPromise, type Entry, type ZipFile } from 'yauzl';
import { ZipEntryMissingError, ZipEntryNameError, ZipError, ZipReadError } from './errors';

/** The part of yazl (which publishes no types) the writer uses. */
interface YazlZipFile {
  addBuffer(data: Buffer, name: string, options: { mtime: Date; mode: number; compress: boolean; forceDosTimestamp: boolean }): void;
  end(): void;
  outputStream: Readable;
}
// yazl publishes no type declarations: typed by the interface above.
const yazl = require('yazl') as { ZipFile: new () => YazlZipFile };

/** One file of a zip: its path inside the archive (`/`-separated) and its bytes (a string is written as UTF-8). */
export type ZipEntryInput = { name: string; data: Buffer | string };

/** A zip written by {@link writeDeterministicZip}. */
export type DeterministicZip = {
  /** The archive's bytes. */
  bytes: Buffer;
  /** sha256 of `bytes`, hex. */
  sha256: string;
};

/** Options of {@link writeDeterministicZip}. */
export type DeterministicZipOptions = {
  /** Where to write the zip; `<zipPath>.sha256` (`sha256sum` format) is written beside it. Default: memory only. */
  zipPath?: string;
  /** Deflate the entries (default `true`); `false` stores them. */
  compress?: boolean;
};

/**
 * Every entry's modification time: 1980-01-01T00:00:00, the earliest a zip can hold, in the DOS
 * date/time fields only (no extended timestamp), so an archive does not depend on when it was made.
 */
const FIXED_MTIME = new Date(1980, 0, 1, 0, 0, 0);
/** Every entry's mode: a regular file, rw-r--r--. */
const FIXED_MODE = 0o100644;

/**
 * Zips `entries` deterministically: sorted by name, every mtime 1980-01-01, every mode 0644, so the
 * same entries always give byte-identical archives. With `zipPath`, writes the zip and its
 * `.sha256` file.
 *
 * @throws {ZipEntryNameError} two entries of one name, or a name a zip cannot hold (absolute, `..`).
 * @example
 * ```ts
 * const { sha256 } = await writeDeterministicZip([{ name: 'index.js', data: bundle }], { zipPath: 'dist/processors/processor-thermostat-1.zip' });
 * ```
 */
export async function writeDeterministicZip(entries: readonly ZipEntryInput[], options: DeterministicZipOptions = {}): Promise<DeterministicZip> {
  const label = options.zipPath ?? '<memory>';
  const sorted = [...entries].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const zip = new yazl.ZipFile();
  sorted.forEach((entry, i) => {
    if (sorted[i + 1]?.name === entry.name) throw new ZipEntryNameError(label, entry.name, 'is given twice');
    const data = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
    try {
      zip.addBuffer(data, entry.name, { mtime: FIXED_MTIME, mode: FIXED_MODE, compress: options.compress ?? true, forceDosTimestamp: true });
    } catch (error) {
      throw new ZipEntryNameError(label, entry.name, 'is refused', error);
    }
  });
  zip.end();
  const chunks: Buffer[] = [];
  for await (const chunk of zip.outputStream) chunks.push(chunk as Buffer);
  const bytes = Buffer.concat(chunks);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  if (options.zipPath !== undefined) {
    mkdirSync(path.dirname(options.zipPath), { recursive: true });
    writeFileSync(options.zipPath, bytes);
    writeFileSync(`${options.zipPath}.sha256`, `${sha256}  ${path.basename(options.zipPath)}\n`);
  }
  return { bytes, sha256 };
}

/** Opens a zip for one pass over its entries, closing it when `visit` is done (or throws). */
async function withZip<T>(zipPath: string, visit: (zip: ZipFile) => Promise<T>): Promise<T> {
  let zip: ZipFile;
  try {
    zip = await openPromise(zipPath, { lazyEntries: true, autoClose: false, strictFileNames: true });
  } catch (error) {
    throw new ZipReadError(zipPath, error);
  }
  try {
    return await visit(zip);
  } catch (error) {
    if (error instanceof ZipError) throw error;
    throw new ZipReadError(zipPath, error);
  } finally {
    zip.close();
  }
}

/** The file entries of a zip (directory entries, whose names end in `/`, left out). */
async function* fileEntries(zip: ZipFile): AsyncGenerator<Entry> {
  for await (const entry of zip.eachEntry()) if (!entry.fileName.endsWith('/')) yield entry;
}

async function contentOf(zip: ZipFile, entry: Entry): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await zip.openReadStreamPromise(entry)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

/**
 * Every file of a zip, by name, in the archive's order.
 *
 * @throws {ZipReadError} the file is missing, unreadable or not a zip.
 */
export function readZipEntries(zipPath: string): Promise<Map<string, Buffer>> {
  return withZip(zipPath, async (zip) => {
    const files = new Map<string, Buffer>();
    for await (const entry of fileEntries(zip)) files.set(entry.fileName, await contentOf(zip, entry));
    return files;
  });
}

/**
 * One file of a zip.
 *
 * @throws {ZipEntryMissingError} the zip holds no file `name`.
 * @throws {ZipReadError} the file is missing, unreadable or not a zip.
 * @example
 * ```ts
 * const handler = await readZipEntry('apps/dispatcher/.serverless/demo-dispatcher.zip', 'src/handler.js');
 * ```
 */
export function readZipEntry(zipPath: string, name: string): Promise<Buffer> {
  return withZip(zipPath, async (zip) => {
    for await (const entry of fileEntries(zip)) if (entry.fileName === name) return await contentOf(zip, entry);
    throw new ZipEntryMissingError(zipPath, name);
  });
}

/**
 * Unpacks a zip into `dir` (created with the first file), keeping each file's permission bits when the zip
 * holds them; yauzl refuses names that would land outside `dir` (absolute, `..`).
 *
 * @returns the names of the files written, in the archive's order.
 * @throws {ZipReadError} the file is missing, unreadable or not a zip.
 * @throws {ZipError} `ZIP_UNPACK_FAILED`: a file could not be written under `dir`.
 */
export function unzipTo(zipPath: string, dir: string): Promise<string[]> {
  return withZip(zipPath, async (zip) => {
    const written: string[] = [];
    for await (const entry of fileEntries(zip)) {
      const target = path.join(dir, entry.fileName);
      const mode = (entry.externalFileAttributes >>> 16) & 0o777;
      const data = await contentOf(zip, entry);
      try {
        mkdirSync(path.dirname(target), { recursive: true });
        writeFileSync(target, data, mode === 0 ? {} : { mode });
      } catch (error) {
        throw new ZipError(`${zipPath}: cannot write ${target}`, 'ZIP_UNPACK_FAILED', zipPath, { cause: error });
      }
      written.push(entry.fileName);
    }
    return written;
  });
}
