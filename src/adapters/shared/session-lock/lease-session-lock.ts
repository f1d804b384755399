import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { CancelledError, SessionBusyError, describeError } from '../../../domain/errors/domain-errors';
import type { Logger } from '../../../ports/logger.port';
import type { SessionLock, SessionLockHandle, SessionLockOptions } from '../../../ports/session-lock.port';
import type { LeaseStore } from './lease-store';

export interface LeaseSessionLockOptions {
  /** Lease lifetime: how long a crashed holder keeps the session blocked. */
  ttlMs: number;
  /** Renewal period while held; default ttlMs / 3, so two renewals may fail before the lease runs out. */
  renewEveryMs?: number;
  /** First and largest pause between acquisition attempts (exponential backoff with jitter in between). */
  minPollMs?: number;
  maxPollMs?: number;
  /** Prepended to the session id to form the lease key. */
  keyPrefix?: string;
  logger?: Logger;
}

/**
 * A SessionLock over any LeaseStore: acquire polls with backoff until `waitMs` (then SessionBusyError), the lease
 * is renewed while held, and `lost` fires when a renewal finds the lease gone or taken (e.g. the event loop was
 * blocked past the TTL) or when the store stays unreachable for a whole TTL. A lease that vanished while it was
 * still valid (the store lost it, e.g. Redis restarted without persistence) is taken again if nobody else has.
 */
export class LeaseSessionLock implements SessionLock {
  private readonly held = new Set<Lease>();
  private readonly renewEveryMs: number;
  private readonly minPollMs: number;
  private readonly maxPollMs: number;

  constructor(
    private readonly store: LeaseStore,
    private readonly options: LeaseSessionLockOptions,
  ) {
    if (!(options.ttlMs > 0)) throw new Error(`session lock ttlMs must be positive, got ${options.ttlMs}`);
    this.renewEveryMs = options.renewEveryMs ?? Math.max(1, Math.floor(options.ttlMs / 3));
    this.minPollMs = options.minPollMs ?? 25;
    this.maxPollMs = options.maxPollMs ?? 500;
  }

  async acquire(sessionId: string, { waitMs, signal }: SessionLockOptions): Promise<SessionLockHandle> {
    if (!sessionId) throw new Error('session lock: sessionId is empty');
    const key = `${this.options.keyPrefix ?? ''}${sessionId}`;
    const token = randomUUID();
    const started = Date.now();
    let pause = this.minPollMs;
    for (;;) {
      throwIfCancelled(sessionId, signal);
      if (await this.store.tryAcquire(key, token, this.options.ttlMs)) {
        const lease = new Lease(sessionId, key, token, this.store, this.options, this.renewEveryMs, () => this.held.delete(lease));
        this.held.add(lease);
        return lease;
      }
      const waited = Date.now() - started;
      if (waited >= waitMs) throw new SessionBusyError(sessionId, waited);
      const jittered = pause / 2 + Math.random() * (pause / 2);
      try {
        await sleep(Math.min(jittered, waitMs - waited), undefined, { signal });
      } catch {
        throwIfCancelled(sessionId, signal);
      }
      pause = Math.min(pause * 2, this.maxPollMs);
    }
  }

  /** Stops renewing every held lease without releasing it (process shutdown): they expire within ttlMs. */
  close(): void {
    for (const lease of this.held) lease.abandon();
    this.held.clear();
  }
}

function throwIfCancelled(sessionId: string, signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError(`stopped waiting for session ${sessionId}: cancelled`, { cause: signal.reason });
}

class Lease implements SessionLockHandle {
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private lastRenewedAt = Date.now();
  /** When the last successful renewal was sent: the store's lease runs until at least this plus the TTL. */
  private validSince = Date.now();
  private done = false;

  constructor(
    readonly sessionId: string,
    private readonly key: string,
    private readonly token: string,
    private readonly store: LeaseStore,
    private readonly options: LeaseSessionLockOptions,
    private readonly renewEveryMs: number,
    private readonly onDone: () => void,
  ) {
    this.schedule();
  }

  get lost(): AbortSignal {
    return this.controller.signal;
  }

  async release(): Promise<void> {
    if (this.done) return;
    this.abandon();
    try {
      await this.store.release(this.key, this.token);
    } catch (err) {
      // The lease expires by itself within ttlMs; nothing else to do.
      this.options.logger?.warn('could not release session lock; it will expire', { sessionId: this.sessionId, error: describeError(err) });
    }
  }

  abandon(): void {
    this.done = true;
    clearTimeout(this.timer);
    this.onDone();
  }

  private schedule(): void {
    this.timer = setTimeout(() => void this.renew(), this.renewEveryMs);
    // A held lock must not keep the process alive on its own.
    this.timer.unref();
  }

  private async renew(): Promise<void> {
    if (this.done) return;
    const sentAt = Date.now();
    try {
      const stillOurs = (await this.store.renew(this.key, this.token, this.options.ttlMs)) || (await this.retakeVanished(sentAt));
      if (this.done) return;
      if (!stillOurs) return this.markLost('the lease expired or another worker took it');
      this.lastRenewedAt = Date.now();
      this.validSince = sentAt;
    } catch (err) {
      if (this.done) return;
      if (Date.now() - this.lastRenewedAt >= this.options.ttlMs) return this.markLost(`could not renew it for a whole TTL: ${describeError(err)}`);
    }
    this.schedule();
  }

  /**
   * Our lease cannot have expired yet, so if the key is free the store lost it (e.g. a restart): take it again.
   * Past its validity someone may have held the session meanwhile, so it stays lost.
   */
  private async retakeVanished(sentAt: number): Promise<boolean> {
    if (this.done || sentAt - this.validSince >= this.options.ttlMs) return false;
    const retaken = await this.store.tryAcquire(this.key, this.token, this.options.ttlMs);
    if (retaken) this.options.logger?.warn('session lock lease vanished from the store while valid (store restarted?); took it again', { sessionId: this.sessionId });
    return retaken;
  }

  private markLost(why: string): void {
    this.abandon();
    this.options.logger?.warn('session lock lost', { sessionId: this.sessionId, reason: why });
    this.controller.abort(new CancelledError(`lost the lock on session ${this.sessionId}: ${why}`));
  }
}
