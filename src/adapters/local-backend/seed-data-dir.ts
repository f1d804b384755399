import { existsSync } from 'node:fs';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DECLARED_FOLDERS, STATE_DIR } from './resource-files';

/**
 * Copies the resource folders of `seedFrom` (agents, agent-instances, sessions, environments, skills) into
 * `dataDir` when `dataDir` holds no resources and no state yet. Returns true when it seeded.
 */
export async function seedDataDirIfEmpty(dataDir: string, seedFrom: string): Promise<boolean> {
  await mkdir(dataDir, { recursive: true });
  const present = new Set(await readdir(dataDir));
  if ([...DECLARED_FOLDERS, STATE_DIR].some((folder) => present.has(folder))) return false;
  for (const folder of DECLARED_FOLDERS) {
    const source = join(seedFrom, folder);
    if (existsSync(source)) await cp(source, join(dataDir, folder), { recursive: true });
  }
  return true;
}

/** The repository's `examples/` folder (works from src/ and from dist/), or undefined when not shipped. */
export function findExamplesDir(start: string = __dirname): string | undefined {
  for (let dir = start; ; dir = dirname(dir)) {
    const candidate = join(dir, 'examples');
    if (existsSync(join(candidate, 'agents'))) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}
