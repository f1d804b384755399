import type { Clock } from '../../src/ports/clock.port';

/** Behaviour every Clock must show (run against SystemClock and FakeClock). */
export function describeClockContract(name: string, factory: () => Clock): void {
  describe(`Clock contract: ${name}`, () => {
    let clock: Clock;

    beforeEach(() => {
      clock = factory();
    });

    it('returns a valid Date from now() that never goes backwards across calls', async () => {
      const readings: Date[] = [];
      for (let i = 0; i < 5; i++) {
        readings.push(clock.now());
        await clock.sleep(2);
      }
      readings.push(clock.now());
      for (const reading of readings) {
        expect(reading).toBeInstanceOf(Date);
        expect(Number.isNaN(reading.getTime())).toBe(false);
      }
      for (let i = 1; i < readings.length; i++) expect(readings[i].getTime()).toBeGreaterThanOrEqual(readings[i - 1].getTime());
    });

    it('resolves sleep(ms), with or without a signal that is never aborted', async () => {
      await expect(clock.sleep(5)).resolves.toBeUndefined();
      await expect(clock.sleep(5, new AbortController().signal)).resolves.toBeUndefined();
      await expect(clock.sleep(0)).resolves.toBeUndefined();
    });

    it('rejects a sleep whose signal is already aborted', async () => {
      const controller = new AbortController();
      controller.abort(new Error('stop before sleeping'));
      await expect(clock.sleep(60_000, controller.signal)).rejects.toBeDefined();
    });

    it('rejects a sleep whose signal is aborted while it sleeps', async () => {
      const controller = new AbortController();
      const sleeping = clock.sleep(60_000, controller.signal);
      controller.abort(new Error('stop while sleeping'));
      await expect(sleeping).rejects.toBeDefined();
    });
  });
}
