import { create } from '@bufbuild/protobuf';
import { ApplicationFailure, CancelledFailure } from '@temporalio/common';
import { MockActivityEnvironment } from '@temporalio/testing';
import { DefaultLogger } from '@temporalio/worker';
import type { Info } from '@temporalio/activity';
import { createRunnerActivities } from '../../src/adapters/temporal/activities/create-activities';
import type { ActivityDeps } from '../../src/adapters/temporal/activities/activity-deps';
import { heartbeatPeriodMs, startHeartbeatTimer } from '../../src/adapters/temporal/activities/heartbeat-timer';
import { AgentExecutionSchema, type AgentExecutionStatus } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { FakeStigmerBackend } from '../../src/adapters/fakes/fake-stigmer-backend';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { RecordingMetrics } from '../../src/adapters/fakes/recording-metrics';
import { ScriptedExecuteAgent, untilCancelled } from '../support/temporal/scripted-execute-agent';

function setup(overrides: Partial<ActivityDeps> = {}) {
  const backend = new FakeStigmerBackend();
  const agent = new ScriptedExecuteAgent(backend);
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const cleaned: string[] = [];
  const activities = createRunnerActivities({
    executeAgent: agent,
    cleanupSandbox: async (id) => {
      cleaned.push(id);
    },
    logger,
    metrics,
    heartbeatIntervalMs: 100,
    ...overrides,
  });
  return { backend, agent, logger, metrics, cleaned, activities };
}

const execution = (id = 'aex-1') =>
  create(AgentExecutionSchema, {
    metadata: { id, org: 'acme' },
    spec: { sessionId: 'ses-1', agentId: 'agt-1', message: 'hello', runtimeEnv: { TOKEN: { value: 'sup3r-s3cret', isSecret: true } } },
    status: { phase: ExecutionPhase.EXECUTION_PENDING },
  });

/** The SDK's activity logger is silenced: failures are asserted, not printed. */
const mockEnv = (info: Partial<Info>) => new MockActivityEnvironment(info, { logger: new DefaultLogger('ERROR', () => undefined) });

const run = { workflowExecution: { workflowId: 'stigmer/agent-execution/invoke/aex-1', runId: 'run-1' } };

describe('EnsureThread', () => {
  it('returns the session thread, or an ephemeral one that is stable across attempts of one run', async () => {
    const { activities } = setup();
    const env = mockEnv(run);
    expect(await env.run(activities.EnsureThread, 'ses-1', 'agt-1')).toBe('thread-ses-1');
    const first = await env.run(activities.EnsureThread, '', 'agt-1');
    const retry = await mockEnv({ ...run, attempt: 2 }).run(activities.EnsureThread, '', 'agt-1');
    expect(first).toMatch(/^ephemeral-agt-1-[0-9a-f]{8}$/);
    expect(retry).toBe(first);
    const otherRun = await mockEnv({ workflowExecution: { workflowId: 'w', runId: 'run-2' } }).run(
      activities.EnsureThread,
      '',
      'agt-1',
    );
    expect(otherRun).not.toBe(first);
  });

  it('treats missing arguments as empty ids and honours an injected thread policy', async () => {
    const { activities } = setup({ threadIdFor: (s, a) => `custom-${s}-${a}` });
    const env = mockEnv(run);
    expect(await env.run(activities.EnsureThread, undefined as unknown as string, 'agt')).toBe('custom--agt');
  });
});

describe('ExecuteGraphton', () => {
  it('maps the execution in, passes the thread id and abort signal, and maps the status out', async () => {
    const { activities, agent, backend } = setup();
    const env = mockEnv(run);
    const status = (await env.run(activities.ExecuteGraphton, execution(), 'thread-ses-1')) as AgentExecutionStatus;
    expect(status.$typeName).toBe('ai.stigmer.agentic.agentexecution.v1.AgentExecutionStatus');
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
    expect(status.messages[0].content).toBe('done: hello');
    expect(agent.calls).toHaveLength(1);
    expect(agent.calls[0].threadId).toBe('thread-ses-1');
    expect(agent.calls[0].request).toMatchObject({
      executionId: 'aex-1',
      org: 'acme',
      sessionId: 'ses-1',
      runtimeEnv: { TOKEN: { value: 'sup3r-s3cret', isSecret: true } },
      initialStatus: { phase: 'PENDING' },
      workflowId: 'stigmer/agent-execution/invoke/aex-1',
    });
    // A signal that follows the activity's cancellation (the cancellation tests below prove it aborts).
    expect(agent.calls[0].signal.aborted).toBe(false);
    expect(backend.lastUpdate('aex-1')?.phase).toBe('COMPLETED');
  });

  it('never logs runtime env values', async () => {
    const { activities, logger } = setup();
    await mockEnv(run).run(activities.ExecuteGraphton, execution(), 't');
    expect(logger.records.length).toBeGreaterThan(0);
    expect(logger.dump()).not.toContain('sup3r-s3cret');
  });

  it.each([
    ['a missing execution id', create(AgentExecutionSchema, { spec: { sessionId: 's', message: 'm' } }), /execution\.metadata\.id/],
    ['no execution at all', undefined, /execution argument is missing/],
    ['a string instead of a message', 'aex-1', /must be an AgentExecution, got string/],
  ])('returns FAILED naming the problem for %s, without calling the use case', async (_label, input, message) => {
    const { activities, agent } = setup();
    const status = (await mockEnv(run).run(activities.ExecuteGraphton, input as never, 't')) as AgentExecutionStatus;
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_FAILED);
    expect(status.error).toMatch(message);
    expect(status.messages[0].content).toMatch(message);
    expect(agent.calls).toHaveLength(0);
  });

  it('accepts an execution sent as plain JSON (json/plain) as well', async () => {
    const { activities, agent } = setup();
    const plain = { metadata: { id: 'aex-plain' }, spec: { session_id: 'ses-9', message: 'yo' } };
    const status = (await mockEnv(run).run(activities.ExecuteGraphton, plain as never, 't')) as AgentExecutionStatus;
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
    expect(agent.calls[0].request).toMatchObject({ executionId: 'aex-plain', sessionId: 'ses-9', message: 'yo' });
  });

  it('heartbeats on a timer while the use case is silent', async () => {
    const { activities, agent } = setup();
    const env = mockEnv({ ...run, heartbeatTimeoutMs: 30_000 });
    let beats = 0;
    let wake: () => void = () => undefined;
    const threeBeats = new Promise<void>((resolve) => (wake = resolve));
    env.on('heartbeat', () => {
      beats += 1;
      if (beats >= 3) wake();
    });
    agent.use(async (_call, deliver) => {
      await threeBeats; // silent: emits no events at all
      return deliver('COMPLETED', 'late');
    });
    const status = (await env.run(activities.ExecuteGraphton, execution(), 't')) as AgentExecutionStatus;
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
    const beatsAtEnd = beats;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(beats).toBe(beatsAtEnd); // the timer stops with the activity
  });

  it('on server cancellation aborts the use case, which delivers CANCELLED, then rethrows the CancelledFailure', async () => {
    const { activities, agent, backend } = setup();
    agent.use(untilCancelled);
    const env = mockEnv(run);
    const running = env.run(activities.ExecuteGraphton, execution(), 't');
    await agent.waitForCalls(1);
    env.cancel('CANCELLED');
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    expect(agent.calls[0].signal.aborted).toBe(true);
    expect(backend.lastUpdate('aex-1')?.phase).toBe('CANCELLED');
  });

  it('on worker shutdown returns the CANCELLED status instead of throwing (Go would overwrite it with FAILED)', async () => {
    const { activities, agent, backend } = setup();
    agent.use(untilCancelled);
    const env = mockEnv(run);
    const running = env.run(activities.ExecuteGraphton, execution(), 't');
    await agent.waitForCalls(1);
    env.cancel('WORKER_SHUTDOWN');
    const status = (await running) as AgentExecutionStatus;
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_CANCELLED);
    expect(backend.lastUpdate('aex-1')?.phase).toBe('CANCELLED');
    expect(String(agent.calls[0].signal.reason)).toContain('the worker shut down (SIGTERM)');
  });

  it('returns a real outcome that raced a cancellation instead of throwing', async () => {
    const { activities, agent } = setup();
    const env = mockEnv(run);
    agent.use(async (_call, deliver) => {
      env.cancel('CANCELLED');
      return deliver('COMPLETED', 'finished first');
    });
    const status = (await env.run(activities.ExecuteGraphton, execution(), 't')) as AgentExecutionStatus;
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
  });

  it('counts a heartbeat the server rejected (activity no longer known) as a heartbeat failure', async () => {
    const { activities, agent, metrics } = setup();
    agent.use(untilCancelled);
    const env = mockEnv(run);
    const running = env.run(activities.ExecuteGraphton, execution(), 't');
    await agent.waitForCalls(1);
    env.cancel('NOT_FOUND');
    await expect(running).rejects.toBeInstanceOf(CancelledFailure);
    expect(metrics.heartbeatFailures).toBe(1);
  });

  it('turns a use case that throws (a bug) into a non-retryable failure so the workflow records FAILED', async () => {
    const { activities, agent } = setup();
    agent.use(async () => {
      throw new Error('kaboom');
    });
    const failure = await mockEnv(run).run(activities.ExecuteGraphton, execution(), 't').catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect((failure as ApplicationFailure).nonRetryable).toBe(true);
    expect((failure as ApplicationFailure).message).toContain('kaboom');
  });
});

describe('CleanupSandbox', () => {
  it('cleans up by id and never throws', async () => {
    const { activities, cleaned } = setup();
    const env = mockEnv(run);
    await expect(env.run(activities.CleanupSandbox, 'sbx-1')).resolves.toBeUndefined();
    expect(cleaned).toEqual(['sbx-1']);
    await expect(env.run(activities.CleanupSandbox, '')).resolves.toBeUndefined();
    expect(cleaned).toEqual(['sbx-1']);
    const failing = setup({
      cleanupSandbox: async () => {
        throw new Error('daytona down');
      },
    });
    await expect(env.run(failing.activities.CleanupSandbox, 'sbx-2')).resolves.toBeUndefined();
    expect(failing.logger.dump()).toContain('daytona down');
  });
});

describe('heartbeat timer', () => {
  it('caps the period at 10 s and at a third of the heartbeat timeout', () => {
    expect(heartbeatPeriodMs(5_000)).toBe(5_000);
    expect(heartbeatPeriodMs(25_000)).toBe(10_000);
    expect(heartbeatPeriodMs(9_000, 15_000)).toBe(5_000);
  });

  it('reports each failing beat and keeps beating', async () => {
    const failures: unknown[] = [];
    let attempts = 0;
    const stop = startHeartbeatTimer({
      intervalMs: 100,
      heartbeat: () => {
        attempts += 1;
        throw new Error('bridge closed');
      },
      onFailure: (err) => failures.push(err),
    });
    while (attempts < 3) await new Promise((resolve) => setTimeout(resolve, 50));
    stop();
    expect(failures.length).toBe(attempts);
    expect(String(failures[0])).toContain('bridge closed');
  });
});
