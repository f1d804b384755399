import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { RedisSessionLock } from '../../src/adapters/redis/redis-session-lock';
import { createRedisClient } from '../../src/adapters/redis/redis-connection';
import { BackendUnavailableError } from '../../src/domain/errors/domain-errors';
import type { SessionLock } from '../../src/ports/session-lock.port';
import { describeSessionLockContract } from '../contracts/session-lock.contract';
import { describeWithRedis, disconnectQuietly, useRedisServer } from '../support/redis/redis-test-server';

describeWithRedis('RedisSessionLock', () => {
  const server = useRedisServer();
  const connect = () => server().track(createRedisClient({ host: server().host, port: server().port }));

  describeSessionLockContract('RedisSessionLock', async () => {
    const keyPrefix = `lock-contract:${randomUUID()}:`;
    const owners = new Map<SessionLock, Redis>();
    return {
      // Each lock gets its own connection, like a separate worker process.
      newLock: ({ ttlMs }) => {
        const client = connect();
        const lock = new RedisSessionLock(client, { keyPrefix, ttlMs });
        owners.set(lock, client);
        return lock;
      },
      kill: async (lock) => {
        (lock as RedisSessionLock).close();
        disconnectQuietly(owners.get(lock)!);
      },
      cleanup: async () => {
        for (const [lock, client] of owners) {
          (lock as RedisSessionLock).close();
          disconnectQuietly(client);
        }
      },
    };
  });

  it('stores the lease as <prefix>session-lock:<session> holding a token with a TTL', async () => {
    const raw = server().client();
    const lock = new RedisSessionLock(connect(), { keyPrefix: 'shape:', ttlMs: 5_000 });
    const handle = await lock.acquire('ses-shape', { waitMs: 0 });

    expect(await raw.get('shape:session-lock:ses-shape')).toMatch(/^[0-9a-f-]{36}$/);
    const ttl = await raw.pttl('shape:session-lock:ses-shape');
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);

    await handle.release();
    expect(await raw.exists('shape:session-lock:ses-shape')).toBe(0);
    lock.close();
  });

  it('fails acquire with a BackendUnavailableError naming host:port when Redis is down', async () => {
    const client = connect();
    const lock = new RedisSessionLock(client, { keyPrefix: 'down:', ttlMs: 5_000 });
    await server().stop();
    try {
      const failure = lock.acquire('ses-down', { waitMs: 1_000 });
      await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
      await expect(failure).rejects.toThrow(`Redis at 127.0.0.1:${server().port} is unavailable (session lock acquire)`);
    } finally {
      await server().start();
    }
    // The same client recovers once Redis is back.
    await (await lock.acquire('ses-down', { waitMs: 5_000 })).release();
    lock.close();
  }, 30_000);
});
