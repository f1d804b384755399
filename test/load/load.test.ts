import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { SandboxProvider } from '../../src/ports/sandbox.port';
import { TOKENS } from '../../src/ports/tokens';
import { eventually } from '../support/temporal/eventually';
import {
  describeWithTemporalCli,
  descendantPids,
  describePid,
  forceGc,
  openFdCount,
  openSocketCount,
  rssBytes,
  runPool,
  startStackHarness,
  type FinishedRun,
  type StackHarness,
} from '../support/stack';
import { LOAD_FINAL_ANSWER, LOAD_SCRIPT } from './load-script';

/**
 * 200 executions at concurrency 50 on one real worker (real Temporal dev server, embedded backend, OpenAI protocol
 * stub over HTTP, local sandbox), then leak checks against a baseline taken after a warm-up at full concurrency.
 * Bounded in count; no timing assertions: waits for quiescence are bounded polls, and every leak check has an
 * explicit tolerance.
 */
const EXECUTIONS = 200;
const CONCURRENCY = 50;
/** One full-concurrency wave first: code loaded, pools open, and the heap and allocator at their working size. */
const WARM_UP = CONCURRENCY;
const MODEL_LATENCY_MS = 50;

/** Pooled connections and the log file may differ a little from the baseline; a leak grows with the 200 runs. */
const FD_TOLERANCE = 16;
const SOCKET_TOLERANCE = 8;
/**
 * In local mode some state is kept by design after a run: conversation checkpoints and live event streams (in
 * memory, expiring by TTL) and the embedded backend's copy of every execution. That is ~100-200 KB per execution
 * here; the tolerance allows ~320 KB, while leaking a graph, sandbox or model client per run would be far above it.
 */
const HEAP_TOLERANCE_BYTES = 64 * 1024 * 1024;
/**
 * RSS keeps allocator slack: V8 and malloc hold on to the pages of the 50-execution peak, and the high-water mark
 * still rises for a while after the warm-up (here +380-480 MB over the 200 runs, flat on later rounds). So this bound
 * only catches gross native leaks (above ~3 MB per execution); the heap, descriptor and process checks are the
 * precise ones.
 */
const RSS_TOLERANCE_BYTES = 640 * 1024 * 1024;
/** Idle keep-alive sockets close after the server's 5 s keep-alive timeout; give them a bounded while. */
const QUIESCENCE_WAIT_MS = 30_000;

interface Baseline {
  children: number[];
  fds: number;
  sockets: number;
  heapUsed: number;
  rss: number;
}

/** Idle keep-alive connections from the last runs close after ~5 s; the baseline is taken once they have. */
async function takeBaseline(): Promise<Baseline> {
  let last = -1;
  let stableSince = Date.now();
  const deadline = Date.now() + QUIESCENCE_WAIT_MS;
  while (Date.now() < deadline && Date.now() - stableSince < 2_000) {
    const sockets = openSocketCount();
    if (sockets !== last) [last, stableSince] = [sockets, Date.now()];
    await new Promise((r) => setTimeout(r, 250));
  }
  forceGc();
  return { children: descendantPids(), fds: openFdCount(), sockets: openSocketCount(), heapUsed: process.memoryUsage().heapUsed, rss: rssBytes() };
}

describeWithTemporalCli('load: 200 executions at concurrency 50 on one worker', () => {
  let harness: StackHarness;
  let baseline: Baseline;
  let runs: PromiseSettledResult<FinishedRun>[];
  let peakRunning = 0;

  beforeAll(async () => {
    harness = await startStackHarness({
      model: { script: LOAD_SCRIPT, latencyMs: MODEL_LATENCY_MS },
      env: { TEMPORAL_MAX_CONCURRENCY: String(CONCURRENCY), LOG_LEVEL: 'WARNING' },
    });
    await runPool(WARM_UP, CONCURRENCY, (i) => harness.run({ agent: 'example-agent', message: `warm-up ${i}` }));
    baseline = await takeBaseline();

    const sampler = setInterval(() => (peakRunning = Math.max(peakRunning, harness.metrics.runningExecutions())), 20);
    try {
      runs = await runPool(EXECUTIONS, CONCURRENCY, (i) => harness.run({ agent: 'example-agent', message: `load run #${i}` }));
    } finally {
      clearInterval(sampler);
    }
  }, 300_000);

  afterAll(async () => {
    await harness?.stop();
  }, 60_000);

  const finished = (): FinishedRun[] => runs.filter((r) => r.status === 'fulfilled').map((r) => r.value);

  it('starts and finishes every workflow, with real concurrency and never above the worker limit', () => {
    const failures = runs.flatMap((r, i) => (r.status === 'rejected' ? [`#${i}: ${String(r.reason)}`] : []));
    expect(failures).toEqual([]);
    expect(finished().filter((r) => r.workflowError !== undefined).map((r) => String(r.workflowError))).toEqual([]);
    expect(peakRunning).toBeLessThanOrEqual(CONCURRENCY);
    expect(peakRunning).toBeGreaterThanOrEqual(10);
  });

  it('stores a terminal COMPLETED status with the final messages for each of the 200', () => {
    const results = finished();
    expect(results).toHaveLength(EXECUTIONS);
    expect(new Set(results.map((r) => r.executionId)).size).toBe(EXECUTIONS);
    const wrong = results.flatMap((run, i) => {
      const status = run.status;
      const messages = status?.messages ?? [];
      const problems = [
        run.phase !== 'COMPLETED' && `phase ${run.phase} ${status?.error ?? ''}`,
        messages[0]?.content !== `load run #${i}` && `first message ${JSON.stringify(messages[0]?.content)}`,
        messages.at(-1)?.type !== 'AI' && `last message type ${messages.at(-1)?.type}`,
        messages.at(-1)?.content !== LOAD_FINAL_ANSWER && `last message ${JSON.stringify(messages.at(-1)?.content)}`,
        status?.toolCalls.length !== 2 && `${status?.toolCalls.length} tool calls`,
        status?.toolCalls.some((call) => call.status !== 'COMPLETED') && 'a tool call not COMPLETED',
        !status?.completedAt && 'no completedAt',
      ].filter(Boolean);
      return problems.length > 0 ? [`#${i} ${run.executionId}: ${problems.join('; ')}`] : [];
    });
    expect(wrong).toEqual([]);
    expect(harness.metrics.finishedExecutions('COMPLETED')).toBe(EXECUTIONS + WARM_UP);
  });

  it('leaves no child process behind (commands and their process groups are gone)', async () => {
    const extra = () => descendantPids().filter((pid) => !baseline.children.includes(pid));
    await eventually('child processes to exit', () => extra().length === 0, QUIESCENCE_WAIT_MS).catch(() => undefined);
    expect(extra().map(describePid)).toEqual([]);
  }, QUIESCENCE_WAIT_MS + 5_000);

  it('returns file descriptors and sockets to the baseline, within tolerance', async () => {
    const settled = () => openFdCount() <= baseline.fds + FD_TOLERANCE && openSocketCount() <= baseline.sockets + SOCKET_TOLERANCE;
    await eventually('descriptors to settle', settled, QUIESCENCE_WAIT_MS).catch(() => undefined);
    expect(openFdCount()).toBeLessThanOrEqual(baseline.fds + FD_TOLERANCE);
    expect(openSocketCount()).toBeLessThanOrEqual(baseline.sockets + SOCKET_TOLERANCE);
  }, QUIESCENCE_WAIT_MS + 5_000);

  it('returns heap and RSS near the baseline after a full GC, within tolerance', () => {
    forceGc();
    const heapUsed = process.memoryUsage().heapUsed;
    const rss = rssBytes();
    expect(heapUsed - baseline.heapUsed).toBeLessThan(HEAP_TOLERANCE_BYTES);
    expect(rss - baseline.rss).toBeLessThan(RSS_TOLERANCE_BYTES);
  });

  it('keeps exactly one workspace per session, and none once each session sandbox is cleaned up', async () => {
    const sessionIds = new Set(finished().map((r) => r.sessionId));
    const workspaces = workspaceDirs(harness.sandboxRoot);
    const loadWorkspaces = workspaces.filter((dir) => sessionIds.has(dir.split('/').at(-1)!));
    expect(loadWorkspaces).toHaveLength(EXECUTIONS);

    // What CleanupSandbox does for each session's bound sandbox.
    const sandboxes = harness.worker.container.get<SandboxProvider>(TOKENS.SandboxProvider);
    for (const sessionId of workspaces.map((dir) => dir.split('/').at(-1)!)) {
      const sandboxId = harness.backend.store.getSession(sessionId)?.spec?.sandboxId;
      expect(sandboxId).toBeTruthy();
      await sandboxes.destroy(sandboxId!);
    }
    expect(workspaceDirs(harness.sandboxRoot)).toEqual([]);
    expect(workspaceDirs(join(harness.sandboxRoot, '.tmp'))).toEqual([]);
  });
});

/** `<root>/<org>/<session>` directories (dot-directories such as .tmp are not workspaces). */
function workspaceDirs(root: string): string[] {
  const list = (dir: string) => {
    try {
      return readdirSync(dir, { withFileTypes: true }).filter((e) => e.isDirectory() && !e.name.startsWith('.'));
    } catch {
      return [];
    }
  };
  return list(root).flatMap((org) => list(join(root, org.name)).map((session) => join(root, org.name, session.name)));
}
