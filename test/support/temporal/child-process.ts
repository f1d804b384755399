import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export interface ChildEvent {
  event: string;
  executionId?: string;
  phase?: string;
}

/** A node child process running test/support/temporal/child-worker.ts, with its reported events. */
export class ChildWorker {
  readonly events: ChildEvent[] = [];
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  private stderr = '';
  private readonly listeners: (() => void)[] = [];

  private constructor(readonly process: ChildProcess) {
    createInterface({ input: process.stdout! }).on('line', (line) => {
      try {
        this.events.push(JSON.parse(line) as ChildEvent);
        this.listeners.splice(0).forEach((notify) => notify());
      } catch {
        // not one of our JSON lines (e.g. SDK output); ignore
      }
    });
    process.stderr!.on('data', (chunk: Buffer) => {
      this.stderr = (this.stderr + chunk.toString()).slice(-8_000);
    });
    this.exited = new Promise((resolve) => process.once('exit', (code, signal) => resolve({ code, signal })));
  }

  static spawn(env: Record<string, string>): ChildWorker {
    const root = join(__dirname, '../../..');
    const child = spawn(process.execPath, ['-r', '@swc-node/register', join(__dirname, 'child-worker.ts')], {
      cwd: root,
      env: { ...process.env, ...env, SWC_NODE_PROJECT: join(root, 'tsconfig.json') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    return new ChildWorker(child);
  }

  /** Resolves with the first event matching; rejects if the process exits first. */
  async waitFor(match: (event: ChildEvent) => boolean, what: string): Promise<ChildEvent> {
    for (;;) {
      const found = this.events.find(match);
      if (found) return found;
      if (this.process.exitCode !== null || this.process.signalCode !== null) {
        throw new Error(`child worker exited before ${what}: ${this.stderr}`);
      }
      await new Promise<void>((resolve) => {
        this.listeners.push(resolve);
        setTimeout(resolve, 200).unref();
      });
    }
  }

  get stderrTail(): string {
    return this.stderr;
  }

  kill(signal: NodeJS.Signals): void {
    this.process.kill(signal);
  }
}
