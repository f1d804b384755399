import { randomUUID } from 'node:crypto';
import { create } from '@bufbuild/protobuf';
import { WorkflowFailedError } from '@temporalio/client';
import { ActivityFailure, ApplicationFailure, TimeoutFailure } from '@temporalio/common';
import { startInvokeWorkflow } from '../../src/adapters/temporal';
import { AgentExecutionSchema, type AgentExecution } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { describeWithTemporal } from '../support/temporal/temporal-suite';
import { TestStack, bundleTestWorkflows } from '../support/temporal/test-stack';
import { ChildWorker } from '../support/temporal/child-process';
import { activityOutcomes } from '../support/temporal/history';

jest.setTimeout(150_000);

function newExecution(): AgentExecution {
  return create(AgentExecutionSchema, {
    metadata: { id: `aex-${randomUUID()}` },
    spec: { sessionId: 'ses-1', message: 'work' },
    status: { phase: ExecutionPhase.EXECUTION_PENDING },
  });
}

describeWithTemporal('Temporal worker process lifecycle', (server) => {
  let stack: TestStack;
  const children: ChildWorker[] = [];

  beforeAll(async () => {
    stack = await TestStack.start(server(), await bundleTestWorkflows());
  }, 120_000);

  afterAll(async () => {
    for (const child of children) if (child.process.exitCode === null) child.kill('SIGKILL');
    await stack?.stop();
  }, 60_000);

  function spawnWorker(env: Record<string, string> = {}): { child: ChildWorker; taskQueue: string } {
    const taskQueue = `runner-${randomUUID()}`;
    const child = ChildWorker.spawn({ TEMPORAL_ADDRESS: server().address, TASK_QUEUE: taskQueue, ...env });
    children.push(child);
    return { child, taskQueue };
  }

  it('a worker process killed mid-execution fails the workflow by heartbeat timeout, not the 10-minute limit', async () => {
    const { child, taskQueue } = spawnWorker();
    await child.waitFor((e) => e.event === 'ready', 'ready');
    const execution = newExecution();
    const id = execution.metadata!.id;
    const handle = await startInvokeWorkflow(stack.client, execution, { workflowTaskQueue: stack.workflowTaskQueue, activityTaskQueue: taskQueue });
    await child.waitFor((e) => e.event === 'started' && e.executionId === id, 'the execution to start');
    child.kill('SIGKILL');

    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    const workflowError = (failure as WorkflowFailedError).cause;
    expect(workflowError).toBeInstanceOf(ApplicationFailure);
    const activityError = (workflowError as ApplicationFailure).cause;
    expect(activityError).toBeInstanceOf(ActivityFailure);
    expect((activityError as ActivityFailure).activityType).toBe('ExecuteGraphton');
    expect((activityError as ActivityFailure).cause).toBeInstanceOf(TimeoutFailure);
    expect(((activityError as ActivityFailure).cause as TimeoutFailure).timeoutType).toBe('HEARTBEAT');
    expect((await activityOutcomes(handle)).map((a) => a.outcome)).toEqual(['completed', 'timed out']);

    // The workflow wrote FAILED the way Go does: two system messages, the second naming the cause.
    const written = stack.backend.lastUpdate(id);
    expect(written?.phase).toBe('FAILED');
    expect(written?.messages.map((m) => m.content)).toEqual([
      'Internal system error occurred during execution. Please contact support if this issue persists.',
      expect.stringMatching(/^Error details: activity ExecuteGraphton stopped heartbeating/),
    ]);
  });

  it('SIGTERM drains: the running execution is cancelled after the grace period and ends CANCELLED', async () => {
    const { child, taskQueue } = spawnWorker({ SHUTDOWN_GRACE_MS: '2000' });
    await child.waitFor((e) => e.event === 'ready', 'ready');
    const execution = newExecution();
    const id = execution.metadata!.id;
    const handle = await startInvokeWorkflow(stack.client, execution, { workflowTaskQueue: stack.workflowTaskQueue, activityTaskQueue: taskQueue });
    await child.waitFor((e) => e.event === 'started' && e.executionId === id, 'the execution to start');
    child.kill('SIGTERM');

    await child.waitFor((e) => e.event === 'status' && e.executionId === id, 'the cancelled status');
    expect(child.events.filter((e) => e.event === 'status').map((e) => e.phase)).toEqual(['CANCELLED']);
    await child.waitFor((e) => e.event === 'stopped', 'a clean stop');
    expect(await child.exited).toEqual({ code: 0, signal: null });
    await handle.result(); // CANCELLED was returned, so the workflow completes and writes no FAILED
    expect(stack.backend.statusUpdates.get(id)).toBeUndefined();
  });
});
