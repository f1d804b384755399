import { spawn } from 'node:child_process';
import { closeSync, openSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eventually } from '../support/temporal/eventually';
import { descendantPids, forceGc, openFdCount, openSocketCount, rssBytes, runPool } from '../support/stack';

/** The load suite's leak checks are only as good as these probes: each must see what it claims to see. */
describe('leak probes', () => {
  it('sees children and grandchildren, and not once they have exited', async () => {
    const before = descendantPids();
    const child = spawn('sh', ['-c', 'sleep 30 & sleep 30; wait'], { stdio: 'ignore', detached: true });
    const grown = await eventually('the shell and its two sleeps', () => {
      const extra = descendantPids().filter((pid) => !before.includes(pid));
      return extra.length >= 3 && extra;
    });
    expect(grown).toContain(child.pid);
    process.kill(-child.pid!, 'SIGKILL'); // the whole process group
    await eventually('the group to be gone', () => descendantPids().filter((pid) => !before.includes(pid)).length === 0);
  });

  it('counts an opened file descriptor and a listening socket', async () => {
    const fds = openFdCount();
    const sockets = openSocketCount();
    const fd = openSync(join(tmpdir(), `probe-${process.pid}`), 'w');
    const server = createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      expect(openFdCount()).toBeGreaterThanOrEqual(fds + 2);
      expect(openSocketCount()).toBeGreaterThanOrEqual(sockets + 1);
    } finally {
      closeSync(fd);
      await new Promise((resolve) => server.close(resolve));
    }
    expect(openSocketCount()).toBe(sockets);
  });

  it('reads RSS and runs a full GC without --expose-gc', () => {
    expect(rssBytes()).toBeGreaterThan(10 * 1024 * 1024);
    let garbage: number[][] | undefined = Array.from({ length: 200 }, () => new Array<number>(10_000).fill(1));
    const withGarbage = process.memoryUsage().heapUsed;
    garbage = undefined;
    forceGc();
    expect(garbage).toBeUndefined();
    expect(process.memoryUsage().heapUsed).toBeLessThan(withGarbage - 8 * 1024 * 1024);
  });
});

describe('runPool', () => {
  it('keeps at most `concurrency` tasks in flight, keeps order and reports failures without throwing', async () => {
    let running = 0;
    let peak = 0;
    const results = await runPool(20, 4, async (i) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, 5));
      running--;
      if (i === 7) throw new Error('task 7 failed');
      return i * 2;
    });
    expect(peak).toBe(4);
    expect(results).toHaveLength(20);
    expect(results[3]).toEqual({ status: 'fulfilled', value: 6 });
    expect(results[7]).toEqual({ status: 'rejected', reason: new Error('task 7 failed') });
  });
});
