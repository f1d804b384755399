import { SkillInstallError } from '../../../src/domain/errors/domain-errors';
import { DEFAULT_ARCHIVE_LIMITS } from '../../../src/domain/skills/archive-limits';
import { ArchiveTotals } from '../../../src/domain/skills/archive-totals';

describe('ArchiveTotals', () => {
  it('counts entries and rejects the one past the limit, naming the skill and the entry', () => {
    const totals = new ArchiveTotals('pdf-tools', { ...DEFAULT_ARCHIVE_LIMITS, maxEntries: 2 });
    totals.addEntry({ path: 'a', uncompressedSize: 1 });
    totals.addEntry({ path: 'b', uncompressedSize: 1 });
    expect(totals.entryCount).toBe(2);
    expect(() => totals.addEntry({ path: 'c', uncompressedSize: 1 })).toThrow(
      new SkillInstallError('skill pdf-tools: archive has more than 2 entries (rejected at "c")'),
    );
  });

  it('allows 10,000 entries by default and rejects the 10,001st', () => {
    const totals = new ArchiveTotals('s');
    for (let i = 0; i < 10_000; i++) totals.addEntry({ path: `f${i}`, uncompressedSize: 0 });
    expect(() => totals.addEntry({ path: 'last', uncompressedSize: 0 })).toThrow(/more than 10000 entries/);
  });

  it('rejects when the declared sizes add up to more than the unpacked limit', () => {
    const totals = new ArchiveTotals('s', { ...DEFAULT_ARCHIVE_LIMITS, maxUnpackedBytes: 100 });
    totals.addEntry({ path: 'a', uncompressedSize: 60 });
    expect(totals.totalBytes).toBe(60);
    expect(() => totals.addEntry({ path: 'b', uncompressedSize: 41 })).toThrow(/more than 100 bytes \(rejected at "b"\)/);
  });

  it('rejects when the bytes actually written exceed the limit even if the headers lied', () => {
    const totals = new ArchiveTotals('s', { ...DEFAULT_ARCHIVE_LIMITS, maxUnpackedBytes: 100 });
    totals.addEntry({ path: 'liar', uncompressedSize: 1 });
    totals.addBytes('liar', 100);
    expect(totals.totalBytes).toBe(100);
    expect(() => totals.addBytes('liar', 1)).toThrow(SkillInstallError);
  });
});
