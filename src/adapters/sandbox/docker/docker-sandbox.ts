import { posix } from 'node:path';
import type Dockerode from 'dockerode';
import { InvalidInputError, NotFoundError, SandboxUnavailableError } from '../../../domain/errors/domain-errors';
import type { ExecOptions, ExecResult, FileUpload, Sandbox } from '../../../ports/sandbox.port';
import { commandEnv } from '../common/command-env';
import { isInside, resolveSandboxPath } from '../common/sandbox-paths';
import { isNotFound, toSandboxUnavailable } from './docker-errors';
import { runDockerExec } from './docker-exec';
import { packForRoot, readFirstEntry, type TarDirectory, type TarFile } from './docker-tar';

export interface DockerSandboxSettings {
  workdir: string;
  skillsRoot: string;
  /** The configured user (STIGMER_SANDBOX_USER) every command runs as. */
  user: string;
  /** Numeric owner for files uploaded to the workdir and /tmp; skills stay root-owned (read-only to commands). */
  owner: { uid: number; gid: number };
  defaultTimeoutMs: number;
  defaultMaxOutputBytes: number;
  /** Called on every exec/upload/download, feeding the idle reaper. */
  touch(): void;
}

const SYMLINK_CHECK_BATCH = 400;
/** 128 + SIGKILL: what a command killed with its container exits with. */
const SIGKILLED = 137;
/** A busy daemon can take seconds to mark a killed container stopped. */
const STOP_CHECKS = 25;
const STOP_CHECK_INTERVAL_MS = 200;
const MAX_SYMLINK_HOPS = 8;

/** A session's container. Commands run as the configured non-root user; files travel as tar through the API. */
export class DockerSandbox implements Sandbox {
  readonly workdir: string;
  readonly skillsRoot: string;
  /** Numeric owner of the files it uploads to the workdir. */
  readonly owner: { uid: number; gid: number };

  constructor(
    readonly id: string,
    private readonly container: Dockerode.Container,
    private readonly settings: DockerSandboxSettings,
  ) {
    this.workdir = settings.workdir;
    this.skillsRoot = settings.skillsRoot;
    this.owner = settings.owner;
  }

  private get areas(): string[] {
    return [this.workdir, this.skillsRoot, '/tmp'];
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.settings.touch();
    const cwd = options.cwd ? resolveSandboxPath(options.cwd, this.workdir, this.areas, 'cwd') : this.workdir;
    // Only the per-command variables are added; the container's env is the image's, never the worker's.
    const env = commandEnv({}, options.env);
    let result: ExecResult;
    try {
      result = await runDockerExec(this.container, {
        command,
        env,
        cwd,
        user: this.settings.user,
        timeoutMs: options.timeoutMs ?? this.settings.defaultTimeoutMs,
        signal: options.signal,
        maxOutputBytes: options.maxOutputBytes ?? this.settings.defaultMaxOutputBytes,
      });
    } catch (err) {
      throw this.unavailable('exec failed', err);
    }
    if (!result.timedOut && !options.signal?.aborted && (result.exitCode === null || result.exitCode === SIGKILLED)) await this.throwIfStopped();
    return result;
  }

  /**
   * A command SIGKILLed may have died with its container (killed, out of memory): say so rather than "exit code
   * 137". The daemon marks the container stopped shortly after its processes die, so the state is polled briefly.
   */
  private async throwIfStopped(): Promise<void> {
    for (let check = 0; check < STOP_CHECKS; check++) {
      let state: Dockerode.ContainerInspectInfo['State'];
      try {
        state = (await this.container.inspect()).State;
      } catch (err) {
        throw this.unavailable('the command was killed and the container cannot be inspected', err);
      }
      if (!state.Running) {
        const why = state.OOMKilled ? 'it ran out of memory (STIGMER_SANDBOX_MEMORY_MB)' : `exit code ${state.ExitCode}`;
        throw new SandboxUnavailableError(`sandbox ${this.id}: the container stopped while the command was running (${why}); the session's next turn starts it again`);
      }
      await new Promise((resolve) => setTimeout(resolve, STOP_CHECK_INTERVAL_MS));
    }
  }

  async upload(files: FileUpload[]): Promise<void> {
    this.settings.touch();
    const resolved = files.map((f) => ({ ...f, absolute: resolveSandboxPath(f.path, this.workdir, this.areas, 'upload path') }));
    const directories = new Map<string, TarDirectory>();
    const tarFiles: TarFile[] = [];
    for (const f of resolved) {
      const area = this.areaOf(f.absolute);
      const owner = area === this.skillsRoot ? { uid: 0, gid: 0 } : this.settings.owner;
      // Every directory below the area root gets an entry, so it is created with the right owner, never as root.
      for (let d = posix.dirname(f.absolute); isInside(d, area) && d !== area; d = posix.dirname(d)) {
        directories.set(d, { path: d, mode: 0o755, ...owner });
      }
      if (area === this.skillsRoot) directories.set(area, { path: area, mode: 0o755, uid: 0, gid: 0 });
      tarFiles.push({ path: f.absolute, content: f.content, mode: f.mode ?? 0o644, ...owner });
    }
    // Parent directories only: a symlink as the final component is replaced by the uploaded file, never followed.
    await this.refuseSymlinks(
      resolved.flatMap((f) => directoriesBelowArea(f.absolute, this.areaOf(f.absolute))),
      files.map((f) => f.path),
    );
    const archive = await packForRoot(
      [...directories.values()].sort((a, b) => a.path.length - b.path.length),
      tarFiles,
    );
    try {
      await this.container.putArchive(archive, { path: '/' });
    } catch (err) {
      throw this.unavailable('upload failed', err);
    }
  }

  async download(path: string): Promise<Uint8Array> {
    this.settings.touch();
    let absolute = resolveSandboxPath(path, this.workdir, this.areas, 'download path');
    for (let hop = 0; hop <= MAX_SYMLINK_HOPS; hop++) {
      await this.refuseSymlinks(directoriesBelowArea(absolute, this.areaOf(absolute)), [path]);
      let entry;
      try {
        entry = await readFirstEntry((await this.container.getArchive({ path: absolute })) as NodeJS.ReadableStream as never);
      } catch (err) {
        if (isNotFound(err) && (await this.exists())) throw new NotFoundError('file', path);
        throw this.unavailable('download failed', err);
      }
      if (entry.type === 'file') return new Uint8Array(entry.content);
      if (entry.type !== 'symlink') throw new InvalidInputError('download path', `"${path}" is a ${entry.type}, not a file`);
      // A symlink is followed only while it stays inside the sandbox's file areas.
      const target = posix.resolve(posix.dirname(absolute), entry.target);
      if (!this.areas.some((a) => isInside(target, a))) {
        throw new InvalidInputError('download path', `"${path}" is a symlink to outside the sandbox's file areas`);
      }
      absolute = target;
    }
    throw new InvalidInputError('download path', `"${path}" goes through too many symlinks`);
  }

  async health(): Promise<boolean> {
    try {
      const info = await this.container.inspect();
      if (!info.State.Running) return false;
      return (await this.exec('true', { timeoutMs: 15_000 })).exitCode === 0;
    } catch {
      return false;
    }
  }

  private areaOf(absolute: string): string {
    // The most specific area wins (the skills root may sit inside the workdir).
    return this.areas.filter((a) => isInside(absolute, a)).sort((a, b) => b.length - a.length)[0];
  }

  /**
   * The daemon writes and reads as root, so a symlink the agent planted below an area root (say
   * /workspace/x -> /etc) would let an upload overwrite root-owned files. Any symlink on the way is refused.
   */
  private async refuseSymlinks(paths: string[], shown: string[]): Promise<void> {
    const unique = [...new Set(paths)];
    if (unique.length === 0) return;
    for (let i = 0; i < unique.length; i += SYMLINK_CHECK_BATCH) {
      const batch = unique.slice(i, i + SYMLINK_CHECK_BATCH);
      // Paths travel as arguments, never inside the script text.
      const result = await runDockerExec(this.container, {
        command: 'for p in "$@"; do [ -L "$p" ] && printf "%s\\n" "$p"; done; exit 0',
        args: batch,
        env: {},
        cwd: '/',
        user: this.settings.user,
        timeoutMs: 30_000,
        maxOutputBytes: 256 * 1024,
      }).catch((err: unknown) => {
        throw this.unavailable('path check failed', err);
      });
      const found = result.output.split('\n').filter((l) => l !== '');
      if (result.exitCode !== 0 || found.length > 0) {
        const which = shown.length === 1 ? `"${shown[0]}"` : 'an upload path';
        throw new InvalidInputError('path', `${which} goes through a symlink (${found[0] ?? 'check failed'}); refused`);
      }
    }
  }

  private async exists(): Promise<boolean> {
    try {
      await this.container.inspect();
      return true;
    } catch {
      return false;
    }
  }

  private unavailable(action: string, err: unknown): Error {
    if (err instanceof InvalidInputError || err instanceof NotFoundError || err instanceof SandboxUnavailableError) return err;
    if (isNotFound(err)) return new SandboxUnavailableError(`sandbox ${this.id}: container no longer exists`, { cause: err });
    return toSandboxUnavailable(`sandbox ${this.id}: ${action}`, err);
  }
}

/** The directories strictly below the area root on the way to `absolute`. */
function directoriesBelowArea(absolute: string, area: string): string[] {
  const out: string[] = [];
  for (let d = posix.dirname(absolute); isInside(d, area) && d !== area; d = posix.dirname(d)) out.unshift(d);
  return out;
}
