import * as yauzl from 'yauzl';
import { SkillInstallError } from '../../domain/errors/domain-errors';
import { checkArchiveSize, checkEntry, type ArchiveEntryType } from '../../domain/skills/archive-entry';
import type { ArchiveLimits } from '../../domain/skills/archive-limits';
import { ArchiveTotals } from '../../domain/skills/archive-totals';

/** A file extracted from a skill archive, path relative to the skill directory. */
export interface ArchiveFile {
  path: string;
  content: Buffer;
}

const UNIX_HOST = 3;
const S_IFMT = 0o170000;
const FILE_TYPES: Record<number, ArchiveEntryType> = { 0o100000: 'file', 0o040000: 'directory', 0o120000: 'symlink' };
const STORED = 0;
const DEFLATED = 8;

/**
 * Walks a skill zip in-process, enforcing the domain's archive rules on every entry (path, type, declared sizes,
 * ratio, entry count) and then on the bytes really decompressed while streaming, so a header that lies about
 * sizes is caught as soon as the data exceeds it, never after inflating it all. With `onFile` each validated file
 * is handed over in archive order; without it the data is only counted (a validation pass that writes nothing).
 */
export async function walkSkillArchive(
  skill: string,
  zip: Uint8Array,
  limits: ArchiveLimits,
  onFile?: (file: ArchiveFile) => Promise<void>,
): Promise<void> {
  checkArchiveSize(skill, zip.length, limits);
  const buffer = Buffer.from(zip.buffer, zip.byteOffset, zip.length);
  const zipfile = await yauzl
    .fromBufferPromise(buffer, { lazyEntries: true, decodeStrings: false, validateEntrySizes: true })
    .catch((err: Error) => {
      throw new SkillInstallError(`skill ${skill}: artifact is not a valid zip archive (${err.message})`, { cause: err });
    });
  try {
    if (zipfile.entryCount > limits.maxEntries) {
      throw new SkillInstallError(`skill ${skill}: archive has ${zipfile.entryCount} entries, over the ${limits.maxEntries}-entry limit`);
    }
    const totals = new ArchiveTotals(skill, limits);
    for await (const entry of zipfile.eachEntry()) {
      const name = entryName(entry);
      const type = entryType(entry, name);
      const path = checkEntry(skill, { path: name, compressedSize: entry.compressedSize, uncompressedSize: entry.uncompressedSize, type }, limits);
      totals.addEntry({ path: name, uncompressedSize: entry.uncompressedSize });
      if (type === 'directory') continue;
      const reject = (reason: string, cause?: unknown): SkillInstallError =>
        new SkillInstallError(`skill ${skill}: archive entry "${path}" rejected: ${reason}`, { cause });
      if (entry.isEncrypted()) throw reject('encrypted entries are not supported');
      if (entry.compressionMethod !== STORED && entry.compressionMethod !== DEFLATED) {
        throw reject(`compression method ${entry.compressionMethod} is not supported (only stored and deflate)`);
      }
      const content = await readEntry(zipfile, entry, path, totals, limits, reject, onFile !== undefined);
      if (onFile && content) await onFile({ path, content });
    }
  } catch (err) {
    if (err instanceof SkillInstallError) throw err;
    throw new SkillInstallError(`skill ${skill}: artifact could not be read (${(err as Error).message})`, { cause: err });
  } finally {
    zipfile.close();
  }
}

async function readEntry(
  zipfile: yauzl.ZipFile,
  entry: yauzl.Entry,
  path: string,
  totals: ArchiveTotals,
  limits: ArchiveLimits,
  reject: (reason: string, cause?: unknown) => SkillInstallError,
  keep: boolean,
): Promise<Buffer | undefined> {
  const stream = await zipfile.openReadStreamPromise(entry).catch((err: Error) => {
    throw reject(err.message, err);
  });
  const chunks: Buffer[] = [];
  let bytes = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      // Real bytes, not headers: more than declared is a lie; the ratio is re-checked on what was inflated.
      if (bytes > entry.uncompressedSize) throw reject(`decompresses to more than the ${entry.uncompressedSize} bytes its header declares`);
      if (bytes >= limits.ratioCheckMinBytes && bytes / Math.max(1, entry.compressedSize) > limits.maxCompressionRatio) {
        throw reject(`compression ratio is over ${limits.maxCompressionRatio}:1`);
      }
      totals.addBytes(path, chunk.length);
      if (keep) chunks.push(chunk);
    }
  } catch (err) {
    stream.destroy();
    if (err instanceof SkillInstallError) throw err;
    throw reject((err as Error).message, err);
  }
  return keep ? Buffer.concat(chunks) : undefined;
}

/** Decodes the raw name ourselves (strict: backslashes kept) so the domain rules, not yauzl, judge it. */
function entryName(entry: yauzl.Entry): string {
  return yauzl.getFileNameLowLevel(entry.generalPurposeBitFlag, entry.fileNameRaw, entry.extraFields, true);
}

function entryType(entry: yauzl.Entry, name: string): ArchiveEntryType {
  if (entry.versionMadeBy >> 8 === UNIX_HOST) {
    const format = (entry.externalFileAttributes >>> 16) & S_IFMT;
    if (format !== 0) {
      const type = FILE_TYPES[format] ?? 'other';
      if (type === 'file' && name.endsWith('/')) return 'directory';
      return type;
    }
  }
  return name.endsWith('/') ? 'directory' : 'file';
}
