import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { readZipEntries, readZipEntry, unzipTo, writeDeterministicZip, ZipEntryMissingError, ZipEntryNameError, ZipReadError } from '../../src/index';

const ENTRIES = [
  { name: 'index.js', data: 'exports.handler = async () => ({ ok: true });\n' },
  { name: 'lib/data.bin', data: Buffer.from([0, 1, 2, 255, 254]) },
  { name: 'index.js.map', data: Buffer.from('{"version":3}') },
];

describe('deterministic zips', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'twinflow-zip-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('reads back every entry it wrote, byte for byte, sorted by name', async () => {
    // Prepare
    const zipPath = path.join(dir, 'out/bundle.zip');

    // Act
    const { sha256 } = await writeDeterministicZip(ENTRIES, { zipPath });
    const files = await readZipEntries(zipPath);

    // Assess
    expect([...files.keys()]).toEqual(['index.js', 'index.js.map', 'lib/data.bin']);
    expect(files.get('index.js')?.toString('utf8')).toBe(ENTRIES[0]?.data);
    expect(files.get('lib/data.bin')).toEqual(ENTRIES[1]?.data);
    expect(await readZipEntry(zipPath, 'index.js.map')).toEqual(ENTRIES[2]?.data);
    expect(createHash('sha256').update(readFileSync(zipPath)).digest('hex')).toBe(sha256);
    expect(readFileSync(`${zipPath}.sha256`, 'utf8')).toBe(`${sha256}  bundle.zip\n`);
  });

  it('gives byte-identical archives for the same entries, whatever their order and whenever made', async () => {
    // Act
    const first = await writeDeterministicZip(ENTRIES);
    const second = await writeDeterministicZip([...ENTRIES].reverse());
    const stored = await writeDeterministicZip(ENTRIES, { compress: false });

    // Assess
    expect(second.bytes.equals(first.bytes)).toBe(true);
    expect(second.sha256).toBe(first.sha256);
    expect(stored.sha256).not.toBe(first.sha256);
    // Local file header: DOS time 00:00:00 and date 1980-01-01 for every entry.
    expect(first.bytes.readUInt16LE(10)).toBe(0);
    expect(first.bytes.readUInt16LE(12)).toBe((0 << 9) | (1 << 5) | 1);
  });

  it('unpacks into a directory, with the fixed mode', async () => {
    // Prepare
    const zipPath = path.join(dir, 'bundle.zip');
    await writeDeterministicZip(ENTRIES, { zipPath });

    // Act
    const written = await unzipTo(zipPath, path.join(dir, 'unpacked'));

    // Assess
    expect(written).toEqual(['index.js', 'index.js.map', 'lib/data.bin']);
    expect(readFileSync(path.join(dir, 'unpacked/lib/data.bin'))).toEqual(ENTRIES[1]?.data);
    expect(statSync(path.join(dir, 'unpacked/index.js')).mode & 0o777).toBe(0o644);
  });

  it('says which file it could not write when unpacking fails', async () => {
    // Prepare: the target directory is a file
    const zipPath = path.join(dir, 'bundle.zip');
    await writeDeterministicZip(ENTRIES, { zipPath });
    writeFileSync(path.join(dir, 'taken'), '');

    // Act & Assess
    await expect(unzipTo(zipPath, path.join(dir, 'taken'))).rejects.toMatchObject({ code: 'ZIP_UNPACK_FAILED', zipPath, message: expect.stringContaining(path.join(dir, 'taken', 'index.js')) });
  });

  it('names the zip and the entry when the entry is missing', async () => {
    // Prepare
    const zipPath = path.join(dir, 'bundle.zip');
    await writeDeterministicZip(ENTRIES, { zipPath });

    // Act
    const reading = readZipEntry(zipPath, 'src/handler.js');

    // Assess
    await expect(reading).rejects.toThrow(ZipEntryMissingError);
    await expect(reading).rejects.toMatchObject({ code: 'ZIP_ENTRY_MISSING', zipPath, entry: 'src/handler.js', message: `${zipPath} has no src/handler.js` });
  });

  it.each([
    ['a file that is not a zip', (file: string) => writeFileSync(file, 'not a zip at all, just text')],
    ['a missing file', () => undefined],
  ])('refuses %s with ZipReadError', async (_, prepare) => {
    // Prepare
    const zipPath = path.join(dir, 'bundle.zip');
    prepare(zipPath);

    // Act & Assess
    for (const read of [() => readZipEntries(zipPath), () => readZipEntry(zipPath, 'index.js'), () => unzipTo(zipPath, path.join(dir, 'x'))]) {
      const reading = read();
      await expect(reading).rejects.toThrow(ZipReadError);
      await expect(reading).rejects.toMatchObject({ code: 'ZIP_UNREADABLE', zipPath, cause: expect.objectContaining({ message: expect.any(String) }) });
    }
  });

  it.each([
    [[{ name: 'index.js', data: 'a' }, { name: 'index.js', data: 'b' }], 'index.js', 'is given twice'],
    [[{ name: '../escape.js', data: 'a' }], '../escape.js', 'is refused'],
  ])('refuses entries that cannot make a zip: %j', async (entries, entry, reason) => {
    const writing = writeDeterministicZip(entries);
    await expect(writing).rejects.toThrow(ZipEntryNameError);
    await expect(writing).rejects.toMatchObject({ code: 'ZIP_INVALID_ENTRY', entry, message: expect.stringContaining(reason) });
  });
});
