import { randomUUID } from 'node:crypto';
import { posix } from 'node:path';
import type { Sandbox as DaytonaSdkSandbox } from '@daytonaio/sdk';
import { InvalidInputError, NotFoundError } from '../../../domain/errors/domain-errors';
import type { ExecOptions, ExecResult, FileUpload, Sandbox } from '../../../ports/sandbox.port';
import { commandEnv } from '../common/command-env';
import { OutputCollector } from '../common/output-collector';
import { KILL_SCRIPT, newPidFile, processGroupWrapper } from '../common/process-group-script';
import { isInside, resolveSandboxPath } from '../common/sandbox-paths';
import { isDaytonaNotFound, toDomainError } from './daytona-errors';

export interface DaytonaSandboxSettings {
  workdir: string;
  skillsRoot: string;
  defaultTimeoutMs: number;
  defaultMaxOutputBytes: number;
}

const WRAPPER = processGroupWrapper(true);
/** Extra seconds the daemon waits beyond our own timer, so our kill (not the daemon's) ends a timed-out command. */
const SERVER_TIMEOUT_SLACK_S = 10;
const DEFAULT_FILE_MODE = 0o644;

/**
 * A Daytona sandbox through the real SDK. The daemon takes a command line it splits itself (no shell), so every
 * command travels as `sh -c '<fixed wrapper>' … <base64 of the command>`: user text is never parsed by the
 * daemon or spliced into a shell string. Per-command variables go in the request's `envs`.
 */
export class DaytonaSandbox implements Sandbox {
  readonly workdir: string;
  readonly skillsRoot: string;

  constructor(
    private readonly sdk: DaytonaSdkSandbox,
    private readonly settings: DaytonaSandboxSettings,
  ) {
    this.workdir = settings.workdir;
    this.skillsRoot = settings.skillsRoot;
  }

  get id(): string {
    return this.sdk.id;
  }

  private get areas(): string[] {
    return [this.workdir, this.skillsRoot, '/tmp'];
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    return this.run(command, [], options);
  }

  /** Runs `command` with positional parameters `args` ($1…), both base64 on the wire. */
  private async run(command: string, args: string[], options: ExecOptions): Promise<ExecResult> {
    const cwd = options.cwd ? resolveSandboxPath(options.cwd, this.workdir, this.areas, 'cwd') : this.workdir;
    const env = commandEnv({}, options.env);
    if (options.signal?.aborted) return { exitCode: null, output: '', truncated: false, timedOut: false };
    const timeoutMs = options.timeoutMs ?? this.settings.defaultTimeoutMs;
    const pidFile = newPidFile(randomUUID());
    const line = scriptLine(WRAPPER, 'agent-runner-exec', [pidFile, base64(command), ...args.map(base64)]);
    const serverTimeoutS = Math.ceil(timeoutMs / 1000) + SERVER_TIMEOUT_SLACK_S;

    let stoppedBy: 'timeout' | 'abort' | undefined;
    let stop!: (reason: 'timeout' | 'abort') => void;
    const stopped = new Promise<'stopped'>((resolve) => {
      stop = (reason) => {
        stoppedBy ??= reason;
        resolve('stopped');
      };
    });
    const timer = setTimeout(() => stop('timeout'), timeoutMs);
    const onAbort = (): void => stop('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });
    const running = this.sdk.process.executeCommand(line, cwd, env, serverTimeoutS);
    try {
      const first = await Promise.race([running, stopped]);
      if (first === 'stopped') {
        running.catch(() => undefined); // its answer no longer matters
        await this.killGroup(pidFile);
        return { exitCode: null, output: '', truncated: false, timedOut: stoppedBy === 'timeout' };
      }
      const output = new OutputCollector(options.maxOutputBytes ?? this.settings.defaultMaxOutputBytes);
      output.push(Buffer.from(first.result ?? ''));
      return { exitCode: first.exitCode ?? null, output: output.text(), truncated: output.truncated, timedOut: false };
    } catch (err) {
      throw toDomainError(`sandbox ${this.id}: command failed to run`, err);
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async upload(files: FileUpload[]): Promise<void> {
    const resolved = files.map((f) => ({ ...f, absolute: resolveSandboxPath(f.path, this.workdir, this.areas, 'upload path') }));
    await this.refuseSymlinks(
      resolved.flatMap((f) => directoriesBelowArea(f.absolute, this.areaOf(f.absolute))),
      files.map((f) => f.path),
    );
    try {
      await this.sdk.fs.uploadFiles(resolved.map((f) => ({ source: Buffer.from(f.content), destination: f.absolute })));
      for (const f of resolved) {
        if (f.mode !== undefined && f.mode !== DEFAULT_FILE_MODE) {
          await this.sdk.fs.setFilePermissions(f.absolute, { mode: f.mode.toString(8) });
        }
      }
    } catch (err) {
      throw toDomainError(`sandbox ${this.id}: upload failed`, err);
    }
  }

  async download(path: string): Promise<Uint8Array> {
    let absolute = resolveSandboxPath(path, this.workdir, this.areas, 'download path');
    await this.refuseSymlinks(directoriesBelowArea(absolute, this.areaOf(absolute)), [path]);
    // A symlink as the file itself is followed only while it stays inside the sandbox's file areas.
    for (let hop = 0; ; hop++) {
      const [link] = await this.symlinksAmong([absolute]);
      if (!link) break;
      const target = posix.resolve(posix.dirname(absolute), link.target);
      if (hop >= 8 || !this.areas.some((a) => isInside(target, a))) {
        throw new InvalidInputError('download path', `"${path}" is a symlink to outside the sandbox's file areas`);
      }
      absolute = target;
      await this.refuseSymlinks(directoriesBelowArea(absolute, this.areaOf(absolute)), [path]);
    }
    try {
      return new Uint8Array(await this.sdk.fs.downloadFile(absolute));
    } catch (err) {
      if (isDaytonaNotFound(err)) throw new NotFoundError('file', path);
      if (err instanceof Error && /is a directory/i.test(err.message)) {
        throw new InvalidInputError('download path', `"${path}" is a directory, not a file`);
      }
      throw toDomainError(`sandbox ${this.id}: download failed`, err);
    }
  }

  async health(): Promise<boolean> {
    try {
      const result = await this.sdk.process.executeCommand('echo ready', undefined, undefined, 10);
      return result.exitCode === 0 && result.result.trim() === 'ready';
    } catch {
      return false;
    }
  }

  private areaOf(absolute: string): string {
    return this.areas.filter((a) => isInside(absolute, a)).sort((a, b) => b.length - a.length)[0];
  }

  private async killGroup(pidFile: string): Promise<void> {
    await this.sdk.process.executeCommand(scriptLine(KILL_SCRIPT, 'agent-runner-kill', [pidFile]), undefined, undefined, 15).catch(() => undefined);
  }

  /**
   * The daemon follows symlinks with its own privileges, so a link the agent planted below an area root
   * (say ~/x -> /etc) could redirect an upload. Any symlink on the way is refused.
   */
  private async refuseSymlinks(paths: string[], shown: string[]): Promise<void> {
    const found = await this.symlinksAmong(paths);
    if (found.length > 0) {
      const which = shown.length === 1 ? `"${shown[0]}"` : 'an upload path';
      throw new InvalidInputError('path', `${which} goes through a symlink (${found[0].path}); refused`);
    }
  }

  /** Which of `paths` are symlinks, with their targets. Paths travel base64-encoded as arguments. */
  private async symlinksAmong(paths: string[]): Promise<Array<{ path: string; target: string }>> {
    const unique = [...new Set(paths)];
    if (unique.length === 0) return [];
    const script =
      'for a in "$@"; do p=$(printf %s "$a" | base64 -d); if [ -L "$p" ]; then printf "%s\\t%s\\n" "$p" "$(readlink "$p")"; fi; done; exit 0';
    const result = await this.run(script, unique, { timeoutMs: 30_000, maxOutputBytes: 256 * 1024 });
    if (result.exitCode !== 0) throw new InvalidInputError('path', `could not check ${unique[0]} for symlinks: ${result.output.trim()}`);
    return result.output
      .split('\n')
      .filter((l) => l.includes('\t'))
      .map((l) => ({ path: l.slice(0, l.indexOf('\t')), target: l.slice(l.indexOf('\t') + 1) }));
  }
}

/**
 * One daemon command line: `sh -c '<script>' <name> <args…>`. The script has no single quote and every argument
 * is base64 or a generated path, so the daemon's quote-aware splitter hands them to sh unchanged.
 */
function scriptLine(script: string, name: string, args: string[]): string {
  if (script.includes("'")) throw new Error('internal: sandbox scripts must not contain single quotes');
  for (const a of args) if (!/^[A-Za-z0-9+/=._-]+$/.test(a)) throw new Error(`internal: unsafe script argument ${a}`);
  return `sh -c '${script}' ${name} ${args.join(' ')}`;
}

function base64(text: string): string {
  return Buffer.from(text).toString('base64');
}

function directoriesBelowArea(absolute: string, area: string): string[] {
  const out: string[] = [];
  for (let d = posix.dirname(absolute); isInside(d, area) && d !== area; d = posix.dirname(d)) out.unshift(d);
  return out;
}
