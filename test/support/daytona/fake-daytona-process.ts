/**
 * How the fake Daytona daemon runs `/process/execute`: like the real daemon it splits the command line with
 * its quote-aware parser (no shell, no escapes), starts argv as a process-group leader, merges stdout and stderr,
 * and kills the group when the request's timeout passes. Commands run under bubblewrap with the sandbox's
 * directories bound at their sandbox paths and exactly the environment the request built (never the test
 * process's own).
 */
import { spawn } from 'node:child_process';
import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import { join } from 'node:path';
import { WRITABLE_TOP_DIRS } from './fake-daytona-fs';

export interface ProcessOutcome {
  exitCode: number;
  output: string;
  timedOut: boolean;
}

/** The real daemon's parseCommand: split on spaces outside quotes, quotes removed, no escape sequences. */
export function parseCommandLine(command: string): string[] {
  const args: string[] = [];
  let current = '';
  let quote: string | undefined;
  let started = false;
  for (const ch of command) {
    if (ch === '"' || ch === "'") {
      if (!quote) quote = ch;
      else if (quote === ch) quote = undefined;
      else current += ch;
      started = true;
    } else if (ch === ' ' && !quote) {
      if (current.length > 0) args.push(current);
      current = '';
      started = false;
    } else {
      current += ch;
      started = true;
    }
  }
  if (started && current.length > 0) args.push(current);
  return args;
}

export class FakeProcessTable {
  /** Live process groups per sandbox id (the inner session leader's pid). */
  private readonly groups = new Map<string, Set<number>>();

  run(sandboxId: string, root: string, argv: string[], cwd: string, env: Record<string, string>, timeoutSec: number): Promise<ProcessOutcome> {
    return new Promise((resolve) => {
      const child = spawn('bwrap', [...bwrapArgs(root, cwd), '--info-fd', '3', '--', ...argv], {
        env,
        detached: true,
        stdio: ['ignore', 'pipe', 'pipe', 'pipe'],
      });
      const chunks: Buffer[] = [];
      child.stdout!.on('data', (c: Buffer) => chunks.push(c));
      child.stderr!.on('data', (c: Buffer) => chunks.push(c));
      let innerPid: number | undefined;
      let info = '';
      (child.stdio[3] as NodeJS.ReadableStream).on('data', (c: Buffer) => {
        info += c.toString();
        const match = /"child-pid":\s*(\d+)/.exec(info);
        if (match && innerPid === undefined) {
          innerPid = Number(match[1]);
          this.track(sandboxId, innerPid);
        }
      });
      let timedOut = false;
      const timer =
        timeoutSec > 0
          ? setTimeout(() => {
              timedOut = true;
              if (innerPid) killGroup(innerPid);
            }, timeoutSec * 1000)
          : undefined;
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (innerPid) this.untrack(sandboxId, innerPid);
        resolve({ exitCode: code ?? (signal ? 137 : -1), output: Buffer.concat(chunks).toString('utf8'), timedOut });
      });
      child.on('error', (err) => resolve({ exitCode: -1, output: err.message, timedOut: false }));
    });
  }

  /** Kills every command still running in a sandbox (stop, delete). */
  killAll(sandboxId: string): void {
    for (const pid of this.groups.get(sandboxId) ?? []) killGroup(pid);
    this.groups.delete(sandboxId);
  }

  private track(id: string, pid: number): void {
    if (!this.groups.has(id)) this.groups.set(id, new Set());
    this.groups.get(id)!.add(pid);
  }

  private untrack(id: string, pid: number): void {
    this.groups.get(id)?.delete(pid);
  }
}

function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function bwrapArgs(root: string, cwd: string): string[] {
  // Shared pid namespace on purpose: a second execute must be able to signal the first one's process group,
  // as on a real sandbox. --new-session makes the command its own session and group leader (daemon's Setpgid).
  const args = ['--die-with-parent', '--new-session', '--unshare-ipc', '--unshare-uts', '--unshare-net', '--hostname', 'fake-daytona'];
  args.push('--ro-bind', '/usr', '/usr');
  for (const dir of ['/bin', '/sbin', '/lib', '/lib32', '/lib64', '/libx32']) {
    if (!existsSync(dir)) continue;
    if (lstatSync(dir).isSymbolicLink()) args.push('--symlink', readlinkSync(dir), dir);
    else args.push('--ro-bind', dir, dir);
  }
  args.push('--ro-bind', '/etc', '/etc', '--proc', '/proc', '--dev', '/dev');
  for (const dir of WRITABLE_TOP_DIRS) args.push('--bind', join(root, dir), dir);
  args.push('--chdir', cwd);
  return args;
}
