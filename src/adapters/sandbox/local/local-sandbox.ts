import { existsSync } from 'node:fs';
import { SandboxUnavailableError } from '../../../domain/errors/domain-errors';
import type { ExecOptions, ExecResult, FileUpload, Sandbox } from '../../../ports/sandbox.port';
import { commandEnv, STANDARD_PATH } from '../common/command-env';
import { resolveSandboxPath } from '../common/sandbox-paths';
import { bubblewrapArgs } from './bubblewrap';
import { runProcessGroup } from './process-runner';
import { ConfinedFiles } from './workspace-files';

export interface LocalSandboxLayout {
  id: string;
  /** Real (symlink-free) absolute host path of the workspace; commands see the same path. */
  workspace: string;
  /** `<workspace>/.skills`: inside the workspace so it is a real readable path in every isolation mode. */
  skillsRoot: string;
  /** Per-session temp dir: /tmp under bubblewrap, TMPDIR without it. */
  tmpDir: string;
}

export interface LocalSandboxSettings {
  bubblewrap: boolean;
  bwrapPath: string;
  shareNetwork: boolean;
  defaultTimeoutMs: number;
  defaultMaxOutputBytes: number;
}

/**
 * A session workspace on the worker's host. Paths are the host paths in both isolation modes (bubblewrap binds
 * the workspace at its own path), so what `execute` sees and what upload/download touch always agree.
 */
export class LocalSandbox implements Sandbox {
  readonly id: string;
  readonly workdir: string;
  readonly skillsRoot: string;
  private readonly files: ConfinedFiles;

  constructor(
    private readonly layout: LocalSandboxLayout,
    private readonly settings: LocalSandboxSettings,
  ) {
    this.id = layout.id;
    this.workdir = layout.workspace;
    this.skillsRoot = layout.skillsRoot;
    this.files = new ConfinedFiles(layout.workspace);
  }

  async exec(command: string, options: ExecOptions = {}): Promise<ExecResult> {
    if (!existsSync(this.workdir)) throw new SandboxUnavailableError(`sandbox ${this.id} no longer exists (workspace ${this.workdir} is gone)`);
    const cwd = options.cwd ? resolveSandboxPath(options.cwd, this.workdir, [this.workdir], 'cwd') : this.workdir;
    const env = commandEnv(
      {
        PATH: STANDARD_PATH,
        HOME: this.workdir,
        LANG: 'C.UTF-8',
        TMPDIR: this.settings.bubblewrap ? '/tmp' : this.layout.tmpDir,
      },
      options.env,
    );
    // The command is one argv element: never spliced into another shell string.
    const shell = ['/bin/bash', '-lc', command];
    const argv = this.settings.bubblewrap
      ? [
          this.settings.bwrapPath,
          ...bubblewrapArgs({
            workspace: this.workdir,
            readOnlyInside: [this.skillsRoot],
            tmpDir: this.layout.tmpDir,
            cwd,
            shareNetwork: this.settings.shareNetwork,
          }),
          ...shell,
        ]
      : shell;
    return runProcessGroup(argv, {
      cwd,
      env,
      timeoutMs: options.timeoutMs ?? this.settings.defaultTimeoutMs,
      signal: options.signal,
      maxOutputBytes: options.maxOutputBytes ?? this.settings.defaultMaxOutputBytes,
    });
  }

  async upload(files: FileUpload[]): Promise<void> {
    // Validate everything first so a bad path in the batch writes nothing.
    const resolved = files.map((f) => ({ ...f, absolute: resolveSandboxPath(f.path, this.workdir, [this.workdir], 'upload path') }));
    for (const f of resolved) await this.files.write(f.absolute, f.content, f.mode, f.path);
  }

  async download(path: string): Promise<Uint8Array> {
    return this.files.read(resolveSandboxPath(path, this.workdir, [this.workdir], 'download path'), path);
  }

  async health(): Promise<boolean> {
    const result = await this.exec('true', { timeoutMs: 10_000 }).catch(() => undefined);
    return result?.exitCode === 0;
  }
}
