import { SkillInstallError } from '../errors/domain-errors';
import { DEFAULT_ARCHIVE_LIMITS, type ArchiveLimits } from './archive-limits';
import type { ArchiveEntry } from './archive-entry';

/**
 * Running totals over a whole archive: entry count and unpacked bytes. Call `addEntry` for every entry (with its
 * declared size) and, while extracting, `addBytes` with the bytes actually written, because headers can lie.
 */
export class ArchiveTotals {
  private entries = 0;
  private declaredBytes = 0;
  private writtenBytes = 0;

  constructor(
    private readonly skill: string,
    private readonly limits: ArchiveLimits = DEFAULT_ARCHIVE_LIMITS,
  ) {}

  get entryCount(): number {
    return this.entries;
  }

  get totalBytes(): number {
    return Math.max(this.declaredBytes, this.writtenBytes);
  }

  addEntry(entry: Pick<ArchiveEntry, 'path' | 'uncompressedSize'>): void {
    this.entries += 1;
    if (this.entries > this.limits.maxEntries) {
      throw new SkillInstallError(
        `skill ${this.skill}: archive has more than ${this.limits.maxEntries} entries (rejected at "${entry.path}")`,
      );
    }
    this.declaredBytes += entry.uncompressedSize;
    this.checkTotal(this.declaredBytes, entry.path);
  }

  /** Counts bytes really extracted for `path`; throws as soon as the total is over the limit. */
  addBytes(path: string, bytes: number): void {
    this.writtenBytes += bytes;
    this.checkTotal(this.writtenBytes, path);
  }

  private checkTotal(total: number, path: string): void {
    if (total > this.limits.maxUnpackedBytes) {
      throw new SkillInstallError(
        `skill ${this.skill}: archive unpacks to more than ${this.limits.maxUnpackedBytes} bytes (rejected at "${path}")`,
      );
    }
  }
}
