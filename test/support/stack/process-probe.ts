import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * Linux /proc readings of this process, for leak checks and memory sampling: descendants, open file descriptors,
 * sockets, RSS. Everything is read at call time; nothing here needs privileges.
 */

/** Pids of every live descendant of `pid` (children, grandchildren, ...), from each process's parent pid. */
export function descendantPids(pid = process.pid): number[] {
  const parentOf = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const ppid = parentPid(Number(entry));
    if (ppid !== undefined) parentOf.set(Number(entry), ppid);
  }
  const found: number[] = [];
  const frontier = [pid];
  while (frontier.length > 0) {
    const parent = frontier.pop()!;
    for (const [child, ppid] of parentOf) {
      if (ppid === parent && !found.includes(child)) {
        found.push(child);
        frontier.push(child);
      }
    }
  }
  return found.sort((a, b) => a - b);
}

/** `pid (comm)` of a process, for failure messages; empty once it has gone. */
export function describePid(pid: number): string {
  try {
    const cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean).join(' ');
    return `${pid} ${cmdline.slice(0, 200)}`;
  } catch {
    return `${pid} (gone)`;
  }
}

function parentPid(pid: number): number | undefined {
  return statFields(pid)?.[1];
}

/** Fields of /proc/<pid>/stat from the state on (the state itself as NaN), or undefined once the process is gone. */
function statFields(pid: number | 'self'): number[] | undefined {
  try {
    // The command name may contain spaces and parentheses: the fields after the last ')' are fixed.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ').map(Number);
  } catch {
    return undefined; // exited while we were reading
  }
}

/** Linux reports CPU times in clock ticks of USER_HZ, which is 100 on every mainstream kernel. */
const TICK_MS = 10;

/**
 * CPU time (user + system, ms) a process has used, and what its already-reaped children used (short-lived commands
 * such as sandboxed shell commands are only visible there). 10 ms resolution.
 */
export function cpuTimeMs(pid: number | 'self' = 'self'): { own: number; reapedChildren: number } | undefined {
  const fields = statFields(pid);
  if (!fields) return undefined;
  // After the state (index 0): utime is field 14 of stat, i.e. index 11 here; stime 12, cutime 13, cstime 14.
  return { own: (fields[11] + fields[12]) * TICK_MS, reapedChildren: (fields[13] + fields[14]) * TICK_MS };
}

/** Targets of this process's open file descriptors (`socket:[…]`, `pipe:[…]`, file paths, `anon_inode:…`). */
export function openFdTargets(): string[] {
  const targets: string[] = [];
  for (const fd of readdirSync('/proc/self/fd')) {
    try {
      targets.push(readlinkSync(`/proc/self/fd/${fd}`));
    } catch {
      // the descriptor used to list the directory, or one closed meanwhile
    }
  }
  return targets;
}

export function openFdCount(): number {
  return openFdTargets().length;
}

export function openSocketCount(): number {
  return openFdTargets().filter((target) => target.startsWith('socket:')).length;
}

/** Resident set size in bytes (VmRSS). */
export function rssBytes(pid: number | 'self' = 'self'): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const match = /^VmRSS:\s+(\d+) kB/m.exec(status);
  if (!match) throw new Error(`no VmRSS in /proc/${pid}/status`);
  return Number(match[1]) * 1024;
}

let gcFunction: (() => void) | undefined;

/**
 * A full garbage collection. Uses global.gc when node ran with --expose-gc; otherwise turns the flag on at run time
 * and takes gc from a fresh context (V8 installs it in contexts created after the flag is set).
 */
export function forceGc(): void {
  if (!gcFunction) {
    const existing = (globalThis as { gc?: () => void }).gc;
    if (existing) gcFunction = existing;
    else {
      setFlagsFromString('--expose-gc');
      gcFunction = runInNewContext('gc') as () => void;
    }
  }
  gcFunction();
  gcFunction();
}
