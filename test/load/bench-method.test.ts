import { tokenize } from '../../src/adapters/llm/scripted/tokenize';
import { parseScript } from '../../src/adapters/llm/scripted/load-script';
import { parseLevels, parseOptions, parsePhases } from '../../bench/options';
import { throughputWhileFull, type TimedRun } from '../../bench/phases/throughput';
import { eventsOf, manyEventsScript, TYPICAL_SCRIPT } from '../../bench/scripts';
import { distribution, median, percentile } from '../../bench/stats';

/** The benchmark's arithmetic: if these are wrong, every published number is. */
describe('benchmark method', () => {
  it('takes nearest-rank percentiles and medians, ignoring non-finite values', () => {
    const values = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(percentile(values, 50)).toBe(10);
    expect(percentile(values, 95)).toBe(19);
    expect(percentile([...values, Number.NaN], 100)).toBe(20);
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(distribution([])).toEqual({ p50: Number.NaN, p95: Number.NaN, n: 0 });
  });

  it('counts throughput only while the pool is full', () => {
    // Concurrency 2, each run 1 s, back to back: two lanes each finishing one run per second.
    const runs: TimedRun[] = [];
    for (let lane = 0; lane < 2; lane++) {
      for (let k = 0; k < 5; k++) runs.push({ run: undefined as never, startedAt: 1000 * k + lane * 10, endedAt: 1000 * (k + 1) + lane * 10 });
    }
    expect(throughputWhileFull(runs, 2)).toBeCloseTo(2, 1);
    // Sequential runs of 500 ms: 2 per second.
    const sequential: TimedRun[] = Array.from({ length: 6 }, (_, k) => ({ run: undefined as never, startedAt: 500 * k, endedAt: 500 * (k + 1) }));
    expect(throughputWhileFull(sequential, 1)).toBeCloseTo(2, 5);
  });

  it('builds a status-size script with exactly the requested number of agent events, valid for the stubs', () => {
    for (const target of [100, 500, 1000]) {
      const script = manyEventsScript(target, 5);
      expect(eventsOf(script)).toBe(target);
      expect(() => parseScript(script)).not.toThrow();
    }
    const tokens = TYPICAL_SCRIPT.turns.reduce((n, t) => n + tokenize(t.text ?? '').length, 0);
    expect(eventsOf(TYPICAL_SCRIPT)).toBe(tokens + 2 * 3 + 2 * 2);
  });

  it('reads sizes from flags over environment over defaults, and rejects nonsense', () => {
    const defaults = parseOptions([], {});
    expect(defaults.levels).toEqual([
      { concurrency: 1, executions: 10 },
      { concurrency: 10, executions: 40 },
      { concurrency: 50, executions: 100 },
    ]);
    expect(parseOptions([], { BENCH_REPS: '5', BENCH_LEVELS: '2:4' })).toEqual(expect.objectContaining({ reps: 5, levels: [{ concurrency: 2, executions: 4 }] }));
    expect(parseOptions(['--reps', '2'], { BENCH_REPS: '5' }).reps).toBe(2);
    expect(() => parseLevels('10:5')).toThrow(/executions >= concurrency/);
    expect(() => parsePhases('overhead,speed')).toThrow(/unknown phase speed/);
    expect(() => parseOptions([], { BENCH_WARM_UP: 'many' })).toThrow(/whole number/);
  });
});
