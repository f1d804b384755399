import { spawn, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';
import { freePort } from '../../src/adapters/temporal';

/** The ways the worker process can be started. */
export type ColdStartMode = 'compiled' | 'source';

export interface ColdStartRep {
  /** Process spawned → the task queue lists the worker as a poller (describeTaskQueue). */
  toPollerMs: number;
  /** Process spawned → GET /readyz answers 200 (Temporal polling and the backend reachable). */
  toReadyMs: number;
}

const REPO = join(__dirname, '../..');
const BUILD_DIR = join(REPO, 'bench', 'results', '.cold-build');
const GIVE_UP_MS = 90_000;
const POLL_EVERY_MS = 20;
// temporal.api.enums.v1 values (the proto package is only a transitive dependency).
const TASK_QUEUE_KIND_NORMAL = 1;
const TASK_QUEUE_TYPE_ACTIVITY = 2;

/**
 * Compiles src/ with tsc into bench/results/.cold-build (gitignored), next to a copy of bin/ and package.json, so
 * that `bin/agent-runner.js` there runs compiled JavaScript as the production image does.
 */
export function buildCompiledWorker(): string {
  rmSync(BUILD_DIR, { recursive: true, force: true });
  mkdirSync(join(BUILD_DIR, 'bin'), { recursive: true });
  const tsc = spawnSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', join(REPO, 'tsconfig.build.json'), '--outDir', join(BUILD_DIR, 'dist')], {
    cwd: REPO,
    encoding: 'utf8',
  });
  const main = join(BUILD_DIR, 'dist', 'composition', 'cli', 'main.js');
  if (!existsSync(main)) throw new Error(`tsc produced no ${main}: ${tsc.stdout}${tsc.stderr}`);
  if (tsc.status !== 0) console.warn(`bench: tsc reported errors (output was still emitted):\n${tsc.stdout.slice(0, 2_000)}`);
  copyFileSync(join(REPO, 'bin', 'agent-runner.js'), join(BUILD_DIR, 'bin', 'agent-runner.js'));
  copyFileSync(join(REPO, 'package.json'), join(BUILD_DIR, 'package.json'));
  return join(BUILD_DIR, 'bin', 'agent-runner.js');
}

export interface ColdStartTarget {
  temporalAddress: string;
  backendAddress: string;
}

/**
 * Spawns `node <bin> worker` in MODE=local against the running Temporal and backend, on a task queue of its own, and
 * times the first poll and the first ready answer; then stops it with SIGTERM.
 */
export async function coldStartRep(bin: string, target: ColdStartTarget): Promise<ColdStartRep> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-runner-cold-'));
  const taskQueue = `bench-cold-${randomUUID()}`;
  const httpPort = await freePort();
  const connection = await Connection.connect({ address: target.temporalAddress });
  const startedAt = performance.now();
  const child = spawn(process.execPath, [bin, 'worker'], {
    cwd: dir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      MODE: 'local',
      LOG_LEVEL: 'WARNING',
      TEMPORAL_SERVICE_ADDRESS: target.temporalAddress,
      TEMPORAL_AGENT_EXECUTION_RUNNER_TASK_QUEUE: taskQueue,
      TEMPORAL_SHUTDOWN_GRACE_SECONDS: '1',
      STIGMER_BACKEND_ENDPOINT: target.backendAddress,
      AGENT_RUNNER_HTTP_HOST: '127.0.0.1',
      AGENT_RUNNER_HTTP_PORT: String(httpPort),
      AGENT_RUNNER_DATA_DIR: join(dir, 'data'),
      SANDBOX_ROOT_DIR: join(dir, 'workspace'),
      SKILL_CACHE_DIR: join(dir, 'skills'),
      STIGMER_LLM_PROVIDER: 'openai',
      OPENAI_API_KEY: 'dummy-bench-key',
      OPENAI_BASE_URL: 'http://127.0.0.1:9/v1',
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr!.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4_000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const alive = () => child.exitCode === null && child.signalCode === null;
  try {
    const polling = until(alive, async () => {
      const response = await connection.workflowService.describeTaskQueue({
        namespace: 'default',
        taskQueue: { name: taskQueue, kind: TASK_QUEUE_KIND_NORMAL },
        taskQueueType: TASK_QUEUE_TYPE_ACTIVITY,
      });
      return (response.pollers?.length ?? 0) > 0;
    });
    const ready = until(alive, async () => (await fetch(`http://127.0.0.1:${httpPort}/readyz`)).status === 200);
    const [pollerAt, readyAt] = await Promise.all([polling, ready]);
    return { toPollerMs: pollerAt - startedAt, toReadyMs: readyAt - startedAt };
  } catch (err) {
    throw new Error(`cold start failed: ${(err as Error).message}\n${stderr}`);
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(killer);
    await connection.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Polls `check` until it holds; resolves with the performance.now() of that moment. */
async function until(alive: () => boolean, check: () => Promise<boolean>): Promise<number> {
  const deadline = performance.now() + GIVE_UP_MS;
  while (performance.now() < deadline) {
    if (!alive()) throw new Error('the worker process exited');
    if (await check().catch(() => false)) return performance.now();
    await sleep(POLL_EVERY_MS);
  }
  throw new Error(`not there after ${GIVE_UP_MS / 1000} s`);
}
