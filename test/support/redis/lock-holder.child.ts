/**
 * Holds a Redis session lock until killed (used by the SIGKILL test):
 * `node -r @swc-node/register lock-holder.child.ts <redisPort> <keyPrefix> <sessionId> <ttlMs>`.
 * Prints "HELD" on stdout once the lock is taken.
 */
import { RedisSessionLock } from '../../../src/adapters/redis/redis-session-lock';
import { createRedisClient } from '../../../src/adapters/redis/redis-connection';

async function main(): Promise<void> {
  const [port, keyPrefix, sessionId, ttlMs] = process.argv.slice(2);
  const lock = new RedisSessionLock(createRedisClient({ host: '127.0.0.1', port: Number(port) }), { keyPrefix, ttlMs: Number(ttlMs) });
  const handle = await lock.acquire(sessionId, { waitMs: 0 });
  handle.lost.addEventListener('abort', () => process.exit(3));
  process.stdout.write('HELD\n');
  // Stay alive (renewing) until killed.
  setInterval(() => undefined, 1_000);
}

main().catch((err: unknown) => {
  process.stderr.write(`lock holder failed: ${String(err)}\n`);
  process.exit(1);
});
