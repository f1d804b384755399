import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { CancelledError, SessionBusyError } from '../../src/domain/errors/domain-errors';
import type { SessionLock, SessionLockHandle } from '../../src/ports/session-lock.port';

export interface SessionLockSubject {
  /** A lock as one worker process has it; every lock of a subject shares the same backing store. */
  newLock(options: { ttlMs: number }): SessionLock;
  /** Simulates the death of the process owning `lock`: renewals stop and nothing is released. */
  kill(lock: SessionLock): Promise<void>;
  cleanup(): Promise<void>;
}

const TTL = 600;

/** Behaviour every SessionLock must show (run against the in-memory and the Redis adapters). */
export function describeSessionLockContract(name: string, factory: () => Promise<SessionLockSubject>): void {
  describe(`SessionLock contract: ${name}`, () => {
    let subject: SessionLockSubject;
    const handles: SessionLockHandle[] = [];
    const session = () => `ses-${randomUUID()}`;
    const hold = async (lock: SessionLock, sessionId: string, waitMs = 0) => {
      const handle = await lock.acquire(sessionId, { waitMs });
      handles.push(handle);
      return handle;
    };

    beforeEach(async () => {
      subject = await factory();
    });
    afterEach(async () => {
      for (const h of handles.splice(0)) await h.release();
      await subject.cleanup();
    });

    it('lets one holder in at a time and reports the others busy, naming the session', async () => {
      const [a, b] = [subject.newLock({ ttlMs: TTL }), subject.newLock({ ttlMs: TTL })];
      const id = session();
      const first = await hold(a, id);

      const busy = b.acquire(id, { waitMs: 0 });

      await expect(busy).rejects.toBeInstanceOf(SessionBusyError);
      await expect(busy).rejects.toMatchObject({ sessionId: id, code: 'SESSION_BUSY' });
      expect(first.sessionId).toBe(id);
      expect(first.lost.aborted).toBe(false);
    });

    it('does not couple different sessions', async () => {
      const lock = subject.newLock({ ttlMs: TTL });
      await hold(lock, session());
      await expect(hold(lock, session())).resolves.toBeDefined();
    });

    it('waits for a busy session and then runs once the holder releases', async () => {
      const [a, b] = [subject.newLock({ ttlMs: TTL }), subject.newLock({ ttlMs: TTL })];
      const id = session();
      const first = await hold(a, id);
      let released = false;

      const second = hold(b, id, 10_000).then((h) => ({ h, afterRelease: released }));
      await sleep(150);
      released = true;
      await first.release();

      const { h, afterRelease } = await second;
      expect(afterRelease).toBe(true);
      expect(h.sessionId).toBe(id);
    });

    it('gives up with SessionBusyError after waitMs', async () => {
      const [a, b] = [subject.newLock({ ttlMs: TTL }), subject.newLock({ ttlMs: TTL })];
      const id = session();
      await hold(a, id);
      const started = Date.now();

      await expect(b.acquire(id, { waitMs: 300 })).rejects.toBeInstanceOf(SessionBusyError);
      expect(Date.now() - started).toBeGreaterThanOrEqual(290);
    });

    it('release lets the next holder in at once, and a second release is harmless', async () => {
      const [a, b] = [subject.newLock({ ttlMs: TTL }), subject.newLock({ ttlMs: TTL })];
      const id = session();
      const first = await hold(a, id);

      await first.release();
      await first.release();

      await expect(hold(b, id)).resolves.toBeDefined();
    });

    it('keeps the session for as long as the holder lives (renewal), well past the TTL', async () => {
      const [a, b] = [subject.newLock({ ttlMs: 300 }), subject.newLock({ ttlMs: 300 })];
      const id = session();
      const first = await hold(a, id);

      await sleep(1_000);

      await expect(b.acquire(id, { waitMs: 0 })).rejects.toBeInstanceOf(SessionBusyError);
      expect(first.lost.aborted).toBe(false);
    });

    it('frees the session within the TTL when the holder dies without releasing', async () => {
      const [holder, next] = [subject.newLock({ ttlMs: TTL }), subject.newLock({ ttlMs: TTL })];
      const id = session();
      await holder.acquire(id, { waitMs: 0 });

      await subject.kill(holder);

      await expect(next.acquire(id, { waitMs: 0 })).rejects.toBeInstanceOf(SessionBusyError);
      await expect(hold(next, id, TTL * 5)).resolves.toBeDefined();
    });

    it('fires `lost` when the lease ran out under the holder (event loop blocked past the TTL), and its release then frees nothing', async () => {
      const [a, b] = [subject.newLock({ ttlMs: 300 }), subject.newLock({ ttlMs: 300 })];
      const id = session();
      const first = await hold(a, id);

      blockEventLoop(700);
      const second = await hold(b, id, 5_000);
      if (!first.lost.aborted) await withTimeout(once(first.lost, 'abort'), 5_000, 'lost signal');

      expect(first.lost.reason).toBeInstanceOf(CancelledError);
      expect(String(first.lost.reason.message)).toContain(id);
      await first.release();
      await expect(subject.newLock({ ttlMs: 300 }).acquire(id, { waitMs: 0 })).rejects.toBeInstanceOf(SessionBusyError);
      expect(second.lost.aborted).toBe(false);
    });

    it('stops waiting with CancelledError when the caller aborts', async () => {
      const [a, b] = [subject.newLock({ ttlMs: TTL }), subject.newLock({ ttlMs: TTL })];
      const id = session();
      await hold(a, id);
      const controller = new AbortController();

      const waiting = b.acquire(id, { waitMs: 60_000, signal: controller.signal });
      setTimeout(() => controller.abort(), 100);

      await expect(withTimeout(waiting, 10_000, 'cancelled acquire')).rejects.toBeInstanceOf(CancelledError);
    });
  });
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Simulates a stalled worker: nothing else (renewal timers included) runs for `ms`. */
function blockEventLoop(ms: number): void {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    // busy wait on purpose
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not settle within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
