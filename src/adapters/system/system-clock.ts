import { setTimeout as delay } from 'node:timers/promises';
import type { Clock } from '../../ports/clock.port';

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }

  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    try {
      await delay(ms, undefined, { signal });
    } catch (err) {
      // The port promises the signal's own reason, not Node's AbortError wrapper.
      if (signal?.aborted) throw signal.reason;
      throw err;
    }
  }
}
