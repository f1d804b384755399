import { mkdirSync } from 'node:fs';
import { loadConfig } from '../../config/config';
import { startLocalStack, type LocalStack } from '../../local-stack/local-stack';
import { runOnStack, type StackRunResult } from '../../local-stack/run-on-stack';
import { lockDataDir } from '../../local-stack/stack-lock';

export interface LocalRunOptions {
  agent?: string;
  sessionId?: string;
  message: string;
  model?: string;
  /** Keep the stack serving after the run until SIGINT/SIGTERM (the `dev` command). */
  keepRunning: boolean;
}

/** Starts the local stack, runs one agent turn with live output, and (unless asked to stay) stops the stack. */
export async function localRun(options: LocalRunOptions, out: NodeJS.WriteStream = process.stdout): Promise<number> {
  const say = (line: string) => out.write(`${line}\n`);
  const dataDir = loadConfig({ MODE: 'local', ...process.env }).dataDir;
  mkdirSync(dataDir, { recursive: true });
  const unlock = lockDataDir(dataDir);
  let stack: LocalStack | undefined;
  try {
    say('agent-runner: starting the local stack…');
    stack = await startLocalStack({ onProgress: (line) => say(`  ${line}`) });
    for (const line of stack.summary) say(`  ${line}`);
    say('');
    const result = await runOnStack(stack, { agent: options.agent, sessionId: options.sessionId, message: options.message, modelName: options.model }, out);
    say('');
    say(outcomeLine(result));
    if (options.keepRunning) {
      say('the local stack keeps running (Temporal, backend, worker); press Ctrl-C to stop it');
      await untilSignal();
    }
    return result.phase === 'COMPLETED' ? 0 : 1;
  } finally {
    if (stack) await stack.stop();
    unlock();
  }
}

function outcomeLine(r: StackRunResult): string {
  const where = `execution ${r.executionId}, session ${r.sessionId}`;
  if (r.phase === 'COMPLETED') return `✓ completed (${where})`;
  return `✗ ${r.phase ?? 'unknown'}${r.error ? `: ${r.error}` : ''} (${where})`;
}

function untilSignal(): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      process.off('SIGINT', done);
      process.off('SIGTERM', done);
      resolve();
    };
    process.once('SIGINT', done);
    process.once('SIGTERM', done);
  });
}
