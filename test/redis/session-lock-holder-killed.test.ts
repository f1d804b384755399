import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { RedisSessionLock } from '../../src/adapters/redis/redis-session-lock';
import { createRedisClient } from '../../src/adapters/redis/redis-connection';
import { SessionBusyError } from '../../src/domain/errors/domain-errors';
import { describeWithRedis, useRedisServer } from '../support/redis/redis-test-server';

const CHILD = join(__dirname, '../support/redis/lock-holder.child.ts');
const TTL_MS = 1_500;

function spawnHolder(port: number, keyPrefix: string, sessionId: string): { child: ChildProcess; held: Promise<void> } {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', CHILD, String(port), keyPrefix, sessionId, String(TTL_MS)], {
    cwd: join(__dirname, '../..'),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  const held = new Promise<void>((resolve, reject) => {
    child.stdout?.on('data', (d: Buffer) => d.toString().includes('HELD') && resolve());
    child.once('exit', (code) => reject(new Error(`lock holder exited early (${code}): ${stderr}`)));
  });
  return { child, held };
}

describeWithRedis('session lock held by a process that is SIGKILLed', () => {
  const server = useRedisServer();

  it('stays held while the holder lives, and frees the session within the TTL once it is killed', async () => {
    const keyPrefix = `kill:${randomUUID()}:`;
    const sessionId = `ses-${randomUUID()}`;
    const lock = new RedisSessionLock(server().track(createRedisClient({ host: server().host, port: server().port })), { keyPrefix, ttlMs: TTL_MS });
    const { child, held } = spawnHolder(server().port, keyPrefix, sessionId);
    try {
      await held;

      // Longer than one TTL: only the child's renewals keep it held.
      await expect(lock.acquire(sessionId, { waitMs: TTL_MS * 1.5 })).rejects.toBeInstanceOf(SessionBusyError);

      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      const handle = await lock.acquire(sessionId, { waitMs: TTL_MS + 1_000 });
      expect(handle.sessionId).toBe(sessionId);
      await handle.release();
    } finally {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      lock.close();
    }
  }, 60_000);
});
