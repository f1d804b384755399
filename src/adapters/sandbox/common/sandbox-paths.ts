import { posix } from 'node:path';
import { InvalidInputError } from '../../../domain/errors/domain-errors';

/**
 * The one path rule every sandbox adapter applies to upload/download: a path is absolute or relative to the
 * workdir, never contains `..` or NUL, and must land inside one of the sandbox's file areas. Returns the
 * normalised absolute path (as commands inside the sandbox see it).
 */
export function resolveSandboxPath(path: string, workdir: string, allowedRoots: readonly string[], field = 'path'): string {
  if (typeof path !== 'string' || path.trim() === '') throw new InvalidInputError(field, 'must not be empty');
  if (path.includes('\0')) throw new InvalidInputError(field, `"${printable(path)}" contains a NUL byte`);
  if (path.split('/').includes('..')) throw new InvalidInputError(field, `"${path}" must not contain ".." segments`);
  const absolute = posix.resolve(workdir, path);
  if (!allowedRoots.some((root) => isInside(absolute, root))) {
    throw new InvalidInputError(field, `"${path}" is outside the sandbox's file areas (${allowedRoots.join(', ')})`);
  }
  return absolute;
}

/** True when `path` is `root` itself or below it (both absolute and normalised). */
export function isInside(path: string, root: string): boolean {
  const r = root.endsWith('/') && root !== '/' ? root.slice(0, -1) : root;
  return path === r || path.startsWith(r === '/' ? '/' : `${r}/`);
}

function printable(value: string): string {
  return value.replace(/\0/g, '\\0');
}
