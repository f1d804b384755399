/**
 * Limits a skill archive must respect before anything is written to a sandbox. The defaults mirror the checks
 * stigmer-server runs when a skill is pushed, so a skill the server accepted is never rejected here.
 */
export interface ArchiveLimits {
  /** Size of the zip file itself. */
  maxArchiveBytes: number;
  /** Sum of the uncompressed sizes of every entry. */
  maxUnpackedBytes: number;
  maxEntries: number;
  /** uncompressed / compressed, per entry. */
  maxCompressionRatio: number;
  /**
   * Entries smaller than this skip the ratio check: tiny files (e.g. a run of blank lines) can compress beyond
   * 100:1 without being a bomb, and the total-size cap still bounds what many of them can add up to.
   */
  ratioCheckMinBytes: number;
  maxSkillMdBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_ARCHIVE_LIMITS: Readonly<ArchiveLimits> = Object.freeze({
  maxArchiveBytes: 100 * MiB,
  maxUnpackedBytes: 500 * MiB,
  maxEntries: 10_000,
  maxCompressionRatio: 100,
  ratioCheckMinBytes: 64 * 1024,
  maxSkillMdBytes: 1 * MiB,
});
