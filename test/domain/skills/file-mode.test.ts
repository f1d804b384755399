import { fileModeFor } from '../../../src/domain/skills/file-mode';

describe('fileModeFor', () => {
  it.each(['run.sh', 'tool.py', 'a/b/index.js', 'main.ts', 'x.rb', 'y.pl'])('makes %s executable', (path) => {
    expect(fileModeFor(path)).toBe(0o755);
  });

  it.each(['SKILL.md', 'data.json', 'script.sh.txt', 'README', 'types.d.tsx', 'RUN.SH'])('keeps %s non-executable', (path) => {
    expect(fileModeFor(path)).toBe(0o644);
  });
});
