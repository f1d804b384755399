/**
 * The fake Daytona sandbox's file system: a temp directory per sandbox whose subdirectories stand in for the
 * writable top-level directories of a real sandbox (/home, /tmp, /opt, /workspace). Commands see them at those
 * paths (bubblewrap binds them); the file API maps sandbox paths onto them the same way. Symlinks are resolved
 * in the sandbox's own namespace, never on the host, so a link to /etc can never reach the host's /etc.
 */
import { lstat, mkdir, readlink } from 'node:fs/promises';
import { join, posix } from 'node:path';

export const WRITABLE_TOP_DIRS = ['/home', '/tmp', '/opt', '/workspace'] as const;
const MAX_LINK_HOPS = 16;

export class FakeSandboxFiles {
  constructor(readonly root: string) {}

  async init(workdir: string): Promise<void> {
    for (const dir of WRITABLE_TOP_DIRS) await mkdir(join(this.root, dir), { recursive: true, mode: 0o777 });
    await mkdir(this.hostPathLexical(workdir) ?? join(this.root, 'home'), { recursive: true });
  }

  /** Host path for a sandbox path, without resolving links; undefined outside the writable directories. */
  hostPathLexical(sandboxPath: string): string | undefined {
    const normal = posix.resolve('/', sandboxPath);
    const top = WRITABLE_TOP_DIRS.find((d) => normal === d || normal.startsWith(`${d}/`));
    return top ? join(this.root, normal) : undefined;
  }

  /**
   * Host path for a sandbox path with every symlink on the way resolved inside the sandbox (as a non-root daemon
   * would see it). Throws "permission denied" when the real target lies outside the writable directories.
   */
  async resolve(sandboxPath: string): Promise<string> {
    let current = posix.resolve('/', sandboxPath);
    for (let hop = 0; hop < MAX_LINK_HOPS; hop++) {
      const parts = current.split('/').filter(Boolean);
      let rebuilt = '';
      let relinked: string | undefined;
      for (let i = 0; i < parts.length; i++) {
        rebuilt = `${rebuilt}/${parts[i]}`;
        const host = this.hostPathLexical(rebuilt);
        if (!host) throw permissionDenied(sandboxPath);
        const stat = await lstat(host).catch(() => undefined);
        if (!stat) break; // the rest does not exist yet
        if (stat.isSymbolicLink()) {
          const target = await readlink(host);
          relinked = posix.resolve(posix.dirname(rebuilt), target, ...parts.slice(i + 1));
          break;
        }
      }
      if (!relinked) {
        const host = this.hostPathLexical(current);
        if (!host) throw permissionDenied(sandboxPath);
        return host;
      }
      current = relinked;
    }
    throw Object.assign(new Error(`too many levels of symbolic links: ${sandboxPath}`), { status: 400 });
  }
}

function permissionDenied(path: string): Error {
  return Object.assign(new Error(`permission denied: ${path}`), { status: 403, code: 'FILE_ACCESS_DENIED' });
}
