import { spawn, type ChildProcess } from 'node:child_process';
import { accessSync, constants, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Connection } from '@temporalio/client';

export interface DevServer {
  address: string;
  namespace: string;
  /** Web UI address when enabled. */
  uiAddress?: string;
  stop(): Promise<void>;
}

export interface DevServerOptions {
  /** Fixed port; a free one when absent. */
  port?: number;
  /** Keep history in this SQLite file across restarts; a throwaway file when absent. */
  dbFile?: string;
  /** Serve the Web UI on this port (off when absent). */
  uiPort?: number;
}

const READY_TIMEOUT_MS = 60_000;

/**
 * Starts the real Temporal dev server (`temporal server start-dev`) on 127.0.0.1, for the local stack and the
 * integration tests. Resolves once the frontend answers.
 */
export async function startDevServer(cliPath: string, options: DevServerOptions = {}): Promise<DevServer> {
  const port = options.port ?? (await freePort());
  // A throwaway history goes on tmpfs when there is one: on a busy 2-core disk the dev server's SQLite writes miss
  // their deadlines and activity tasks get lost (seen under load).
  const dir = mkdtempSync(join(scratchRoot(), 'temporal-dev-'));
  const dbFile = options.dbFile ?? join(dir, 'temporal.db');
  const ui = options.uiPort ? ['--ui-ip', '127.0.0.1', '--ui-port', String(options.uiPort)] : ['--headless'];
  const args = ['server', 'start-dev', '--ip', '127.0.0.1', '--port', String(port), ...ui, '--db-filename', dbFile, '--log-level', 'error'];
  const child = spawn(cliPath, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const address = `127.0.0.1:${port}`;
  const stop = async () => {
    await stopProcess(child);
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitUntilServing(address, child, () => stderr);
  } catch (err) {
    await stop();
    throw err;
  }
  return { address, namespace: 'default', uiAddress: options.uiPort ? `http://127.0.0.1:${options.uiPort}` : undefined, stop };
}

async function waitUntilServing(address: string, child: ChildProcess, stderr: () => string): Promise<void> {
  const deadline = Date.now() + READY_TIMEOUT_MS;
  let lastError = '';
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`temporal dev server exited with code ${child.exitCode}: ${stderr()}`);
    try {
      const connection = await Connection.connect({ address, connectTimeout: 2_000 });
      try {
        await connection.workflowService.describeNamespace({ namespace: 'default' });
        return;
      } finally {
        await connection.close();
      }
    } catch (err) {
      lastError = err instanceof Error ? err.message : String(err);
      await sleep(250);
    }
  }
  throw new Error(`temporal dev server at ${address} not ready after ${READY_TIMEOUT_MS / 1000} s: ${lastError} ${stderr()}`);
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const stopped = await Promise.race([exited.then(() => true), sleep(10_000, undefined, { ref: false }).then(() => false)]);
  if (!stopped) {
    child.kill('SIGKILL');
    await exited;
  }
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

function scratchRoot(): string {
  const shm = '/dev/shm';
  try {
    accessSync(shm, constants.W_OK);
    return shm;
  } catch {
    return tmpdir();
  }
}
