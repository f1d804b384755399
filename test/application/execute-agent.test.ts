import { ModelError, SandboxUnavailableError } from '../../src/domain/errors/domain-errors';
import type { AgentEvent } from '../../src/domain/events/agent-event';
import { FakeAgentRuntime } from '../../src/adapters/fakes/fake-agent-runtime';
import { FakeSandboxProvider } from '../../src/adapters/fakes/fake-sandbox';
import { SandboxSkillInstaller } from '../../src/adapters/skills/sandbox-skill-installer';
import { CANARY_SECRET, executionRequest, ids, seededBackend, session, SKILL_HASH } from '../support/fixtures';
import { buildHarness } from '../support/use-case-harness';

const ev = (event: AgentEvent) => ({ event });

const helloRun = [
  ev({ kind: 'model_turn_start' }),
  ev({ kind: 'text_token', text: 'Let me check. ' }),
  ev({ kind: 'model_turn_end', toolCalls: [{ id: 'call-1', name: 'execute', args: { command: 'echo hi' } }] }),
  ev({ kind: 'tool_start', toolCallId: 'call-1', name: 'execute', args: { command: 'echo hi' } }),
  ev({ kind: 'tool_end', toolCallId: 'call-1', name: 'execute', result: 'hi\n[Command succeeded with exit code 0]' }),
  ev({ kind: 'model_turn_start' }),
  ev({ kind: 'text_token', text: 'Hello!' }),
  ev({ kind: 'model_turn_end', toolCalls: [] }),
];

describe('ExecuteAgent use case', () => {
  it('resolves the chain, prepares the sandbox and skills, runs the agent and delivers a COMPLETED status last', async () => {
    const h = buildHarness(helloRun);
    const status = await h.useCase.execute(executionRequest(), 'thread-x', new AbortController().signal);

    expect(status.phase).toBe('COMPLETED');
    expect(status.error).toBe('');
    expect(status.startedAt).toMatch(/Z$/);
    expect(status.completedAt).toMatch(/Z$/);
    expect(status.messages.map((m) => m.type)).toEqual(['HUMAN', 'AI', 'TOOL', 'AI']);
    expect(status.messages[0].content).toBe('Say hello');
    expect(status.messages[1].content).toBe('Let me check. ');
    expect(status.messages[3].content).toBe('Hello!');
    expect(status.toolCalls).toHaveLength(1);
    expect(status.toolCalls[0]).toMatchObject({ id: 'call-1', status: 'COMPLETED', result: 'hi\n[Command succeeded with exit code 0]' });

    const updates = h.backend.statusUpdates.get(ids.execution)!;
    expect(updates.length).toBeGreaterThanOrEqual(2);
    expect(updates[updates.length - 1].phase).toBe('COMPLETED');
    expect(h.backend.terminalUpdates(ids.execution)).toHaveLength(1);
    expect(h.backend.storedStatus.get(ids.execution)!.phase).toBe('COMPLETED');
    // Never shrinks: each snapshot has at least as many messages as the previous one.
    for (let i = 1; i < updates.length; i++) expect(updates[i].messages.length).toBeGreaterThanOrEqual(updates[i - 1].messages.length);

    const request = h.runtime.requests[0];
    expect(request.threadId).toBe('thread-x');
    expect(request.userMessage).toBe('Say hello\n\n---\nContext:\n- Organization: acme');
    expect(request.systemPrompt).toContain('You are a careful test agent.');
    expect(request.systemPrompt).toContain(`### SKILL: greeter\nLOCATION: /bin/skills/${SKILL_HASH}/`);
    // Merged environment: agent env_spec < environment < runtime_env, always applied.
    expect(request.env).toEqual({ GREETING: 'hello', API_TOKEN: CANARY_SECRET, REGION: 'eu-west-1', RUN_ID: '42' });

    // The sandbox was created once and bound to the session.
    expect(h.sandboxes.createdCount).toBe(1);
    expect(h.backend.sessions.get(ids.session)!.sandboxId).toBe(request.sandbox.id);
    expect(h.metrics.finished).toEqual([expect.objectContaining({ phase: 'COMPLETED' })]);
  });

  it('reuses the session sandbox on the next turn and recreates it when it is gone', async () => {
    const h = buildHarness(helloRun);
    await h.useCase.execute(executionRequest(), 'thread-x', new AbortController().signal);
    const first = h.backend.sessions.get(ids.session)!.sandboxId;
    await h.useCase.execute(executionRequest({ executionId: 'aex-2' }), 'thread-x', new AbortController().signal);
    expect(h.sandboxes.createdCount).toBe(1);
    expect(h.runtime.requests[1].sandbox.id).toBe(first);

    h.sandboxes.markGone(first);
    await h.useCase.execute(executionRequest({ executionId: 'aex-3' }), 'thread-x', new AbortController().signal);
    expect(h.sandboxes.createdCount).toBe(2);
    expect(h.backend.sessions.get(ids.session)!.sandboxId).not.toBe(first);
  });

  it('two concurrent first turns of one session create exactly one sandbox', async () => {
    const sandboxes = new FakeSandboxProvider();
    sandboxes.createDelayMs = 50;
    const h = buildHarness([...helloRun, { waitMs: 30 }], { sandboxProvider: sandboxes });
    const [a, b] = await Promise.all([
      h.useCase.execute(executionRequest({ executionId: 'aex-a' }), 't', new AbortController().signal),
      h.useCase.execute(executionRequest({ executionId: 'aex-b' }), 't', new AbortController().signal),
    ]);
    expect([a.phase, b.phase]).toEqual(['COMPLETED', 'COMPLETED']);
    expect(sandboxes.createdCount).toBe(1);
  });

  it.each([
    ['a missing session id', { sessionId: '' }, 'spec.session_id'],
    ['an unknown session', { sessionId: 'ses-missing' }, 'session ses-missing not found'],
  ])('fails clearly for %s', async (_label, override, expected) => {
    const h = buildHarness(helloRun);
    const status = await h.useCase.execute(executionRequest(override), 't', new AbortController().signal);
    expect(status.phase).toBe('FAILED');
    expect(status.error).toContain(expected);
    expect(status.messages.at(-1)).toMatchObject({ type: 'SYSTEM' });
    expect(h.backend.lastUpdate(ids.execution)?.phase).toBe('FAILED');
    expect(h.runtime.requests).toHaveLength(0);
  });

  it('fails clearly for an unknown agent and an unknown skill', async () => {
    const backend = seededBackend();
    backend.agentInstances.get(ids.instance)!.agentId = 'agt-missing';
    let h = buildHarness(helloRun, { backend });
    let status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status).toMatchObject({ phase: 'FAILED', error: expect.stringContaining('agent agt-missing not found') });

    const backend2 = seededBackend();
    backend2.agents.get(ids.agent)!.skillRefs = [{ scope: 2, org: 'acme', kind: 43, slug: 'nope', version: '' }];
    h = buildHarness(helloRun, { backend: backend2 });
    status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status).toMatchObject({ phase: 'FAILED', error: expect.stringContaining('skill acme/nope not found') });
  });

  it('fails with the sandbox error when no sandbox can be created', async () => {
    const sandboxes = new FakeSandboxProvider();
    sandboxes.failNextCreates = 1;
    const h = buildHarness(helloRun, { sandboxProvider: sandboxes });
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.phase).toBe('FAILED');
    expect(status.error).not.toBe('');
    expect(h.runtime.requests).toHaveLength(0);
  });

  it('records a model error as FAILED with the provider reason, keeping what happened before', async () => {
    const h = buildHarness([...helloRun.slice(0, 5), { fail: new ModelError('anthropic: 529 overloaded') }]);
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.phase).toBe('FAILED');
    expect(status.error).toContain('anthropic: 529 overloaded');
    expect(status.toolCalls[0].status).toBe('COMPLETED');
    expect(h.backend.lastUpdate(ids.execution)).toMatchObject({ phase: 'FAILED' });
  });

  it('keeps running while the status backend is down and delivers the final status when it returns', async () => {
    const backend = seededBackend();
    const h = buildHarness(
      [
        ev({ kind: 'model_turn_start' }),
        { act: () => void (backend.down = true) },
        ev({ kind: 'text_token', text: 'working' }),
        { waitMs: 100 },
        ev({ kind: 'tool_start', toolCallId: 'c1', name: 'ls', args: {} }),
        ev({ kind: 'tool_end', toolCallId: 'c1', name: 'ls', result: 'a b' }),
        { act: () => void setTimeout(() => (backend.down = false), 600) },
      ],
      { backend },
    );
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.phase).toBe('COMPLETED');
    expect(backend.storedStatus.get(ids.execution)).toMatchObject({ phase: 'COMPLETED' });
    expect(backend.lastUpdate(ids.execution)!.toolCalls[0]).toMatchObject({ id: 'c1', status: 'COMPLETED' });
  });

  it('ends CANCELLED when the signal aborts mid-run, and sends CANCELLED to the backend', async () => {
    const controller = new AbortController();
    const h = buildHarness([
      ev({ kind: 'model_turn_start' }),
      ev({ kind: 'tool_start', toolCallId: 'c1', name: 'execute', args: { command: 'sleep 100' } }),
      { act: () => void setTimeout(() => controller.abort(new Error('workflow cancelled')), 50) },
      { waitMs: 10_000 },
    ]);
    const status = await h.useCase.execute(executionRequest(), 't', controller.signal);
    expect(status.phase).toBe('CANCELLED');
    expect(status.toolCalls[0].status).toBe('FAILED');
    expect(h.backend.lastUpdate(ids.execution)?.phase).toBe('CANCELLED');
  });

  it('never lets a secret value reach the status, the live stream or the logs', async () => {
    const h = buildHarness([
      ev({ kind: 'model_turn_start' }),
      ev({ kind: 'tool_start', toolCallId: 'c1', name: 'execute', args: { command: `echo ${CANARY_SECRET}` } }),
      ev({ kind: 'tool_end', toolCallId: 'c1', name: 'execute', result: `${CANARY_SECRET}\n` }),
      ev({ kind: 'text_token', text: `the token is ${CANARY_SECRET}` }),
      { fail: new Error(`boom ${CANARY_SECRET}`) },
    ]);
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.phase).toBe('FAILED');
    const everything = JSON.stringify([status, [...h.backend.statusUpdates.values()], h.live.snapshot(ids.execution)]) + h.logger.dump();
    expect(everything).not.toContain(CANARY_SECRET);
    expect(everything).toContain('[REDACTED]');
  });

  it('passes an unhealthy reused sandbox over and creates a fresh one', async () => {
    const backend = seededBackend();
    const sandboxes = new FakeSandboxProvider();
    const old = await sandboxes.create({ org: 'acme', sessionId: ids.session, executionId: 'aex-0' });
    backend.addSession(session({ sandboxId: old.id }));
    old.unhealthy = true;
    const h = buildHarness(helloRun, { backend, sandboxProvider: sandboxes });
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.phase).toBe('COMPLETED');
    expect(sandboxes.createdCount).toBe(2);
    expect(backend.sessions.get(ids.session)!.sandboxId).not.toBe(old.id);
  });

  it('reports sandbox unavailability from the provider as the failure reason', async () => {
    const sandboxes = new FakeSandboxProvider();
    sandboxes.create = async () => {
      throw new SandboxUnavailableError('docker daemon is not reachable at /var/run/docker.sock');
    };
    const h = buildHarness(helloRun, { sandboxProvider: sandboxes });
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.error).toContain('docker daemon is not reachable');
  });

  it('runs the scripted runtime steps it was given (sanity of the fake)', async () => {
    const runtime = new FakeAgentRuntime([ev({ kind: 'notice', level: 'warning', message: 'loop guard fired' })]);
    const h = buildHarness([], { runtime });
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.messages.some((m) => m.type === 'SYSTEM' && m.content.includes('loop guard fired'))).toBe(true);
  });
});

describe('ExecuteAgent with the real skill installer', () => {
  it('falls back to SKILL.md when the skill artifact cannot be downloaded, and says so in the logs', async () => {
    const backend = seededBackend();
    backend.skills[0].artifactStorageKey = `skills/${SKILL_HASH}.zip`;
    backend.failArtifacts = true;
    const sandboxes = new FakeSandboxProvider();
    const installer = new SandboxSkillInstaller({ fetchArtifact: (k) => backend.getSkillArtifact(k), skillsRoot: '/bin/skills', downloadConcurrency: 2 });
    const h = buildHarness(helloRun, { backend, sandboxProvider: sandboxes, skillInstaller: installer });
    const status = await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    expect(status.phase).toBe('COMPLETED');
    const sandbox = sandboxes.get(backend.sessions.get(ids.session)!.sandboxId)!;
    expect(sandbox.readText(`/bin/skills/${SKILL_HASH}/SKILL.md`)).toBe('# Greeter\nSay hello.');
    expect(h.logger.records.some((r) => r.level === 'warn' && r.msg.includes('SKILL.md only'))).toBe(true);
  });
});

describe('status throttling', () => {
  it('coalesces a burst of tokens into few progressive updates but flushes tool events at once', async () => {
    const tokens = Array.from({ length: 200 }, (_, i) => ev({ kind: 'text_token', text: `t${i} ` }));
    const h = buildHarness([
      ev({ kind: 'model_turn_start' }),
      ...tokens,
      ev({ kind: 'tool_start', toolCallId: 'c1', name: 'ls', args: {} }),
      { waitMs: 5 },
      ev({ kind: 'tool_end', toolCallId: 'c1', name: 'ls', result: 'x' }),
      { waitMs: 5 },
    ]);
    await h.useCase.execute(executionRequest(), 't', new AbortController().signal);
    const updates = h.backend.statusUpdates.get(ids.execution)!;
    expect(updates.length).toBeLessThan(20);
    expect(updates.some((u) => u.toolCalls[0]?.status === 'RUNNING')).toBe(true);
    expect(updates.at(-1)!.messages[1].content).toContain('t199');
  });
});
