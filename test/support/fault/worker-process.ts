import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

const REPO = join(__dirname, '../../..');

/** Variables a child process needs from ours (the worker's own configuration comes only from `env`). */
const INHERITED = ['PATH', 'HOME', 'TMPDIR', 'LANG', 'DOCKER_HOST'];

/**
 * The production CLI (`agent-runner worker`) in a child process, with its JSON log lines collected, for tests
 * that signal or kill the worker.
 */
export class WorkerProcess {
  readonly logLines: Record<string, unknown>[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private output = '';

  private constructor(readonly child: ChildProcess) {
    const collect = (line: string) => {
      this.output = `${this.output}${line}\n`.slice(-20_000);
      try {
        this.logLines.push(JSON.parse(line) as Record<string, unknown>);
      } catch {
        // not a log line
      }
    };
    createInterface({ input: child.stdout! }).on('line', collect);
    createInterface({ input: child.stderr! }).on('line', collect);
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static spawn(env: Record<string, string>): WorkerProcess {
    const inherited = Object.fromEntries(INHERITED.filter((name) => process.env[name]).map((name) => [name, process.env[name]!]));
    const child = spawn(process.execPath, [join(REPO, 'bin/agent-runner.js'), 'worker'], {
      cwd: REPO,
      env: { ...inherited, ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new WorkerProcess(child);
  }

  get running(): boolean {
    return this.child.exitCode === null && this.child.signalCode === null;
  }

  /** The last output lines, for failure messages. */
  get outputTail(): string {
    return this.output.slice(-4_000);
  }

  hasLogged(message: string): boolean {
    return this.logLines.some((line) => line.msg === message);
  }

  /** Resolves once a log line with this message appears; rejects if the process exits or the time runs out. */
  async waitForLog(message: string, timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.hasLogged(message)) {
      if (!this.running) throw new Error(`worker exited before logging "${message}":\n${this.outputTail}`);
      if (Date.now() > deadline) throw new Error(`worker did not log "${message}" within ${timeoutMs} ms:\n${this.outputTail}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** SIGKILL if still running (test cleanup). */
  kill(): void {
    if (this.running) this.child.kill('SIGKILL');
  }
}
