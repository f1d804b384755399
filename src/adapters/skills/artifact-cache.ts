import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { isVersionHash } from '../../domain/skills/skill-directory';

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/**
 * Skill artifacts cached on the worker by content hash (`<dir>/<sha256>.zip`). Only 64-hex version hashes are
 * keys, every read is re-verified against its name, and writes are atomic (temp file + rename), so a corrupted or
 * half-written file is never served.
 */
export class ArtifactCache {
  constructor(private readonly dir: string | undefined) {}

  async get(hash: string): Promise<Uint8Array | undefined> {
    if (!this.dir || !isVersionHash(hash)) return undefined;
    const bytes = await readFile(join(this.dir, `${hash}.zip`)).catch(() => undefined);
    if (!bytes) return undefined;
    if (sha256Hex(bytes) === hash) return new Uint8Array(bytes);
    await rm(join(this.dir, `${hash}.zip`), { force: true });
    return undefined;
  }

  async put(hash: string, bytes: Uint8Array): Promise<void> {
    if (!this.dir || !isVersionHash(hash)) return;
    await mkdir(this.dir, { recursive: true });
    const temp = join(this.dir, `.${hash}.${randomUUID()}.tmp`);
    await writeFile(temp, bytes);
    await rename(temp, join(this.dir, `${hash}.zip`));
  }
}
