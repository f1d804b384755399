/**
 * Where an agent runs commands and edits files. One Sandbox per session, reused across turns.
 */
export interface ExecOptions {
  /** Working directory inside the sandbox; defaults to the sandbox workdir. */
  cwd?: string;
  /** Variables for this command only. The worker's own environment never reaches a sandbox. */
  env?: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  /** Combined stdout+stderr cap; beyond it output is cut and `truncated` is set. */
  maxOutputBytes?: number;
}

export interface ExecResult {
  /** null when the process was killed (timeout, abort) before it exited. */
  exitCode: number | null;
  /** stdout and stderr interleaved as produced (best effort ordering). */
  output: string;
  truncated: boolean;
  timedOut: boolean;
}

export interface FileUpload {
  /** Absolute path inside the sandbox, or relative to the workdir. */
  path: string;
  content: Uint8Array;
  /** POSIX mode, e.g. 0o755 for scripts. */
  mode?: number;
}

export interface Sandbox {
  readonly id: string;
  /** Absolute directory commands start in and relative paths resolve against. */
  readonly workdir: string;
  /**
   * Where skills are installed, as commands inside this sandbox see it. Set when an adapter relocates skills
   * (the local adapter keeps them under its workspace); otherwise the installer's configured root (SKILLS_ROOT) is used.
   */
  readonly skillsRoot?: string;
  exec(command: string, options?: ExecOptions): Promise<ExecResult>;
  upload(files: FileUpload[]): Promise<void>;
  /** Throws NotFoundError when the file does not exist. */
  download(path: string): Promise<Uint8Array>;
  /** True when the sandbox can run a command now. */
  health(): Promise<boolean>;
}

export interface SandboxSpec {
  org: string;
  sessionId: string;
  executionId: string;
  labels?: Record<string, string>;
}

export interface SandboxProvider {
  readonly kind: 'local' | 'docker' | 'daytona' | 'fake';
  /** Human summary of the isolation in force, logged at startup and used in the system prompt. */
  describeIsolation(): string;
  /** Reattaches to an existing sandbox (starting it if stopped); undefined when it is gone or broken. */
  open(sandboxId: string, spec: SandboxSpec): Promise<Sandbox | undefined>;
  create(spec: SandboxSpec): Promise<Sandbox>;
  /** Best effort; succeeds when the sandbox is already gone. */
  destroy(sandboxId: string): Promise<void>;
}
