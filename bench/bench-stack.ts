import type { ScriptInput } from '../src/adapters/llm/scripted/script.schema';
import { startStackHarness, StatusRecordingBackend, type FinishedRun, type StackHarness } from '../test/support/stack';
import { startModelServer, type ModelServer } from './model-server';

/** One worker under test: the harness (real worker, embedded backend, dev workflow) plus the model server process. */
export interface BenchStack {
  harness: StackHarness;
  model: ModelServer;
  /** Sizes of every status snapshot the worker sent. */
  statuses: StatusRecordingBackend;
  run(message: string): Promise<FinishedRun>;
}

export interface BenchStackOptions {
  temporalAddress: string;
  script: ScriptInput;
  modelLatencyMs: number;
  flushIntervalMs: number;
  maxConcurrency: number;
  agent: string;
}

/** Starts a stack for one phase, runs `body`, and always stops it. */
export async function withBenchStack<T>(options: BenchStackOptions, body: (stack: BenchStack) => Promise<T>): Promise<T> {
  const model = await startModelServer(options.script, options.modelLatencyMs);
  let statuses: StatusRecordingBackend | undefined;
  let harness: StackHarness | undefined;
  try {
    harness = await startStackHarness({
      temporalAddress: options.temporalAddress,
      env: {
        // The product's defaults otherwise (INFO logs to a file, local sandbox with bubblewrap when available).
        TEMPORAL_MAX_CONCURRENCY: String(options.maxConcurrency),
        STATUS_FLUSH_INTERVAL_MS: String(options.flushIntervalMs),
        STIGMER_LLM_PROVIDER: 'openai',
        STIGMER_LLM_MODEL: 'gpt-4o-mini',
        OPENAI_BASE_URL: model.baseUrl,
        OPENAI_API_KEY: 'dummy-bench-key',
      },
      wrapBackend: (backend) => (statuses = new StatusRecordingBackend(backend)),
    });
    const stack = harness;
    const agent = options.agent;
    return await body({ harness: stack, model, statuses: statuses!, run: (message) => stack.run({ agent, message }) });
  } finally {
    await harness?.stop();
    await model.stop();
  }
}

/** Fails loudly when a benchmark execution did not complete: numbers from failed runs would mean nothing. */
export function requireCompleted(run: FinishedRun): FinishedRun {
  if (run.phase !== 'COMPLETED') {
    throw new Error(`benchmark execution ${run.executionId} ended ${run.phase}: ${run.status?.error || String(run.workflowError ?? '')}`);
  }
  return run;
}
