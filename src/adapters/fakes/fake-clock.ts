import type { Clock } from '../../ports/clock.port';

/** A clock tests can read and advance; sleeps resolve immediately unless `realSleeps` is set. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start = '2026-01-22T10:00:00.000Z', private readonly realSleeps = false) {
    this.current = Date.parse(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  advance(ms: number): void {
    this.current += ms;
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    signal?.throwIfAborted();
    this.current += ms;
    if (this.realSleeps) await new Promise((r) => setTimeout(r, ms));
    else await Promise.resolve();
    signal?.throwIfAborted();
  }
}
