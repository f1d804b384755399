import { constants } from 'node:fs';
import { lstat, mkdir, open, realpath } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { InvalidInputError, NotFoundError } from '../../../domain/errors/domain-errors';
import { isInside } from '../common/sandbox-paths';

/**
 * File operations confined to one host directory. The lexical check (no `..`, inside the root) happens before;
 * this layer defeats symlinks: the real path of every directory touched must still be inside the root, and the
 * final open never follows a symlink (O_NOFOLLOW).
 */
export class ConfinedFiles {
  constructor(private readonly realRoot: string) {}

  async write(path: string, content: Uint8Array, mode: number | undefined, shownPath: string): Promise<void> {
    const parent = dirname(path);
    await this.assertRealInside(await deepestExisting(parent), shownPath);
    await mkdir(parent, { recursive: true });
    await this.assertRealInside(parent, shownPath);
    const target = await this.followInside(path, shownPath);
    const handle = await open(target, constants.O_WRONLY | constants.O_CREAT | constants.O_TRUNC | constants.O_NOFOLLOW, mode ?? 0o644).catch(
      (err: NodeJS.ErrnoException) => {
        throw translate(err, shownPath);
      },
    );
    try {
      await handle.writeFile(content);
      if (mode !== undefined) await handle.chmod(mode);
    } finally {
      await handle.close();
    }
  }

  async read(path: string, shownPath: string): Promise<Uint8Array> {
    const real = await realpath(path).catch((err: NodeJS.ErrnoException) => {
      throw translate(err, shownPath);
    });
    if (!isInside(real, this.realRoot)) throw escapes(shownPath);
    const handle = await open(real, constants.O_RDONLY | constants.O_NOFOLLOW).catch((err: NodeJS.ErrnoException) => {
      throw translate(err, shownPath);
    });
    try {
      if ((await handle.stat()).isDirectory()) throw new InvalidInputError('path', `"${shownPath}" is a directory, not a file`);
      return new Uint8Array(await handle.readFile());
    } finally {
      await handle.close();
    }
  }

  /** An existing symlink as the final component is followed only when its target stays inside the root. */
  private async followInside(path: string, shownPath: string): Promise<string> {
    const stat = await lstat(path).catch(() => undefined);
    if (!stat?.isSymbolicLink()) return path;
    const real = await realpath(path).catch(() => undefined);
    if (!real || !isInside(real, this.realRoot)) throw escapes(shownPath);
    return real;
  }

  private async assertRealInside(dir: string, shownPath: string): Promise<void> {
    const real = await realpath(dir).catch(() => undefined); // a dangling symlink counts as an escape
    if (!real || !isInside(real, this.realRoot)) throw escapes(shownPath);
  }
}

async function deepestExisting(dir: string): Promise<string> {
  for (let d = dir; ; d = posix.dirname(d)) {
    if (await lstat(d).then(
      () => true,
      () => false,
    ))
      return d;
    if (d === '/') return d;
  }
}

function escapes(shownPath: string): InvalidInputError {
  return new InvalidInputError('path', `"${shownPath}" resolves through a symlink to outside the sandbox workspace`);
}

function translate(err: NodeJS.ErrnoException, shownPath: string): Error {
  if (err.code === 'ENOENT') return new NotFoundError('file', shownPath);
  if (err.code === 'EISDIR') return new InvalidInputError('path', `"${shownPath}" is a directory, not a file`);
  if (err.code === 'ELOOP') return escapes(shownPath);
  if (err.code === 'EACCES' || err.code === 'EPERM') return new InvalidInputError('path', `"${shownPath}" is not accessible (permission denied)`);
  return err;
}
