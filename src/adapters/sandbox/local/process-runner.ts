import { spawn } from 'node:child_process';
import { constants as osConstants } from 'node:os';
import type { ExecResult } from '../../../ports/sandbox.port';
import { OutputCollector } from '../common/output-collector';

export interface RunOptions {
  cwd: string;
  env: Record<string, string>;
  timeoutMs?: number;
  signal?: AbortSignal;
  maxOutputBytes: number;
}

/** After the main process exits, how long its output pipes may stay open before we stop waiting. */
const PIPE_DRAIN_GRACE_MS = 200;

/**
 * Runs argv in its own process group with exactly `env`, collecting stdout+stderr interleaved up to the cap.
 * Timeout or abort kills the whole group with SIGKILL; so does the main process exiting, so nothing a command
 * starts outlives it (a background job would otherwise hold the pipes open and leak).
 */
export function runProcessGroup(argv: string[], options: RunOptions): Promise<ExecResult> {
  return new Promise<ExecResult>((resolve, reject) => {
    const output = new OutputCollector(options.maxOutputBytes);
    if (options.signal?.aborted) return resolve({ exitCode: null, output: '', truncated: false, timedOut: false });
    const child = spawn(argv[0], argv.slice(1), {
      cwd: options.cwd,
      env: options.env,
      detached: true, // setsid(): the child leads a new process group we can kill as a whole
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let killedBy: 'timeout' | 'abort' | undefined;
    let settled = false;
    const killGroup = (): void => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // already gone
      }
    };
    const stop = (reason: 'timeout' | 'abort'): void => {
      killedBy ??= reason;
      killGroup();
    };
    const timer = options.timeoutMs !== undefined ? setTimeout(() => stop('timeout'), options.timeoutMs) : undefined;
    const onAbort = (): void => stop('abort');
    options.signal?.addEventListener('abort', onAbort, { once: true });

    child.stdout.on('data', (chunk: Buffer) => output.push(chunk));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk));

    const finish = (result: ExecResult | Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      if (result instanceof Error) reject(result);
      else resolve(result);
    };
    child.on('error', (err) => finish(new Error(`could not start ${argv[0]}: ${err.message}`)));
    child.on('exit', (code, signal) => {
      killGroup();
      const done = (): void =>
        finish({
          exitCode: killedBy ? null : code ?? 128 + (signal ? osConstants.signals[signal] ?? 0 : 0),
          output: output.text(),
          truncated: output.truncated,
          timedOut: killedBy === 'timeout',
        });
      const grace = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        done();
      }, PIPE_DRAIN_GRACE_MS);
      child.once('close', () => {
        clearTimeout(grace);
        done();
      });
    });
  });
}
