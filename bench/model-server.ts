import { fork, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import type { ScriptInput } from '../src/adapters/llm/scripted/script.schema';

/** When one chat request reached the model server and when its (streamed) response was fully written. */
export interface ModelRequestTiming {
  startedAt: number;
  finishedAt?: number;
}

export type ModelServerMessage = { type: 'ready'; baseUrl: string } | { type: 'timings'; id: number; timings: ModelRequestTiming[] };
export type ModelServerRequest = { type: 'take-timings'; id: number };

export interface ModelServer {
  /** What to put in OPENAI_BASE_URL. */
  baseUrl: string;
  /** Every chat request timing recorded since the previous call (wall clock ms, sub-ms precision). */
  takeTimings(): Promise<ModelRequestTiming[]>;
  stop(): Promise<void>;
}

const REPO = join(__dirname, '..');

/** Starts bench/model-server-process.ts as a child process serving `script` with `latencyMs` before each response. */
export async function startModelServer(script: ScriptInput, latencyMs: number): Promise<ModelServer> {
  const child: ChildProcess = fork(join(__dirname, 'model-server-process.ts'), [JSON.stringify(script), String(latencyMs)], {
    cwd: REPO,
    execArgv: ['-r', '@swc-node/register'],
    env: { ...process.env, SWC_NODE_PROJECT: join(REPO, 'tsconfig.json') },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const baseUrl = await new Promise<string>((resolve, reject) => {
    child.once('exit', (code) => reject(new Error(`model server exited with code ${code} before it was ready`)));
    child.on('message', (message: ModelServerMessage) => {
      if (message.type === 'ready') resolve(message.baseUrl);
    });
  });
  let nextId = 0;
  return {
    baseUrl,
    takeTimings: () =>
      new Promise((resolve) => {
        const id = ++nextId;
        const onMessage = (message: ModelServerMessage) => {
          if (message.type !== 'timings' || message.id !== id) return;
          child.off('message', onMessage);
          resolve(message.timings);
        };
        child.on('message', onMessage);
        child.send({ type: 'take-timings', id } satisfies ModelServerRequest);
      }),
    stop: async () => {
      if (child.connected) child.disconnect();
      const killer = setTimeout(() => child.kill('SIGKILL'), 5_000);
      await exited;
      clearTimeout(killer);
    },
  };
}
