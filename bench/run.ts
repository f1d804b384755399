/**
 * `npm run bench`: the real worker against a real Temporal dev server, the embedded backend and the OpenAI protocol
 * stub (a separate process) with a fixed latency per model call. Prints Markdown tables and writes
 * bench/results/latest.json. Sizes: `npm run bench -- --help` (flags) or BENCH_* variables. Method: docs/benchmarks.md.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { findExamplesDir, startLocalBackend } from '../src/adapters/local-backend';
import { runPool, startScratchTemporal } from '../test/support/stack';
import { requireCompleted, withBenchStack, type BenchStack } from './bench-stack';
import { parseOptions, type BenchOptions } from './options';
import { buildCompiledWorker, coldStartRep, type ColdStartRep } from './phases/cold-start';
import { overheadOf, type OverheadSamples } from './phases/overhead';
import { statusBytesRep, type StatusBytesRep } from './phases/status-bytes';
import { runLevel, type LevelRep } from './phases/throughput';
import { machineInfo, renderTables, type BenchResults } from './report';
import { manyEventsScript, eventsOf, TYPICAL_SCRIPT } from './scripts';
import { distribution, median } from './stats';

const METHOD = {
  overhead:
    "Sequential executions. (a) = first chat request's arrival at the model server − ExecuteGraphton's ActivityTaskStarted " +
    'event time; (b) = ExecuteGraphton ActivityTaskCompleted event time − the moment the model server finished writing ' +
    "the last response. Request times come from Node's http.server diagnostics channels in the model server process; " +
    "activity times from the workflow's Temporal history; both on the same wall clock.",
  throughput:
    'runPool keeps N workflows in flight; executions/s = completions between the moment the pool is first full and the ' +
    'start of the last execution, over that window. One warm-up wave at the highest concurrency first.',
  rss:
    'Process RSS (/proc/self/status) sampled every 100 ms; plateau = median of samples with ≥ 90 % of N executions ' +
    'inside ExecuteGraphton; idle = median after a full GC just before the repetition; (plateau − idle) / N. The ' +
    'process also holds the embedded backend and the dev workflow worker.',
  cpu:
    'utime+stime from /proc/<pid>/stat before and after each repetition, divided by its executions: this process, the ' +
    'children it reaped (sandboxed shell commands), the Temporal dev server and the model server.',

  status:
    'The worker\'s StigmerBackend is wrapped (ContainerOverrides.backend); each updateExecutionStatus snapshot is sized ' +
    'with the gRPC adapter\'s own statusToProto mapping (protobuf binary) and as JSON, then passed on unchanged.',
  coldStart:
    '`node bin/agent-runner.js worker` spawned with MODE=local against the running Temporal and embedded backend, on a ' +
    'task queue of its own; time until describeTaskQueue lists a poller and until GET /readyz answers 200. "compiled" ' +
    'runs tsc output (as the image does), "source" the TypeScript through @swc-node/register (a checkout).',
};

const log = (line: string) => process.stderr.write(`bench: ${line}\n`);

async function main(argv: string[]): Promise<void> {
  const options = parseOptions(argv);
  const results: BenchResults = { date: new Date().toISOString(), machine: machineInfo('unknown'), options, method: METHOD, durations: {} };
  const timed = async (phase: string, body: () => Promise<void>) => {
    const started = performance.now();
    await body();
    results.durations[phase] = Math.round((performance.now() - started) / 100) / 10;
    log(`${phase} done in ${results.durations[phase]} s`);
  };
  const temporal = await startScratchTemporal();
  log(`temporal dev server at ${temporal.address}`);
  try {
    const wants = (phase: BenchOptions['phases'][number]) => options.phases.includes(phase);
    if (wants('throughput') || wants('overhead')) await timed('throughput+overhead', () => loadPhases(options, temporal.address, results));
    if (wants('status')) await timed('status', () => statusPhase(options, temporal.address, results));
    if (wants('cold-start')) await timed('cold-start', () => coldStartPhase(options, temporal.address, results));
  } finally {
    await temporal.stop();
  }
  const tables = renderTables(results);
  process.stdout.write(`${tables}\n`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, `${JSON.stringify(results, null, 2)}\n`);
  log(`results written to ${options.out}`);
}

async function loadPhases(options: BenchOptions, temporalAddress: string, results: BenchResults): Promise<void> {
  const wantsThroughput = options.phases.includes('throughput');
  const levels = wantsThroughput ? options.levels : [{ concurrency: 1, executions: options.levels.find((l) => l.concurrency === 1)?.executions ?? 10 }];
  const maxConcurrency = Math.max(...levels.map((l) => l.concurrency));
  await withBenchStack(
    { temporalAddress, script: TYPICAL_SCRIPT, modelLatencyMs: options.modelLatencyMs, flushIntervalMs: options.flushIntervalMs, maxConcurrency, agent: options.agent },
    async (stack) => {
      results.machine = { ...machineInfo(stack.harness.worker.sandboxDescription), loadAverageAtStart: results.machine.loadAverageAtStart };
      await warmUp(stack, options.warmUp, maxConcurrency);
      const overhead: OverheadSamples[] = [];
      const byLevel: { concurrency: number; executions: number; reps: LevelRep[] }[] = [];
      for (const level of levels) {
        const reps: LevelRep[] = [];
        for (let rep = 1; rep <= options.reps; rep++) {
          const result = await runLevel(stack, level.concurrency, level.executions, `c${level.concurrency} rep ${rep}`);
          const timings = await stack.model.takeTimings();
          if (level.concurrency === 1 && options.phases.includes('overhead')) overhead.push(await overheadOf(result.runs, timings));
          reps.push(result);
          log(
            `concurrency ${level.concurrency} rep ${rep}/${options.reps}: ${result.executionsPerSecond.toFixed(2)} executions/s, ` +
              `RSS ${result.rss.idleMb.toFixed(0)} → ${result.rss.plateauMb.toFixed(0)} MB`,
          );
        }
        byLevel.push({ ...level, reps });
      }
      if (overhead.length > 0) {
        const all = (key: keyof OverheadSamples) => overhead.flatMap((o) => o[key]);
        results.overhead = {
          startToFirstRequestMs: distribution(all('startToFirstRequestMs')),
          lastTokenToCompletionMs: distribution(all('lastTokenToCompletionMs')),
          scheduleToStartMs: distribution(all('scheduleToStartMs')),
          modelCallsPerExecution: median(all('modelCallsPerExecution')),
        };
      }
      if (wantsThroughput) {
        results.throughput = byLevel.map(({ concurrency, executions, reps }) => ({
          concurrency,
          executionsPerRep: executions,
          executionsPerSecond: median(reps.map((r) => r.executionsPerSecond)),
          repsExecutionsPerSecond: reps.map((r) => Math.round(r.executionsPerSecond * 100) / 100),
          latencyMs: distribution(reps.flatMap((r) => r.latenciesMs)),
          rssPerConcurrentExecutionMb: median(reps.map((r) => r.rss.perExecutionMb)),
          rssIdleMb: median(reps.map((r) => r.rss.idleMb)),
          rssPlateauMb: median(reps.map((r) => r.rss.plateauMb)),
          cpuMsPerExecution: {
            benchProcess: median(reps.map((r) => r.cpuMsPerExecution.benchProcess)),
            commands: median(reps.map((r) => r.cpuMsPerExecution.commands)),
            temporalServer: median(reps.map((r) => r.cpuMsPerExecution.temporalServer)),
            modelServer: median(reps.map((r) => r.cpuMsPerExecution.modelServer)),
          },
        }));
      }
    },
  );
}

/** Sequential runs, then (for the load phases) one wave at full concurrency: code, pools and heap at working size. */
async function warmUp(stack: BenchStack, sequential: number, concurrency: number): Promise<void> {
  for (let i = 0; i < sequential; i++) requireCompleted(await stack.run(`warm-up ${i}`));
  if (concurrency > 1) {
    const wave = await runPool(concurrency, concurrency, async (i) => requireCompleted(await stack.run(`warm-up wave ${i}`)));
    const failed = wave.find((r) => r.status === 'rejected');
    if (failed) throw (failed as PromiseRejectedResult).reason;
  }
  await stack.model.takeTimings();
  log(`warm-up done (${sequential} sequential${concurrency > 1 ? ` + ${concurrency} concurrent` : ''})`);
}

async function statusPhase(options: BenchOptions, temporalAddress: string, results: BenchResults): Promise<void> {
  const script = manyEventsScript(options.statusEvents, options.tokenDelayMs);
  await withBenchStack(
    { temporalAddress, script, modelLatencyMs: options.modelLatencyMs, flushIntervalMs: options.flushIntervalMs, maxConcurrency: 1, agent: options.agent },
    async (stack) => {
      if (results.machine.sandbox === 'unknown') results.machine = { ...machineInfo(stack.harness.worker.sandboxDescription), loadAverageAtStart: results.machine.loadAverageAtStart };
      await warmUp(stack, 1, 1);
      const reps: StatusBytesRep[] = [];
      for (let rep = 1; rep <= options.reps; rep++) {
        reps.push(await statusBytesRep(stack, `status rep ${rep}`));
        log(`status rep ${rep}/${options.reps}: ${reps.at(-1)!.updates} updates, ${reps.at(-1)!.protoBytes} protobuf bytes`);
      }
      results.status = {
        events: eventsOf(script),
        updates: median(reps.map((r) => r.updates)),
        protoBytes: median(reps.map((r) => r.protoBytes)),
        jsonBytes: median(reps.map((r) => r.jsonBytes)),
        finalSnapshotBytes: median(reps.map((r) => r.finalSnapshotBytes)),
        toolCalls: median(reps.map((r) => r.toolCalls)),
        reps: reps.map((r) => ({ updates: r.updates, protoBytes: r.protoBytes })),
      };
    },
  );
}

async function coldStartPhase(options: BenchOptions, temporalAddress: string, results: BenchResults): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'agent-runner-bench-backend-'));
  const backend = await startLocalBackend({ dataDir: dir, port: 0, seedFrom: findExamplesDir() });
  try {
    const modes: [string, string][] = [
      ['compiled (dist)', buildCompiledWorker()],
      ['source (@swc-node/register)', join(__dirname, '..', 'bin', 'agent-runner.js')],
    ];
    const target = { temporalAddress, backendAddress: backend.address };
    for (const [, bin] of modes) await coldStartRep(bin, target); // unreported: disk cache, swc binary loaded
    // Modes alternate within each repetition, so both see the same background load.
    const reps = new Map<string, ColdStartRep[]>(modes.map(([mode]) => [mode, []]));
    for (let rep = 1; rep <= options.coldStarts; rep++) {
      for (const [mode, bin] of modes) {
        const result = await coldStartRep(bin, target);
        reps.get(mode)!.push(result);
        log(`cold start ${mode} ${rep}/${options.coldStarts}: poller after ${result.toPollerMs.toFixed(0)} ms`);
      }
    }
    results.coldStart = modes.map(([mode]) => {
      const runs = reps.get(mode)!;
      return {
        mode,
        toPollerMs: median(runs.map((r) => r.toPollerMs)),
        toReadyMs: median(runs.map((r) => r.toReadyMs)),
        reps: runs.map((r) => ({ toPollerMs: Math.round(r.toPollerMs), toReadyMs: Math.round(r.toReadyMs) })),
      };
    });
  } finally {
    await backend.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
      process.exit(1);
    },
  );
}
