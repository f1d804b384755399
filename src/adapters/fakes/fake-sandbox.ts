import { posix } from 'node:path';
import { InvalidInputError, NotFoundError, SandboxUnavailableError } from '../../domain/errors/domain-errors';
import type { ExecOptions, ExecResult, FileUpload, Sandbox, SandboxProvider, SandboxSpec } from '../../ports/sandbox.port';
import { FakeFileSystem, runFakeShell } from './fake-sandbox-shell';

/** One recorded exec: what the command was and exactly which environment it got. */
export interface RecordedExec {
  command: string;
  cwd: string;
  env: Record<string, string>;
}

/** Lets a test script a command: return a result to answer it, or undefined to fall through to the fake shell. */
export type FakeCommandHandler = (command: string, options: ExecOptions) => ExecResult | undefined | Promise<ExecResult | undefined>;

const DEFAULT_MAX_OUTPUT_BYTES = 256 * 1024;
/** The only variables a fake command sees besides its per-command env, mirroring the real adapters' scrubbed env. */
const BASE_ENV = { PATH: '/usr/local/bin:/usr/bin:/bin', HOME: '/workspace', LANG: 'C.UTF-8' };

/**
 * An in-memory sandbox for tests: files live in a map, commands run through the tiny shell documented in
 * fake-sandbox-shell.ts (real `sleep` so timeouts and aborts behave), every exec is recorded with its env.
 */
export class FakeSandbox implements Sandbox {
  readonly workdir = '/workspace';
  readonly skillsRoot = '/bin/skills';
  readonly fs = new FakeFileSystem();
  /** Every exec in order, with the env it received. */
  readonly execs: RecordedExec[] = [];
  /** Test knob: health() answers false while this is set. */
  unhealthy = false;
  /** Test knob: answers chosen commands before the fake shell sees them. */
  commandHandler?: FakeCommandHandler;
  /** Set by the provider when the sandbox is destroyed or marked gone; every call then fails. */
  gone = false;
  /** Set by FakeSandboxProvider.stop(); open() starts it again with its files intact. */
  stopped = false;

  constructor(
    readonly id: string,
    readonly spec: SandboxSpec,
    private readonly provider?: { readonly healthy: boolean },
  ) {
    this.fs.mkdirp(this.workdir);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    this.ensureRunning();
    const env = { ...BASE_ENV, ...(options.env ?? {}) };
    const cwd = options.cwd ? this.resolve(options.cwd, 'cwd') : this.workdir;
    this.execs.push({ command, cwd, env });
    if (options.signal?.aborted) return { exitCode: null, output: '', truncated: false, timedOut: false };
    const scripted = await this.commandHandler?.(command, options);
    if (scripted) return scripted;

    const limit = options.maxOutputBytes ?? DEFAULT_MAX_OUTPUT_BYTES;
    const output: Uint8Array[] = [];
    let size = 0;
    let truncated = false;
    const stop = new AbortController();
    let timedOut = false;
    const timer = options.timeoutMs !== undefined ? setTimeout(() => ((timedOut = true), stop.abort()), options.timeoutMs) : undefined;
    const onAbort = (): void => stop.abort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    try {
      const status = await runFakeShell(command, {
        fs: this.fs,
        cwd,
        env,
        write: (chunk) => {
          const bytes = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
          const room = Math.max(0, limit - size);
          if (bytes.length > room) truncated = true;
          output.push(bytes.subarray(0, room));
          size += Math.min(room, bytes.length);
        },
        sleep: (ms) => sleepUnless(ms, stop.signal),
      });
      return { exitCode: status, output: joinText(output), truncated, timedOut: false };
    } catch (err) {
      if (stop.signal.aborted) return { exitCode: null, output: joinText(output), truncated, timedOut };
      throw err;
    } finally {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
    }
  }

  async upload(files: FileUpload[]): Promise<void> {
    this.ensureRunning();
    const resolved = files.map((f) => ({ ...f, path: this.resolve(f.path, 'upload path') }));
    for (const f of resolved) this.fs.write(f.path, new Uint8Array(f.content), f.mode ?? 0o644);
  }

  async download(path: string): Promise<Uint8Array> {
    this.ensureRunning();
    const file = this.fs.files.get(this.resolve(path, 'download path'));
    if (!file) throw new NotFoundError('file', path);
    return new Uint8Array(file.content);
  }

  async health(): Promise<boolean> {
    return !this.gone && !this.stopped && !this.unhealthy && this.provider?.healthy !== false;
  }

  /** Reads a file as text (test convenience); undefined when absent. */
  readText(path: string): string | undefined {
    const file = this.fs.files.get(posix.resolve(this.workdir, path));
    return file ? new TextDecoder().decode(file.content) : undefined;
  }

  /** Same containment rule as the real adapters: no `..`, only the workdir, the skills root and /tmp. */
  private resolve(path: string, field: string): string {
    if (path === '' || path.split('/').includes('..')) throw new InvalidInputError(field, `"${path}" must not be empty or contain ".."`);
    const absolute = posix.resolve(this.workdir, path);
    const inside = [this.workdir, this.skillsRoot, '/tmp'].some((root) => absolute === root || absolute.startsWith(`${root}/`));
    if (!inside) throw new InvalidInputError(field, `"${path}" is outside the sandbox (allowed: ${this.workdir}, ${this.skillsRoot}, /tmp)`);
    return absolute;
  }

  private ensureRunning(): void {
    if (this.gone) throw new SandboxUnavailableError(`sandbox ${this.id} no longer exists`);
    if (this.stopped) throw new SandboxUnavailableError(`sandbox ${this.id} is stopped`);
  }
}

/**
 * Sandbox provider for tests. `new FakeSandboxProvider()` works with no arguments. Knobs: `failNextCreates`,
 * `createError`, `createDelayMs`, `healthy`, `markGone(id)`, `stop(id)`; counters: `createdCount`, `destroyed`, `opened`.
 */
export class FakeSandboxProvider implements SandboxProvider {
  readonly kind = 'fake' as const;
  readonly sandboxes = new Map<string, FakeSandbox>();
  /** Ids passed to destroy(), in order. */
  readonly destroyed: string[] = [];
  /** Ids passed to open(), in order. */
  readonly opened: string[] = [];
  createdCount = 0;
  /** Test knob: how many upcoming create() calls fail. */
  failNextCreates = 0;
  /** The error those failing creates throw. */
  createError: Error = new SandboxUnavailableError('fake sandbox provider: create failed (test knob)');
  /** Test knob: create() waits this long, to widen race windows. */
  createDelayMs = 0;
  /** Test knob: when false every sandbox reports unhealthy. */
  healthy = true;
  private nextId = 1;

  describeIsolation(): string {
    return 'fake in-memory sandbox (tests only; no isolation)';
  }

  async open(sandboxId: string, _spec?: SandboxSpec): Promise<FakeSandbox | undefined> {
    this.opened.push(sandboxId);
    const sandbox = this.sandboxes.get(sandboxId);
    if (!sandbox || sandbox.gone) return undefined;
    sandbox.stopped = false;
    return sandbox;
  }

  async create(spec: SandboxSpec): Promise<FakeSandbox> {
    if (this.createDelayMs > 0) await new Promise((r) => setTimeout(r, this.createDelayMs));
    if (this.failNextCreates > 0) {
      this.failNextCreates--;
      throw this.createError;
    }
    this.createdCount++;
    const sandbox = new FakeSandbox(`fake-sbx-${this.nextId++}`, spec, this);
    this.sandboxes.set(sandbox.id, sandbox);
    return sandbox;
  }

  async destroy(sandboxId: string): Promise<void> {
    this.destroyed.push(sandboxId);
    const sandbox = this.sandboxes.get(sandboxId);
    if (sandbox) sandbox.gone = true;
    this.sandboxes.delete(sandboxId);
  }

  /** Simulates a sandbox that vanished behind our back (deleted, crashed host). */
  markGone(sandboxId: string): void {
    const sandbox = this.sandboxes.get(sandboxId);
    if (sandbox) sandbox.gone = true;
  }

  /** Simulates an auto-stopped sandbox: files kept, commands fail until open() starts it. */
  stop(sandboxId: string): void {
    const sandbox = this.sandboxes.get(sandboxId);
    if (sandbox) sandbox.stopped = true;
  }

  get(sandboxId: string): FakeSandbox | undefined {
    return this.sandboxes.get(sandboxId);
  }
}

function sleepUnless(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(new Error('stopped'));
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(new Error('stopped'));
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

function joinText(parts: Uint8Array[]): string {
  return Buffer.concat(parts).toString('utf8');
}
