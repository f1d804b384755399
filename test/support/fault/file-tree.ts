import { lstatSync, readdirSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

/** Every file, directory and symlink under `root` (relative paths), not following symlinks. */
export function fileTree(root: string): Set<string> {
  const found = new Set<string>();
  const walk = (dir: string): void => {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      return;
    }
    for (const name of names) {
      const path = join(dir, name);
      found.add(relative(root, path));
      if (lstatSync(path).isDirectory()) walk(path);
    }
  };
  walk(root);
  return found;
}

/**
 * Paths under `root` that appeared since `before` outside every allowed subtree (relative to `root`, e.g. the
 * session's workspace); the directories leading to an allowed subtree may appear too. Empty: nothing escaped.
 */
export function newPathsOutside(root: string, before: Set<string>, allowedSubtrees: string[]): string[] {
  const ancestors = new Set(allowedSubtrees.flatMap((subtree) => subtree.split(sep).map((_, i, parts) => parts.slice(0, i).join(sep))));
  return [...fileTree(root)]
    .filter((path) => !before.has(path) && !ancestors.has(path))
    .filter((path) => !allowedSubtrees.some((subtree) => path === subtree || path.startsWith(`${subtree}${sep}`)))
    .sort();
}
