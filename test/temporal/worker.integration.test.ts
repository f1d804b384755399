import { randomUUID } from 'node:crypto';
import { create, fromJson, type JsonObject } from '@bufbuild/protobuf';
import { WorkflowFailedError } from '@temporalio/client';
import { CancelledFailure } from '@temporalio/common';
import type { WorkflowBundle } from '@temporalio/worker';
import { startInvokeWorkflow } from '../../src/adapters/temporal';
import {
  AgentExecutionSchema,
  AgentExecutionStatusSchema,
  type AgentExecution,
} from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { describeWithTemporal } from '../support/temporal/temporal-suite';
import { TestStack, bundleTestWorkflows } from '../support/temporal/test-stack';
import { activityOutcomes, text } from '../support/temporal/history';
import { completeAfter, untilCancelled, type Script } from '../support/temporal/scripted-execute-agent';
import { eventually } from '../support/temporal/eventually';
import type { PlainPayload } from '../support/temporal/test-workflows';

jest.setTimeout(120_000);

function newExecution(message = 'hello'): AgentExecution {
  return create(AgentExecutionSchema, {
    apiVersion: 'agentic.stigmer.ai/v1',
    kind: 'AgentExecution',
    metadata: { id: `aex-${randomUUID()}`, org: 'local' },
    spec: { sessionId: 'ses-1', agentId: 'agt-1', message },
    status: { phase: ExecutionPhase.EXECUTION_PENDING },
  });
}

const STATUS_TYPE = 'ai.stigmer.agentic.agentexecution.v1.AgentExecutionStatus';

describeWithTemporal('Temporal worker against a real dev server', (server) => {
  let bundle: WorkflowBundle;
  let stack: TestStack;

  beforeAll(async () => {
    bundle = await bundleTestWorkflows();
    stack = await TestStack.start(server(), bundle);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  }, 60_000);

  async function start(execution: AgentExecution, activityTaskQueue: string) {
    return startInvokeWorkflow(stack.client, execution, { workflowTaskQueue: stack.workflowTaskQueue, activityTaskQueue });
  }

  it('runs an execution end to end: thread id in, status out as strict json/protobuf, status delivered', async () => {
    const runner = await stack.startRunner(completeAfter(0));
    expect(runner.handle.isReady()).toBe(true);
    const execution = newExecution('ping');
    const handle = await start(execution, runner.settings.taskQueue);
    await handle.result();

    expect(runner.agent.calls[0].threadId).toBe('thread-ses-1');
    expect(runner.agent.calls[0].request).toMatchObject({ executionId: execution.metadata!.id, message: 'ping', org: 'local' });
    expect(stack.backend.lastUpdate(execution.metadata!.id)?.phase).toBe('COMPLETED');

    const [ensure, graphton] = await activityOutcomes(handle);
    expect(ensure).toMatchObject({ activityType: 'EnsureThread', outcome: 'completed' });
    expect(text(ensure.result?.metadata?.encoding)).toBe('json/plain');
    expect(text(ensure.result?.data)).toBe('"thread-ses-1"');
    expect(graphton).toMatchObject({ activityType: 'ExecuteGraphton', outcome: 'completed' });
    expect(text(graphton.result?.metadata?.encoding)).toBe('json/protobuf');
    expect(text(graphton.result?.metadata?.messageType)).toBe(STATUS_TYPE);
    const json = JSON.parse(text(graphton.result?.data)) as JsonObject;
    expect(fromJson(AgentExecutionStatusSchema, json, { ignoreUnknownFields: false }).phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
    expect(json.phase).toBe('EXECUTION_COMPLETED');
  });

  it('answers a malformed execution (no id) with a FAILED status naming the field, not a crash', async () => {
    const runner = await stack.startRunner(completeAfter(0));
    const execution = create(AgentExecutionSchema, { spec: { sessionId: 'ses-1', message: 'x' } });
    const handle = await stack.client.workflow.start('stigmer/agent-execution/invoke', {
      workflowId: `malformed-${randomUUID()}`,
      taskQueue: stack.workflowTaskQueue,
      args: [execution],
      memo: { activityTaskQueue: runner.settings.taskQueue },
    });
    await handle.result(); // a returned FAILED status is a workflow success, as with Go
    const graphton = (await activityOutcomes(handle)).find((a) => a.activityType === 'ExecuteGraphton')!;
    const status = fromJson(AgentExecutionStatusSchema, JSON.parse(text(graphton.result?.data)) as JsonObject);
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_FAILED);
    expect(status.error).toContain('execution.metadata.id');
    expect(runner.agent.calls).toHaveLength(0);
  });

  it('keeps a run that stays silent for 40 s alive with timer heartbeats (heartbeat timeout 30 s)', async () => {
    const runner = await stack.startRunner(completeAfter(40_000), { heartbeatIntervalMs: 5_000 });
    const execution = newExecution('silent');
    const handle = await start(execution, runner.settings.taskQueue);
    await handle.result();
    const updates = stack.backend.statusUpdates.get(execution.metadata!.id) ?? [];
    expect(updates.map((s) => s.phase)).toEqual(['COMPLETED']); // no FAILED write from a heartbeat timeout
    expect(runner.metrics.heartbeatFailures).toBe(0);
  }, 120_000);

  it('cancelling the workflow aborts the run, which delivers CANCELLED to the backend', async () => {
    const runner = await stack.startRunner(untilCancelled);
    const execution = newExecution('long');
    const handle = await start(execution, runner.settings.taskQueue);
    await runner.agent.waitForCalls(1);
    await handle.cancel();
    const failure = await handle.result().catch((err: unknown) => err);
    expect(failure).toBeInstanceOf(WorkflowFailedError);
    expect((failure as WorkflowFailedError).cause).toBeInstanceOf(CancelledFailure);
    await eventually('the CANCELLED delivery', () => stack.backend.lastUpdate(execution.metadata!.id)?.phase === 'CANCELLED');
    expect(runner.agent.calls[0].signal.aborted).toBe(true);
    expect((stack.backend.statusUpdates.get(execution.metadata!.id) ?? []).map((s) => s.phase)).not.toContain('FAILED');
  });

  it('on shutdown stops polling, lets runs finish within the grace period, then ends the rest CANCELLED', async () => {
    const script: Script = (call, deliver) =>
      call.request.message === 'quick' ? completeAfter(1_500)(call, deliver) : untilCancelled(call, deliver);
    const runner = await stack.startRunner(script, { shutdownGraceMs: 4_000 });
    const quick = newExecution('quick');
    const stuck = newExecution('stuck');
    const quickRun = await start(quick, runner.settings.taskQueue);
    const stuckRun = await start(stuck, runner.settings.taskQueue);
    await runner.agent.waitForCalls(2);

    const stopping = runner.handle.shutdown();
    await eventually('polling to stop', () => !runner.handle.isReady(), 10_000);
    const late = await start(newExecution('late'), runner.settings.taskQueue);

    await quickRun.result();
    expect(stack.backend.lastUpdate(quick.metadata!.id)?.phase).toBe('COMPLETED');
    await stuckRun.result(); // the CANCELLED status is returned, so the workflow does not overwrite it with FAILED
    expect((stack.backend.statusUpdates.get(stuck.metadata!.id) ?? []).map((s) => s.phase)).toEqual(['CANCELLED']);
    await stopping;
    await expect(runner.handle.done).resolves.toBeUndefined();
    expect(runner.agent.calls).toHaveLength(2); // the late execution was never picked up
    await late.terminate('test cleanup');
  });

  it('accepts activity input shaped exactly like Go\'s payloads and answers with Go-decodable payloads', async () => {
    const runner = await stack.startRunner(completeAfter(0));
    const goExecution = {
      apiVersion: 'agentic.stigmer.ai/v1',
      kind: 'AgentExecution',
      metadata: { name: 'x', slug: 'x', id: `aex-${randomUUID()}`, org: 'local', ownerScope: 'organization' },
      spec: {
        sessionId: 'ses-go',
        agentId: 'agt-go',
        message: 'from go',
        executionConfig: { modelName: 'm' },
        runtimeEnv: { K: { value: 'v', isSecret: true } },
        callbackToken: '',
      },
      status: { phase: 'EXECUTION_PENDING', audit: { specAudit: { createdAt: '2026-01-22T10:00:00.500Z', event: 'created' } } },
    };
    const plain = (value: unknown): PlainPayload => ({ metadata: { encoding: bytes('json/plain') }, data: bytes(JSON.stringify(value)) });
    const protoJson: PlainPayload = {
      metadata: { encoding: bytes('json/protobuf'), messageType: bytes('ai.stigmer.agentic.agentexecution.v1.AgentExecution') },
      data: bytes(JSON.stringify(goExecution)),
    };
    const handle = await stack.client.workflow.start('rawActivityCalls', {
      workflowId: `interop-${randomUUID()}`,
      taskQueue: stack.workflowTaskQueue,
      args: [
        runner.settings.taskQueue,
        [
          { activityType: 'EnsureThread', args: [plain('ses-go'), plain('agt-go')] },
          { activityType: 'ExecuteGraphton', args: [protoJson, plain('thread-ses-go')] },
          { activityType: 'CleanupSandbox', args: [plain('sbx-1')] },
        ],
      ],
    });
    await handle.result();

    expect(runner.agent.calls[0].request).toMatchObject({
      executionId: goExecution.metadata.id,
      sessionId: 'ses-go',
      modelName: 'm',
      runtimeEnv: { K: { value: 'v', isSecret: true } },
      initialStatus: { phase: 'PENDING' },
    });
    expect(runner.agent.calls[0].threadId).toBe('thread-ses-go');
    const [ensure, graphton, cleanup] = await activityOutcomes(handle);
    expect(text(ensure.result?.data)).toBe('"thread-ses-go"');
    expect(text(graphton.result?.metadata?.encoding)).toBe('json/protobuf');
    expect(text(graphton.result?.metadata?.messageType)).toBe(STATUS_TYPE);
    const raw = text(graphton.result?.data);
    expect(raw).not.toMatch(/\$typeName|null|"phase":\d/);
    const json = JSON.parse(raw) as JsonObject;
    expect(() => fromJson(AgentExecutionStatusSchema, json, { ignoreUnknownFields: false })).not.toThrow();
    expect(json).toMatchObject({ phase: 'EXECUTION_COMPLETED', messages: [{ type: 'MESSAGE_AI', content: 'done: from go' }] });
    expect(cleanup.outcome).toBe('completed');
    expect(text(cleanup.result?.metadata?.encoding)).toBe('binary/null');
    expect(cleanup.result?.data?.length ?? 0).toBe(0);
  });
});

function bytes(s: string): number[] {
  return Array.from(new TextEncoder().encode(s));
}
