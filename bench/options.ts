import { join } from 'node:path';
import { Command, InvalidArgumentError } from 'commander';

/** Sizes of the benchmark. Flags win over environment variables, which win over the defaults. */
export interface BenchOptions {
  /** Delay before each model response starts (the stub's per-call latency). */
  modelLatencyMs: number;
  /** Sequential executions before anything is measured (code loaded, pools open); never reported. */
  warmUp: number;
  /** Repetitions of each throughput level, of the status-size run and of each cold start mode. */
  reps: number;
  /** Concurrency levels and executions per repetition. */
  levels: { concurrency: number; executions: number }[];
  /** Target agent events of the status-size run, and the delay between its streamed tokens. */
  statusEvents: number;
  tokenDelayMs: number;
  /** STATUS_FLUSH_INTERVAL_MS of the worker (the product default unless changed). */
  flushIntervalMs: number;
  coldStarts: number;
  /** Subset of phases to run. */
  phases: Phase[];
  agent: string;
  out: string;
}

export const PHASES = ['overhead', 'throughput', 'status', 'cold-start'] as const;
export type Phase = (typeof PHASES)[number];

const DEFAULTS = {
  modelLatencyMs: 100,
  warmUp: 5,
  reps: 3,
  levels: '1:10,10:40,50:100',
  statusEvents: 500,
  tokenDelayMs: 10,
  flushIntervalMs: 1000,
  coldStarts: 5,
  phases: PHASES.join(','),
  agent: 'example-agent',
  out: join(__dirname, 'results', 'latest.json'),
};

function whole(name: string) {
  return (value: string) => {
    if (!/^\d+$/.test(value)) throw new InvalidArgumentError(`${name} must be a whole number`);
    return Number(value);
  };
}

export function parseLevels(text: string): BenchOptions['levels'] {
  return text.split(',').map((part) => {
    const match = /^\s*(\d+):(\d+)\s*$/.exec(part);
    if (!match || Number(match[1]) < 1 || Number(match[2]) < Number(match[1])) {
      throw new InvalidArgumentError(`levels must look like 1:10,10:40 (concurrency:executions, executions >= concurrency); got "${part}"`);
    }
    return { concurrency: Number(match[1]), executions: Number(match[2]) };
  });
}

export function parsePhases(text: string): Phase[] {
  const phases = text.split(',').map((p) => p.trim());
  const unknown = phases.filter((p) => !(PHASES as readonly string[]).includes(p));
  if (unknown.length > 0) throw new InvalidArgumentError(`unknown phase ${unknown.join(', ')} (known: ${PHASES.join(', ')})`);
  return phases as Phase[];
}

export function parseOptions(argv: string[], env: NodeJS.ProcessEnv = process.env): BenchOptions {
  const fromEnv = (name: string, fallback: string | number) => env[name] ?? String(fallback);
  const wholeFromEnv = (name: string, fallback: number) => whole(name)(fromEnv(name, fallback));
  const opts = new Command()
    .name('npm run bench --')
    .description('Benchmarks the real worker on a real Temporal dev server, the embedded backend and the OpenAI protocol stub.')
    .option('--model-latency-ms <ms>', 'model latency per call (BENCH_MODEL_LATENCY_MS)', whole('--model-latency-ms'), wholeFromEnv('BENCH_MODEL_LATENCY_MS', DEFAULTS.modelLatencyMs))
    .option('--warm-up <n>', 'warm-up executions (BENCH_WARM_UP)', whole('--warm-up'), wholeFromEnv('BENCH_WARM_UP', DEFAULTS.warmUp))
    .option('--reps <n>', 'repetitions (BENCH_REPS)', whole('--reps'), wholeFromEnv('BENCH_REPS', DEFAULTS.reps))
    .option('--levels <list>', 'concurrency:executions per repetition (BENCH_LEVELS)', parseLevels, parseLevels(fromEnv('BENCH_LEVELS', DEFAULTS.levels)))
    .option('--status-events <n>', 'agent events of the status-size run (BENCH_STATUS_EVENTS)', whole('--status-events'), wholeFromEnv('BENCH_STATUS_EVENTS', DEFAULTS.statusEvents))
    .option('--token-delay-ms <ms>', 'delay between streamed tokens of the status-size run (BENCH_TOKEN_DELAY_MS)', whole('--token-delay-ms'), wholeFromEnv('BENCH_TOKEN_DELAY_MS', DEFAULTS.tokenDelayMs))
    .option('--flush-interval-ms <ms>', 'the worker STATUS_FLUSH_INTERVAL_MS (BENCH_FLUSH_INTERVAL_MS)', whole('--flush-interval-ms'), wholeFromEnv('BENCH_FLUSH_INTERVAL_MS', DEFAULTS.flushIntervalMs))
    .option('--cold-starts <n>', 'cold starts per mode (BENCH_COLD_STARTS)', whole('--cold-starts'), wholeFromEnv('BENCH_COLD_STARTS', DEFAULTS.coldStarts))
    .option('--phases <list>', `subset of ${PHASES.join(',')} (BENCH_PHASES)`, parsePhases, parsePhases(fromEnv('BENCH_PHASES', DEFAULTS.phases)))
    .option('--agent <slug>', 'agent of every execution (BENCH_AGENT)', fromEnv('BENCH_AGENT', DEFAULTS.agent))
    .option('--out <file>', 'JSON results (BENCH_OUT)', fromEnv('BENCH_OUT', DEFAULTS.out))
    .parse(argv, { from: 'user' })
    .opts<BenchOptions>();
  if (opts.reps < 1) throw new InvalidArgumentError('--reps must be at least 1');
  return opts;
}
