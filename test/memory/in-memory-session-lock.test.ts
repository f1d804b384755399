import { InMemoryLeaseTable, InMemorySessionLock } from '../../src/adapters/memory/in-memory-session-lock';
import type { SessionLock } from '../../src/ports/session-lock.port';
import { describeSessionLockContract } from '../contracts/session-lock.contract';

describeSessionLockContract('InMemorySessionLock', async () => {
  const table = new InMemoryLeaseTable();
  const locks: InMemorySessionLock[] = [];
  return {
    newLock: ({ ttlMs }) => {
      const lock = new InMemorySessionLock({ table, ttlMs });
      locks.push(lock);
      return lock;
    },
    kill: async (lock: SessionLock) => (lock as InMemorySessionLock).close(),
    cleanup: async () => locks.forEach((l) => l.close()),
  };
});

describe('InMemorySessionLock defaults', () => {
  it('works with no options (30 s TTL, own table)', async () => {
    const lock = new InMemorySessionLock();
    const handle = await lock.acquire('ses-1', { waitMs: 0 });
    await expect(lock.acquire('ses-1', { waitMs: 0 })).rejects.toThrow('session ses-1 is busy');
    await handle.release();
    await (await lock.acquire('ses-1', { waitMs: 0 })).release();
  });
});
