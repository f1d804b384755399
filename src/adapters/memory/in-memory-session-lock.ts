import { LeaseSessionLock, type LeaseSessionLockOptions } from '../shared/session-lock/lease-session-lock';
import type { LeaseStore } from '../shared/session-lock/lease-store';

/** Leases in a Map, expiring by timestamp. Share one table between lock instances to model several workers. */
export class InMemoryLeaseTable implements LeaseStore {
  private readonly leases = new Map<string, { token: string; expiresAt: number }>();

  async tryAcquire(key: string, token: string, ttlMs: number): Promise<boolean> {
    const current = this.leases.get(key);
    if (current && current.expiresAt > Date.now()) return false;
    this.leases.set(key, { token, expiresAt: Date.now() + ttlMs });
    return true;
  }

  async renew(key: string, token: string, ttlMs: number): Promise<boolean> {
    const current = this.leases.get(key);
    if (!current || current.token !== token || current.expiresAt <= Date.now()) return false;
    current.expiresAt = Date.now() + ttlMs;
    return true;
  }

  async release(key: string, token: string): Promise<void> {
    if (this.leases.get(key)?.token === token) this.leases.delete(key);
  }
}

export interface InMemorySessionLockOptions extends Partial<LeaseSessionLockOptions> {
  table?: InMemoryLeaseTable;
}

/** Session lock for single-process local mode, with the same semantics as the Redis one. */
export class InMemorySessionLock extends LeaseSessionLock {
  constructor(options: InMemorySessionLockOptions = {}) {
    super(options.table ?? new InMemoryLeaseTable(), { ...options, ttlMs: options.ttlMs ?? 30_000 });
  }
}
