// Opens the zip `serverless package` writes for a service and describes what Lambda would load.
// The zip is read with node:zlib (central directory → entries), so tests need no unzip binary.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';
import { buildSync } from 'esbuild';

export interface ZipEntry {
  name: string;
  /** Uncompressed size in bytes. */
  size: number;
  content: Buffer;
}

const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_DIRECTORY_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;

/** Every entry of a (non-zip64) zip archive, decompressed. */
export function readZip(zip: Buffer): ZipEntry[] {
  const eocd = zip.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0 || zip.readUInt32LE(eocd) !== END_OF_CENTRAL_DIRECTORY) throw new Error('Not a zip archive');
  const count = zip.readUInt16LE(eocd + 10);
  let offset = zip.readUInt32LE(eocd + 16);
  const entries: ZipEntry[] = [];
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== CENTRAL_DIRECTORY_HEADER) throw new Error(`Corrupt central directory at ${offset}`);
    const method = zip.readUInt16LE(offset + 10);
    const compressedSize = zip.readUInt32LE(offset + 20);
    const size = zip.readUInt32LE(offset + 24);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    const localHeader = zip.readUInt32LE(offset + 42);
    const name = zip.toString('utf8', offset + 46, offset + 46 + nameLength);
    if (zip.readUInt32LE(localHeader) !== LOCAL_FILE_HEADER) throw new Error(`Corrupt local header of ${name}`);
    const dataStart = localHeader + 30 + zip.readUInt16LE(localHeader + 26) + zip.readUInt16LE(localHeader + 28);
    const data = zip.subarray(dataStart, dataStart + compressedSize);
    if (method !== 0 && method !== 8) throw new Error(`${name}: unsupported compression method ${method}`);
    entries.push({ name, size, content: method === 8 ? inflateRawSync(data) : Buffer.from(data) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

export interface ServiceBundle {
  zipPath: string;
  zipBytes: number;
  /** File entries (directories left out). */
  files: ZipEntry[];
  /** Modules the bundle leaves to the runtime: every `require("…")` call of a module not inlined. */
  externalRequires: string[];
  /** The AWS SDK clients inlined (`@aws-sdk/client-…`), by the package name each client's user agent carries. */
  inlinedSdkClients: string[];
}

/**
 * Every module `code` requires by name, as esbuild parses it (a `require("…")` inside a string,
 * such as an SDK error message telling users to install a package, is not a call).
 */
function requiredModules(code: string): string[] {
  const { metafile } = buildSync({ stdin: { contents: code, sourcefile: 'handler.js' }, bundle: true, write: false, metafile: true, platform: 'node', external: ['*'], logLevel: 'silent' });
  const imports = Object.values(metafile.inputs).flatMap((input) => input.imports);
  return [...new Set(imports.filter((entry) => entry.kind === 'require-call' || entry.kind === 'dynamic-import').map((entry) => entry.path))].sort();
}

/** The single zip in `<serviceDir>/.serverless`, opened and described. */
export function readServiceBundle(serviceDir: string): ServiceBundle {
  const outputDir = path.join(serviceDir, '.serverless');
  const zips = readdirSync(outputDir).filter((file) => file.endsWith('.zip'));
  if (zips.length !== 1) throw new Error(`Expected one zip in ${outputDir}, found ${JSON.stringify(zips)}`);
  const zipPath = path.join(outputDir, zips[0] as string);
  const zip = readFileSync(zipPath);
  const files = readZip(zip).filter((entry) => !entry.name.endsWith('/'));
  const code = files
    .filter((entry) => entry.name.endsWith('.js'))
    .map((entry) => entry.content.toString('utf8'))
    .join('\n');
  // Each inlined client carries its package.json (name and version, which its user agent reports).
  const inlinedSdkClients = [...new Set([...code.matchAll(/\bname:"(@aws-sdk\/client-[a-z0-9-]+)",version:"/g)].map((match) => match[1] as string))].sort();
  return { zipPath, zipBytes: zip.length, files, externalRequires: requiredModules(code), inlinedSdkClients };
}
