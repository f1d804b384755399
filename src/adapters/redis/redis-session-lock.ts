import type { Redis } from 'ioredis';
import { LeaseSessionLock, type LeaseSessionLockOptions } from '../shared/session-lock/lease-session-lock';
import type { LeaseStore } from '../shared/session-lock/lease-store';
import { defineLuaScript, type LuaScript } from './lua-script';
import { redisUnavailable } from './redis-connection';

const RENEW_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

const DELETE_IF_OURS = `
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0`;

/** Leases as `SET key token NX PX ttl`, renewed and released by compare-and-set Lua scripts. */
export class RedisLeaseStore implements LeaseStore {
  private readonly renewScript: LuaScript;
  private readonly releaseScript: LuaScript;

  constructor(private readonly redis: Redis) {
    this.renewScript = defineLuaScript(redis, 'agentRunnerRenewLease', RENEW_IF_OURS, 1);
    this.releaseScript = defineLuaScript(redis, 'agentRunnerReleaseLease', DELETE_IF_OURS, 1);
  }

  async tryAcquire(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.call('acquire', () => this.redis.set(key, token, 'PX', ttlMs, 'NX'))) === 'OK';
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    return (await this.call('renew', () => this.renewScript([key], [token, ttlMs]))) === 1;
  }

  async release(key: string, token: string): Promise<void> {
    await this.call('release', () => this.releaseScript([key], [token]));
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw redisUnavailable(this.redis, `session lock ${operation}`, err);
    }
  }
}

export interface RedisSessionLockOptions extends LeaseSessionLockOptions {
  /** e.g. `agent-runner:`; the lease key is `<keyPrefix>session-lock:<sessionId>`. */
  keyPrefix: string;
}

/** One holder per session across every replica sharing the Redis server. */
export class RedisSessionLock extends LeaseSessionLock {
  constructor(redis: Redis, options: RedisSessionLockOptions) {
    super(new RedisLeaseStore(redis), { ...options, keyPrefix: `${options.keyPrefix}session-lock:` });
  }
}
