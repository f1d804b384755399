import { SkillInstallError } from '../../../src/domain/errors/domain-errors';
import { checkArchiveSize, checkEntry, type ArchiveEntry } from '../../../src/domain/skills/archive-entry';
import { DEFAULT_ARCHIVE_LIMITS } from '../../../src/domain/skills/archive-limits';

const MiB = 1024 * 1024;

function file(path: string, uncompressedSize = 100, compressedSize = 60): ArchiveEntry {
  return { path, compressedSize, uncompressedSize, type: 'file' };
}

function rejection(fn: () => unknown): SkillInstallError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(SkillInstallError);
    return err as SkillInstallError;
  }
  throw new Error('expected a SkillInstallError');
}

describe('checkArchiveSize', () => {
  it('accepts an archive at the limit and rejects one byte more, naming the skill', () => {
    expect(() => checkArchiveSize('pdf-tools', 100 * MiB)).not.toThrow();
    const err = rejection(() => checkArchiveSize('pdf-tools', 100 * MiB + 1));
    expect(err.message).toContain('skill pdf-tools');
    expect(err.message).toContain('104857601');
    expect(err.code).toBe('SKILL_INSTALL_FAILED');
  });

  it('rejects a size that is not a byte count', () => {
    expect(() => checkArchiveSize('s', -1)).toThrow(SkillInstallError);
    expect(() => checkArchiveSize('s', Number.NaN)).toThrow(SkillInstallError);
  });
});

describe('checkEntry', () => {
  it('returns the normalized relative path of ordinary files and directories', () => {
    expect(checkEntry('s', file('SKILL.md'))).toBe('SKILL.md');
    expect(checkEntry('s', file('./scripts//run.sh'))).toBe('scripts/run.sh');
    expect(checkEntry('s', { path: 'scripts/', compressedSize: 0, uncompressedSize: 0, type: 'directory' })).toBe('scripts');
    expect(checkEntry('s', { path: './', compressedSize: 0, uncompressedSize: 0, type: 'directory' })).toBe('');
  });

  it.each([
    ['/etc/passwd', 'absolute path'],
    ['C:/Windows/x.dll', 'drive letter'],
    ['c:evil', 'drive letter'],
    ['../outside.sh', '".." segment'],
    ['scripts/../../outside.sh', '".." segment'],
    ['a/..', '".." segment'],
    ['scripts\\..\\..\\evil.sh', 'backslash'],
    ['\\\\server\\share\\x', 'backslash'],
    ['', 'empty path'],
    ['a\0b', 'NUL'],
  ])('rejects the unsafe path %j (%s)', (path, reason) => {
    const err = rejection(() => checkEntry('pdf-tools', file(path)));
    expect(err.message).toContain('skill pdf-tools');
    expect(err.message).toContain(reason);
  });

  it('names the entry in the message', () => {
    expect(rejection(() => checkEntry('pdf-tools', file('../x.sh'))).message).toContain('"../x.sh"');
  });

  it.each(['symlink', 'hardlink', 'other'] as const)('rejects %s entries', (type) => {
    const err = rejection(() => checkEntry('s', { path: 'link', compressedSize: 10, uncompressedSize: 10, type }));
    expect(err.message).toContain(`${type} entries are not allowed`);
  });

  it('rejects a file entry that normalizes to nothing', () => {
    expect(rejection(() => checkEntry('s', file('./'))).message).toContain('needs a name');
  });

  it('rejects a single entry larger than the unpacked limit', () => {
    const err = rejection(() => checkEntry('s', file('big.bin', 500 * MiB + 1, 500 * MiB)));
    expect(err.message).toContain('over the 524288000-byte limit');
  });

  it('rejects a compression ratio above 100:1 and accepts exactly 100:1', () => {
    expect(() => checkEntry('s', file('data.txt', 100 * MiB, MiB))).not.toThrow();
    const err = rejection(() => checkEntry('s', file('bomb.txt', 101 * MiB, MiB)));
    expect(err.message).toContain('compression ratio 101:1 is over 100:1');
    expect(rejection(() => checkEntry('s', file('zero.txt', MiB, 0))).message).toContain('infinite');
  });

  it('skips the ratio check for entries smaller than ratioCheckMinBytes', () => {
    const small = DEFAULT_ARCHIVE_LIMITS.ratioCheckMinBytes - 1;
    expect(() => checkEntry('s', file('blank-lines.txt', small, 1))).not.toThrow();
  });

  it('rejects a SKILL.md over 1 MiB but not a nested file with the same name', () => {
    expect(rejection(() => checkEntry('s', file('SKILL.md', MiB + 1, MiB))).message).toContain('SKILL.md is 1048577 bytes');
    expect(() => checkEntry('s', file('docs/SKILL.md', MiB + 1, MiB))).not.toThrow();
  });

  it('rejects sizes that are not byte counts', () => {
    expect(() => checkEntry('s', file('x', -5, 1))).toThrow(SkillInstallError);
    expect(() => checkEntry('s', file('x', 1.5, 1))).toThrow(SkillInstallError);
  });

  it('keeps control characters out of the message', () => {
    const err = rejection(() => checkEntry('s', file('/evil\nline')));
    expect(err.message).not.toContain('\n');
  });

  it('honours custom limits', () => {
    const limits = { ...DEFAULT_ARCHIVE_LIMITS, maxUnpackedBytes: 10 };
    expect(() => checkEntry('s', file('x', 11, 11), limits)).toThrow(SkillInstallError);
  });
});
