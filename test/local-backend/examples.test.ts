import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import yauzl from 'yauzl';
import { buildSkillArtifact, exampleSkillDirs } from '../../examples/build-skill-artifacts';

/** Reads every entry of a zip buffer: name → { mode, content }. */
function readZip(buffer: Buffer): Promise<Map<string, { mode: number; content: string }>> {
  return new Promise((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true }, (err, zip) => {
      if (err || !zip) return reject(err);
      const entries = new Map<string, { mode: number; content: string }>();
      zip.on('entry', (entry: yauzl.Entry) => {
        zip.openReadStream(entry, (streamErr, stream) => {
          if (streamErr || !stream) return reject(streamErr);
          const chunks: Buffer[] = [];
          stream.on('data', (c: Buffer) => chunks.push(c));
          stream.on('end', () => {
            entries.set(entry.fileName, { mode: (entry.externalFileAttributes >>> 16) & 0o777, content: Buffer.concat(chunks).toString('utf8') });
            zip.readEntry();
          });
        });
      });
      zip.on('end', () => resolve(entries));
      zip.on('error', reject);
      zip.readEntry();
    });
  });
}

describe('examples', () => {
  it.each(exampleSkillDirs().map((dir) => [dir.split('/').pop(), dir]))(
    'skill %s: the committed artifact.zip is exactly what build-skill-artifacts.ts produces',
    async (_name, dir) => {
      const rebuilt = await buildSkillArtifact(dir!);
      expect(rebuilt.equals(readFileSync(join(dir!, 'artifact.zip')))).toBe(true);
    },
  );

  it('the word-count zip carries the same SKILL.md as the folder and an executable tool', async () => {
    const dir = exampleSkillDirs().find((d) => d.endsWith('word-count'))!;
    const entries = await readZip(readFileSync(join(dir, 'artifact.zip')));
    expect([...entries.keys()]).toEqual(['SKILL.md', 'tools/count-words.sh']);
    expect(entries.get('SKILL.md')!.content).toBe(readFileSync(join(dir, 'SKILL.md'), 'utf8'));
    expect(entries.get('tools/count-words.sh')!.mode).toBe(0o755);
  });
});
