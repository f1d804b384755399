/**
 * Builds examples/skills/<slug>/artifact.zip from the skill's SKILL.md and tools/ folder.
 * The output is byte-for-byte reproducible (sorted entries, fixed timestamp, stored without compression,
 * so neither the time zone nor the zlib version changes it); a test checks the committed zips are current.
 *
 *   node -r @swc-node/register examples/build-skill-artifacts.ts
 */
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { ZipFile } from 'yazl';

const SKILLS_DIR = join(__dirname, 'skills');
/** Local-time constructor on purpose: zip DOS timestamps are written in local time. */
const FIXED_MTIME = new Date(2025, 0, 1, 0, 0, 0);
const EXECUTABLE = /\.(sh|py|js|ts|rb|pl)$/;

export function skillArtifactEntries(skillDir: string): string[] {
  const entries = ['SKILL.md'];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else entries.push(relative(skillDir, path).split(sep).join('/'));
    }
  };
  const tools = join(skillDir, 'tools');
  if (statSync(tools, { throwIfNoEntry: false })?.isDirectory()) walk(tools);
  return entries;
}

export function buildSkillArtifact(skillDir: string): Promise<Buffer> {
  const zip = new ZipFile();
  for (const entry of skillArtifactEntries(skillDir)) {
    zip.addBuffer(readFileSync(join(skillDir, entry)), entry, {
      mtime: FIXED_MTIME,
      forceDosTimestamp: true,
      compress: false,
      mode: EXECUTABLE.test(entry) ? 0o100755 : 0o100644,
    });
  }
  zip.end();
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    zip.outputStream.on('data', (chunk: Buffer) => chunks.push(chunk));
    zip.outputStream.on('error', reject);
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
  });
}

export function exampleSkillDirs(): string[] {
  return readdirSync(SKILLS_DIR)
    .map((name) => join(SKILLS_DIR, name))
    .filter((dir) => statSync(dir).isDirectory());
}

async function main(): Promise<void> {
  for (const dir of exampleSkillDirs()) {
    const zip = await buildSkillArtifact(dir);
    writeFileSync(join(dir, 'artifact.zip'), zip);
    process.stdout.write(`${relative(process.cwd(), join(dir, 'artifact.zip'))}: ${zip.length} bytes\n`);
  }
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
