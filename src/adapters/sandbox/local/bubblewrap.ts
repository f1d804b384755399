import { spawnSync } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';

export interface BubblewrapLayout {
  /** Host workspace; bound read-write at the same path so paths agree inside and outside. */
  workspace: string;
  /** Directory inside the workspace bound read-only on top (skills must not be editable by commands). */
  readOnlyInside: string[];
  /** Host directory bound at /tmp, so /tmp persists across a session's commands but is not shared. */
  tmpDir: string;
  cwd: string;
  shareNetwork: boolean;
}

/** Top-level directories that are symlinks on merged-/usr systems (/bin -> usr/bin) or real directories elsewhere. */
const SYSTEM_TOP_DIRS = ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32'];
/** Files in /etc a command never needs and must not read even when the worker runs as root. */
const MASKED_ETC = ['/etc/shadow', '/etc/gshadow', '/etc/shadow-', '/etc/gshadow-', '/etc/sudoers'];

/**
 * bwrap arguments: a fresh root with the system read-only, the workspace read-write, no home directory, no other
 * host paths, all namespaces unshared (network optionally shared), every capability dropped, and the sandbox
 * dying with the worker.
 */
export function bubblewrapArgs(layout: BubblewrapLayout): string[] {
  const args = ['--die-with-parent', '--new-session', '--unshare-all', '--cap-drop', 'ALL', '--hostname', 'sandbox'];
  if (layout.shareNetwork) args.push('--share-net');
  args.push('--ro-bind', '/usr', '/usr');
  for (const dir of SYSTEM_TOP_DIRS) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  args.push('--ro-bind', '/etc', '/etc');
  for (const file of MASKED_ETC) if (existsSync(file)) args.push('--ro-bind', '/dev/null', file);
  args.push('--ro-bind-try', '/opt', '/opt', '--ro-bind-try', '/run/systemd/resolve', '/run/systemd/resolve');
  args.push('--proc', '/proc', '--dev', '/dev', '--bind', layout.tmpDir, '/tmp', '--dir', '/var/tmp');
  args.push('--bind', layout.workspace, layout.workspace);
  for (const dir of layout.readOnlyInside) args.push('--ro-bind', dir, dir);
  args.push('--chdir', layout.cwd);
  return args;
}

export interface BubblewrapProbe {
  usable: boolean;
  /** Why it is not usable (missing binary, user namespaces disabled, …). */
  reason?: string;
}

/** Runs bwrap once with the same namespace flags we use; cheap (a few ms) and done once per provider. */
export function probeBubblewrap(bwrapPath = 'bwrap'): BubblewrapProbe {
  const result = spawnSync(bwrapPath, ['--die-with-parent', '--unshare-all', '--cap-drop', 'ALL', '--ro-bind', '/', '/', 'true'], {
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
    timeout: 10_000,
    encoding: 'utf8',
  });
  if (result.error) return { usable: false, reason: `${bwrapPath} could not run: ${result.error.message}` };
  if (result.status !== 0) return { usable: false, reason: `${bwrapPath} failed: ${(result.stderr || '').trim() || `exit ${result.status}`}` };
  return { usable: true };
}
