import { BaseSandbox, type ExecuteResponse, type FileDownloadResponse, type FileOperationError, type FileUploadResponse } from 'deepagents';
import { InvalidInputError, NotFoundError } from '../../../domain/errors/domain-errors';
import type { Sandbox } from '../../../ports/sandbox.port';

/** What one run gives every command: its environment, its time limit and its cancellation. */
export interface SandboxBridgeOptions {
  /** Merged environment of the execution; passed to every command (the worker's own env never is). */
  env: Record<string, string>;
  commandTimeoutMs: number;
  /** The run's signal: aborting it kills the running command. */
  signal: AbortSignal;
  maxOutputBytes?: number;
}

/**
 * deepagents' sandbox backend over our Sandbox port. BaseSandbox derives ls/read/grep/glob/edit/delete from
 * `execute`, `uploadFiles` and `downloadFiles`, so every file operation goes through the port too. Paths are the
 * sandbox's own: absolute paths are used as they are, relative paths resolve against the sandbox workdir (where
 * commands start). Build one per run: deepagents' `execute(command)` has no timeout or signal parameter, so
 * those are carried here.
 */
export class PortBackedSandbox extends BaseSandbox {
  readonly id: string;

  constructor(
    private readonly sandbox: Sandbox,
    private readonly options: SandboxBridgeOptions,
  ) {
    super();
    this.id = sandbox.id;
  }

  get workdir(): string {
    return this.sandbox.workdir;
  }

  async execute(command: string): Promise<ExecuteResponse> {
    const result = await this.sandbox.exec(command, {
      env: this.options.env,
      timeoutMs: this.options.commandTimeoutMs,
      signal: this.options.signal,
      maxOutputBytes: this.options.maxOutputBytes,
    });
    // A timed-out command has no exit code; say so, or the model only sees output that stops mid-way.
    const output = result.timedOut ? `${result.output}\n[Command timed out after ${duration(this.options.commandTimeoutMs)} and was stopped]` : result.output;
    return { output, exitCode: result.exitCode, truncated: result.truncated };
  }

  async uploadFiles(files: Array<[string, Uint8Array]>): Promise<FileUploadResponse[]> {
    const responses: FileUploadResponse[] = [];
    // One upload per file: deepagents expects per-file results (partial success), the port is all-or-nothing.
    for (const [path, content] of files) {
      try {
        await this.sandbox.upload([{ path, content }]);
        responses.push({ path, error: null });
      } catch (err) {
        responses.push({ path, error: fileOperationError(err) });
      }
    }
    return responses;
  }

  async downloadFiles(paths: string[]): Promise<FileDownloadResponse[]> {
    const responses: FileDownloadResponse[] = [];
    for (const path of paths) {
      try {
        responses.push({ path, content: await this.sandbox.download(path), error: null });
      } catch (err) {
        responses.push({ path, content: null, error: fileOperationError(err) });
      }
    }
    return responses;
  }
}

function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

function fileOperationError(err: unknown): FileOperationError {
  if (err instanceof NotFoundError) return 'file_not_found';
  if (err instanceof InvalidInputError) return 'invalid_path';
  switch (errnoCode(err)) {
    case 'ENOENT':
    case 'ENOTDIR':
      return 'file_not_found';
    case 'EISDIR':
      return 'is_directory';
    case 'EINVAL':
    case 'ENAMETOOLONG':
      return 'invalid_path';
    default:
      return 'permission_denied';
  }
}

function errnoCode(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && code.startsWith('E')) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
