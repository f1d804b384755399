import { posix } from 'node:path';
import type { Sandbox } from '../../ports/sandbox.port';

/** Written last into a skill directory: its presence means the install finished; its identity says of what. */
export interface SkillMarker {
  format: 1;
  /** The version hash, or sha256 of the artifact / of SKILL.md when there is no hash. */
  identity: string;
  skillMdOnly: boolean;
}

export const MARKER_FILE = '.agent-runner-skill.json';

export async function readMarker(sandbox: Sandbox, location: string): Promise<SkillMarker | undefined> {
  try {
    const parsed = JSON.parse(Buffer.from(await sandbox.download(posix.join(location, MARKER_FILE))).toString('utf8')) as Partial<SkillMarker>;
    if (parsed.format !== 1 || typeof parsed.identity !== 'string' || typeof parsed.skillMdOnly !== 'boolean') return undefined;
    return parsed as SkillMarker;
  } catch {
    // Missing, unreadable or garbled: treat as not installed and install again.
    return undefined;
  }
}

export function markerUpload(location: string, marker: SkillMarker): { path: string; content: Uint8Array; mode: number } {
  return { path: posix.join(location, MARKER_FILE), content: Buffer.from(JSON.stringify(marker)), mode: 0o644 };
}
