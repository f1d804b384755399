import { execFileSync } from 'node:child_process';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { findTemporalCli } from '../src/adapters/temporal';
import type { BenchOptions } from './options';
import { round, type Distribution } from './stats';

export interface BenchResults {
  date: string;
  machine: MachineInfo;
  options: BenchOptions;
  method: Record<string, string>;
  overhead?: {
    startToFirstRequestMs: Distribution;
    lastTokenToCompletionMs: Distribution;
    scheduleToStartMs: Distribution;
    modelCallsPerExecution: number;
  };
  throughput?: {
    concurrency: number;
    executionsPerRep: number;
    executionsPerSecond: number;
    repsExecutionsPerSecond: number[];
    latencyMs: Distribution;
    rssPerConcurrentExecutionMb: number;
    rssIdleMb: number;
    rssPlateauMb: number;
    cpuMsPerExecution: { benchProcess: number; commands: number; temporalServer: number; modelServer: number };
  }[];
  status?: {
    events: number;
    updates: number;
    protoBytes: number;
    jsonBytes: number;
    finalSnapshotBytes: number;
    toolCalls: number;
    reps: { updates: number; protoBytes: number }[];
  };
  coldStart?: { mode: string; toPollerMs: number; toReadyMs: number; reps: { toPollerMs: number; toReadyMs: number }[] }[];
  /** Wall time of each phase, seconds. */
  durations: Record<string, number>;
}

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  temporalCli: string;
  sandbox: string;
  /** 1-minute load average when the benchmark started: other work on the machine skews every number. */
  loadAverageAtStart: number;
}

export function machineInfo(sandbox: string): MachineInfo {
  const cli = findTemporalCli();
  let temporalCli = 'not found';
  try {
    if (cli) temporalCli = execFileSync(cli, ['--version'], { encoding: 'utf8' }).trim();
  } catch {
    temporalCli = cli ?? 'not found';
  }
  return {
    cpu: cpus()[0]?.model ?? 'unknown',
    cores: cpus().length,
    memoryGiB: round(totalmem() / 1024 ** 3, 1),
    kernel: release(),
    node: process.version,
    temporalCli,
    sandbox,
    loadAverageAtStart: round(loadavg()[0], 2),
  };
}

const ms = (value: number) => (Number.isFinite(value) ? `${round(value, 1)} ms` : 'n/a');
const num = (value: number, digits = 1) => (Number.isFinite(value) ? String(round(value, digits)) : 'n/a');

/** The results as Markdown tables (also what docs/benchmarks.md shows). */
export function renderTables(results: BenchResults): string {
  const lines: string[] = [];
  const { machine, options } = results;
  lines.push(
    `Measured ${results.date} on ${machine.cores} × ${machine.cpu}, ${machine.memoryGiB} GiB, Linux ${machine.kernel}, Node ${machine.node}, ` +
      `${machine.temporalCli.split('\n')[0]}; load average ${machine.loadAverageAtStart} at start; model latency ${options.modelLatencyMs} ms per call; ` +
      `sandbox: ${/under bubblewrap/.test(machine.sandbox) ? 'local workspace under bubblewrap' : machine.sandbox.split(':')[0]}.`,
    '',
  );
  if (results.overhead) {
    const o = results.overhead;
    lines.push(
      `Worker overhead per execution (concurrency 1, ${o.startToFirstRequestMs.n} executions, ${o.modelCallsPerExecution} model calls each):`,
      '',
      '| Interval | p50 | p95 |',
      '|---|---|---|',
      `| (a) activity start → first model request | ${ms(o.startToFirstRequestMs.p50)} | ${ms(o.startToFirstRequestMs.p95)} |`,
      `| (b) last model token → activity completion | ${ms(o.lastTokenToCompletionMs.p50)} | ${ms(o.lastTokenToCompletionMs.p95)} |`,
      `| (context) activity scheduled → started | ${ms(o.scheduleToStartMs.p50)} | ${ms(o.scheduleToStartMs.p95)} |`,
      '',
    );
  }
  if (results.throughput) {
    lines.push(
      'Throughput and memory (median of repetitions):',
      '',
      '| Concurrency | Executions/s | Latency p50 / p95 | RSS idle → plateau | RSS per concurrent execution | CPU ms per execution: this process / commands / Temporal / model stub |',
      '|---|---|---|---|---|---|',
      ...results.throughput.map(
        (t) =>
          `| ${t.concurrency} | ${num(t.executionsPerSecond, 2)} | ${ms(t.latencyMs.p50)} / ${ms(t.latencyMs.p95)} | ` +
          `${num(t.rssIdleMb, 0)} → ${num(t.rssPlateauMb, 0)} MB | ${perExecution(t.rssPerConcurrentExecutionMb)} | ` +
          `${num(t.cpuMsPerExecution.benchProcess, 0)} / ${num(t.cpuMsPerExecution.commands, 0)} / ${num(t.cpuMsPerExecution.temporalServer, 0)} / ${num(t.cpuMsPerExecution.modelServer, 0)} |`,
      ),
      '',
    );
  }
  if (results.status) {
    const s = results.status;
    lines.push(
      `Status sent for one ${s.events}-event execution (${s.toolCalls} tool calls; median of ${s.reps.length}; flush interval ${options.flushIntervalMs} ms):`,
      '',
      '| updateStatus calls | Protobuf bytes, all snapshots | JSON bytes, all snapshots | Final snapshot alone |',
      '|---|---|---|---|',
      `| ${num(s.updates, 0)} | ${kib(s.protoBytes)} | ${kib(s.jsonBytes)} | ${kib(s.finalSnapshotBytes)} |`,
      '',
    );
  }
  if (results.coldStart) {
    lines.push(
      'Cold start of `agent-runner worker` (median):',
      '',
      '| Mode | Spawn → first poll | Spawn → /readyz 200 |',
      '|---|---|---|',
      ...results.coldStart.map((c) => `| ${c.mode} | ${ms(c.toPollerMs)} | ${ms(c.toReadyMs)} |`),
      '',
    );
  }
  return lines.join('\n');
}

/** GC timing moves RSS by more than one execution weighs: a negative difference is noise, not a saving. */
function perExecution(mb: number): string {
  return Number.isFinite(mb) && mb < 0 ? '≈ 0 (below GC noise)' : `${num(mb, 2)} MB`;
}

function kib(bytes: number): string {
  return Number.isFinite(bytes) ? `${round(bytes / 1024, 1)} KiB` : 'n/a';
}
