import { setTimeout as sleep } from 'node:timers/promises';
import { cpuTimeMs, descendantPids, describePid, forceGc, rssBytes, runPool, type FinishedRun } from '../../test/support/stack';
import { requireCompleted, type BenchStack } from '../bench-stack';
import { median } from '../stats';

const MB = 1024 * 1024;
const SAMPLE_EVERY_MS = 100;

export interface TimedRun {
  run: FinishedRun;
  /** Bench-side wall clock (ms) when the workflow was requested and when its result and stored status were in. */
  startedAt: number;
  endedAt: number;
}

export interface LevelRep {
  concurrency: number;
  executions: number;
  executionsPerSecond: number;
  /** Workflow start → result, per execution, as the caller sees it. */
  latenciesMs: number[];
  rss: { idleMb: number; plateauMb: number; perExecutionMb: number; plateauSamples: number };
  /** CPU time per execution (ms) by where it was spent, over the whole repetition. */
  cpuMsPerExecution: CpuShare;
  runs: TimedRun[];
}

export interface CpuShare {
  /** This process: worker, embedded backend, dev workflow worker, Temporal client. */
  benchProcess: number;
  /** Short-lived children this process reaped: sandboxed shell commands (bubblewrap). */
  commands: number;
  temporalServer: number;
  modelServer: number;
}

const now = () => performance.timeOrigin + performance.now();

/**
 * Runs `executions` at `concurrency` and measures throughput while the pool is full: completions between the moment
 * the last of the first `concurrency` runs started and the moment the last run started, over that window (ramp-up
 * and drain excluded). RSS is sampled meanwhile; the plateau is the median of samples taken while at least 90 % of
 * `concurrency` executions were inside ExecuteGraphton, against an idle median taken after a full GC just before.
 */
export async function runLevel(stack: BenchStack, concurrency: number, executions: number, label: string): Promise<LevelRep> {
  const idle = await idleRss();
  const cpuBefore = cpuSnapshot();
  const samples: { rss: number; running: number }[] = [];
  const sampler = setInterval(() => samples.push({ rss: rssBytes(), running: stack.harness.metrics.runningExecutions() }), SAMPLE_EVERY_MS);
  let results: Awaited<ReturnType<typeof runPool<TimedRun>>>;
  try {
    results = await runPool(executions, concurrency, async (i) => {
      const startedAt = now();
      const run = requireCompleted(await stack.run(`${label} #${i}: write the notes, read them back, report.`));
      return { run, startedAt, endedAt: now() };
    });
  } finally {
    clearInterval(sampler);
  }
  const cpu = cpuSince(cpuBefore, executions);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  const runs = results.map((r) => (r as PromiseFulfilledResult<TimedRun>).value);

  const plateau = samples.filter((s) => s.running >= Math.ceil(0.9 * concurrency)).map((s) => s.rss);
  const plateauMb = median(plateau) / MB;
  return {
    concurrency,
    executions,
    executionsPerSecond: throughputWhileFull(runs, concurrency),
    latenciesMs: runs.map((r) => r.endedAt - r.startedAt),
    rss: { idleMb: idle / MB, plateauMb, perExecutionMb: (plateauMb - idle / MB) / concurrency, plateauSamples: plateau.length },
    cpuMsPerExecution: cpu,
    runs,
  };
}

export function throughputWhileFull(runs: TimedRun[], concurrency: number): number {
  const starts = runs.map((r) => r.startedAt).sort((a, b) => a - b);
  const from = starts[Math.min(concurrency, starts.length) - 1];
  const to = starts[starts.length - 1];
  const completed = runs.filter((r) => r.endedAt > from && r.endedAt <= to).length;
  if (to - from > 0 && completed > 0) return completed / ((to - from) / 1000);
  // Every run started at once (executions == concurrency): fall back to the whole span.
  const end = Math.max(...runs.map((r) => r.endedAt));
  return runs.length / ((end - starts[0]) / 1000);
}

/** RSS at rest: let timers and sockets settle, collect garbage, then the median of a few samples. */
async function idleRss(): Promise<number> {
  await sleep(1_000);
  forceGc();
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    samples.push(rssBytes());
    await sleep(SAMPLE_EVERY_MS);
  }
  return median(samples);
}

type CpuSnapshot = Record<keyof CpuShare, number>;

/** CPU used so far by this process, its reaped children, and its long-lived children by role (from their command line). */
function cpuSnapshot(): CpuSnapshot {
  const self = cpuTimeMs('self')!;
  const snapshot: CpuSnapshot = { benchProcess: self.own, commands: self.reapedChildren, temporalServer: 0, modelServer: 0 };
  for (const pid of descendantPids()) {
    const command = describePid(pid);
    const role = command.includes('start-dev') ? 'temporalServer' : command.includes('model-server-process') ? 'modelServer' : undefined;
    if (role) snapshot[role] += cpuTimeMs(pid)?.own ?? 0;
  }
  return snapshot;
}

function cpuSince(before: CpuSnapshot, executions: number): CpuShare {
  const after = cpuSnapshot();
  const per = (key: keyof CpuShare) => (after[key] - before[key]) / executions;
  return { benchProcess: per('benchProcess'), commands: per('commands'), temporalServer: per('temporalServer'), modelServer: per('modelServer') };
}
