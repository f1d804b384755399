import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { FaultStack, type StartedRun } from '../support/fault/fault-stack';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { WorkerProcess } from '../support/fault/worker-process';

const GRACE_SECONDS = 15;
const QUICK = 3;
const SLOW = 7;

describeWithServices('fault: SIGTERM while 10 executions run in a worker process', ['temporal'], () => {
  let stack: FaultStack;
  let worker: WorkerProcess | undefined;
  const stubs: StubServer[] = [];

  beforeAll(async () => {
    stack = await FaultStack.start({ resources: agentWithInstance('drain-agent'), inProcessWorker: false });
    // Quick runs answer within the grace period; slow ones are stuck in a model call far longer than it.
    const quick = await startOpenAiStub({ playback: 'by-history', latencyMs: 4_000, script: { name: 'quick', turns: [{ text: 'Quick answer.' }] } });
    const slow = await startOpenAiStub({ playback: 'by-history', latencyMs: 300_000, script: { name: 'slow', turns: [{ text: 'Too late.' }] } });
    stubs.push(quick, slow);
    stack.router.route('quick', quick).route('slow', slow);
  }, 120_000);

  afterAll(async () => {
    worker?.kill();
    await stack?.stop();
    await Promise.all(stubs.map((s) => s.close()));
  }, 60_000);

  it('drains: quick runs complete, the rest end CANCELLED after the grace period, nothing stays IN_PROGRESS, exit 0', async () => {
    worker = WorkerProcess.spawn(stack.workerEnv({ TEMPORAL_SHUTDOWN_GRACE_SECONDS: String(GRACE_SECONDS), TEMPORAL_MAX_CONCURRENCY: '10' }));
    await worker.waitForLog('worker is polling');

    const runs: (StartedRun & { model: string })[] = [];
    for (const model of [...Array<string>(QUICK).fill('quick'), ...Array<string>(SLOW).fill('slow')]) {
      runs.push({ ...(await stack.startRun({ agent: 'drain-agent', message: `A ${model} question.`, modelName: model })), model });
    }
    // A quick run may already be done by the time the last one starts; the slow ones are surely still running.
    for (const run of runs) await stack.waitForPhase(run.executionId, ['IN_PROGRESS', 'COMPLETED'], 60_000);

    worker.child.kill('SIGTERM');
    await Promise.all(runs.map((run) => run.handle.result()));
    const exit = await worker.exited;

    const phases = runs.map((run) => ({ model: run.model, phase: stack.requireStatus(run.executionId).phase }));
    expect(phases).toEqual(runs.map((run) => ({ model: run.model, phase: run.model === 'quick' ? 'COMPLETED' : 'CANCELLED' })));
    for (const run of runs.filter((r) => r.model === 'slow')) {
      const status = stack.requireStatus(run.executionId);
      const reason = 'the worker shut down (SIGTERM) and its grace period for running executions ended';
      expect(status.error).toBe(reason); // Temporal's WORKER_SHUTDOWN reason, said in words
      expect(status.messages.at(-1)).toMatchObject({ type: 'SYSTEM', content: `Execution cancelled: ${reason}` });
      expect(status.completedAt).not.toBe('');
    }
    expect(worker.hasLogged('received SIGTERM: stopping polling and draining running executions')).toBe(true);
    expect(exit).toEqual({ code: 0, signal: null });
  }, 180_000);
});
