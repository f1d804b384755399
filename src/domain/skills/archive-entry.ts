import { SkillInstallError } from '../errors/domain-errors';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive-limits';

export type ArchiveEntryType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** One entry of a skill archive, as declared by the archive's headers. */
export interface ArchiveEntry {
  path: string;
  compressedSize: number;
  uncompressedSize: number;
  type: ArchiveEntryType;
}

export const SKILL_MD = 'SKILL.md';

/** Rejects an archive whose own size is over the limit, before it is opened. */
export function checkArchiveSize(skill: string, archiveBytes: number, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): void {
  if (!Number.isFinite(archiveBytes) || archiveBytes < 0) {
    throw new SkillInstallError(`skill ${skill}: archive size ${archiveBytes} is not a valid byte count`);
  }
  if (archiveBytes > limits.maxArchiveBytes) {
    throw new SkillInstallError(`skill ${skill}: archive is ${archiveBytes} bytes, over the ${limits.maxArchiveBytes}-byte limit`);
  }
}

/**
 * Validates one entry and returns its normalized relative POSIX path ('' for the archive root directory).
 * Anything that could land outside the skill directory, or is not a plain file or directory, is rejected.
 */
export function checkEntry(skill: string, entry: ArchiveEntry, limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS): string {
  const reject = (reason: string): never => {
    throw new SkillInstallError(`skill ${skill}: archive entry "${printable(entry.path)}" rejected: ${reason}`);
  };
  if (entry.type !== 'file' && entry.type !== 'directory') reject(`${entry.type} entries are not allowed`);
  const path = normalizeEntryPath(entry.path, reject);
  if (path === '' && entry.type === 'file') reject('a file entry needs a name');
  checkSizes(entry, limits, reject);
  if (entry.type === 'file' && path === SKILL_MD && entry.uncompressedSize > limits.maxSkillMdBytes) {
    reject(`SKILL.md is ${entry.uncompressedSize} bytes, over the ${limits.maxSkillMdBytes}-byte limit`);
  }
  return path;
}

function normalizeEntryPath(raw: string, reject: (reason: string) => never): string {
  if (raw.length === 0) reject('empty path');
  if (raw.includes('\0')) reject('path contains a NUL character');
  // A backslash is a separator on Windows, so "a\..\..\x" must not be read as one harmless file name.
  if (raw.includes('\\')) reject('path contains a backslash');
  if (raw.startsWith('/')) reject('absolute path');
  if (/^[A-Za-z]:/.test(raw)) reject('path starts with a drive letter');
  const segments = raw.split('/').filter((s) => s !== '' && s !== '.');
  if (segments.includes('..')) reject('path contains a ".." segment');
  return segments.join('/');
}

function checkSizes(entry: ArchiveEntry, limits: ArchiveLimits, reject: (reason: string) => never): void {
  const { compressedSize, uncompressedSize } = entry;
  if (!isByteCount(compressedSize) || !isByteCount(uncompressedSize)) reject('entry sizes are not valid byte counts');
  if (uncompressedSize > limits.maxUnpackedBytes) {
    reject(`unpacks to ${uncompressedSize} bytes, over the ${limits.maxUnpackedBytes}-byte limit`);
  }
  if (uncompressedSize < limits.ratioCheckMinBytes) return;
  if (compressedSize === 0 || uncompressedSize / compressedSize > limits.maxCompressionRatio) {
    const ratio = compressedSize === 0 ? 'infinite' : `${Math.round(uncompressedSize / compressedSize)}:1`;
    reject(`compression ratio ${ratio} is over ${limits.maxCompressionRatio}:1`);
  }
}

function isByteCount(n: number): boolean {
  return Number.isSafeInteger(n) && n >= 0;
}

/** Keeps error messages on one line whatever bytes the archive put in its names. */
function printable(path: string): string {
  const clean = Array.from(path, (ch) => (isControl(ch) ? '?' : ch)).join('');
  return clean.length > 200 ? `${clean.slice(0, 200)}…` : clean;
}

function isControl(ch: string): boolean {
  const code = ch.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
}
