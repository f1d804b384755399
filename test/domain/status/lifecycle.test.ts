import { StatusBuilder } from '../../../src/domain/status/status-builder';
import { startedBuilder } from './builder-fixtures';
import { at, iso } from './recorded-run';

function withOpenWork(): StatusBuilder {
  const b = startedBuilder();
  b.apply({ kind: 'model_turn_end', toolCalls: [{ id: 'pending', name: 'ls', args: {} }] }, at(2));
  b.apply({ kind: 'tool_start', toolCallId: 'running', name: 'execute', args: { command: 'sleep 100' } }, at(2));
  b.apply({ kind: 'tool_end', toolCallId: 'done', name: 'ls', result: 'ok' }, at(2));
  b.apply({ kind: 'subagent_start', id: 'sub', name: 'researcher', input: 'x' }, at(2));
  return b;
}

describe('StatusBuilder: lifecycle', () => {
  it('start sets IN_PROGRESS and startedAt once', () => {
    const b = new StatusBuilder({ userMessage: 'x', now: at(0) });
    b.start(at(1));
    b.start(at(5));
    expect(b.snapshot()).toMatchObject({ phase: 'IN_PROGRESS', startedAt: iso(1), completedAt: '', error: '' });
  });

  it('complete ends the run and fails whatever was still open', () => {
    const b = withOpenWork();
    b.complete(at(9));
    const snap = b.snapshot();
    expect(snap).toMatchObject({ phase: 'COMPLETED', completedAt: iso(9), error: '' });
    expect(snap.toolCalls.map((c) => [c.id, c.status, c.error])).toEqual([
      ['pending', 'FAILED', 'interrupted: execution completed'],
      ['running', 'FAILED', 'interrupted: execution completed'],
      ['done', 'COMPLETED', ''],
    ]);
    expect(snap.subAgentExecutions[0]).toMatchObject({ status: 'FAILED', error: 'interrupted: execution completed', completedAt: iso(9) });
    expect(snap.messages.filter((m) => m.type === 'SYSTEM')).toEqual([]);
    const messageCopies = snap.messages.flatMap((m) => m.toolCalls);
    expect(messageCopies).toEqual(snap.toolCalls.filter((c) => messageCopies.some((m) => m.id === c.id)));
  });

  it('fail sets FAILED, the error and a system message', () => {
    const b = withOpenWork();
    b.fail('model quota exceeded', at(9));
    const snap = b.snapshot();
    expect(snap).toMatchObject({ phase: 'FAILED', error: 'model quota exceeded', completedAt: iso(9) });
    expect(snap.messages.at(-1)).toEqual({ type: 'SYSTEM', content: 'Execution failed: model quota exceeded', timestamp: iso(9), toolCalls: [] });
    expect(snap.toolCalls.find((c) => c.id === 'running')?.error).toBe('interrupted: model quota exceeded');
  });

  it('cancel sets CANCELLED, the reason and a system message', () => {
    const b = withOpenWork();
    b.cancel('worker shutdown', at(9));
    const snap = b.snapshot();
    expect(snap).toMatchObject({ phase: 'CANCELLED', error: 'worker shutdown', completedAt: iso(9) });
    expect(snap.messages.at(-1)?.content).toBe('Execution cancelled: worker shutdown');
    expect(snap.subAgentExecutions[0].error).toBe('interrupted: worker shutdown');
  });

  it('caps a huge failure message', () => {
    const b = startedBuilder({ maxToolResultChars: 10 });
    b.fail('e'.repeat(25), at(9));
    const snap = b.snapshot();
    expect(snap.error).toBe('eeeeeeeeee\n…[truncated 15 characters]');
    expect(snap.messages.at(-1)?.content).toBe(`Execution failed: ${snap.error}`);
  });

  it('ignores everything after a terminal phase', () => {
    const b = startedBuilder();
    b.complete(at(5));
    const before = b.snapshot();
    const version = b.version;
    b.apply({ kind: 'text_token', text: 'late' }, at(6));
    b.apply({ kind: 'tool_start', toolCallId: 'x', name: 'ls', args: {} }, at(6));
    b.fail('late failure', at(6));
    b.cancel('late cancel', at(6));
    b.start(at(6));
    expect(b.snapshot()).toEqual(before);
    expect(b.version).toBe(version);
    expect(b.isTerminal).toBe(true);
  });

  it('uses RFC 3339 UTC timestamps with Z everywhere', () => {
    const b = withOpenWork();
    b.fail('x', at(9));
    const stamps = JSON.stringify(b.snapshot()).match(/"(timestamp|startedAt|completedAt|createdAt|updatedAt)":"[^"]+"/g) ?? [];
    expect(stamps.length).toBeGreaterThan(5);
    for (const s of stamps) expect(s).toMatch(/"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z"$/);
  });
});

describe('StatusBuilder: version and snapshots', () => {
  it('increments the version on every change and not on no-ops', () => {
    const b = new StatusBuilder({ userMessage: 'x', now: at(0) });
    const v0 = b.version;
    b.start(at(1));
    expect(b.version).toBe(v0 + 1);
    b.apply({ kind: 'model_turn_start' }, at(2));
    b.apply({ kind: 'text_token', text: '' }, at(2));
    b.apply({ kind: 'model_turn_end', toolCalls: [] }, at(2));
    expect(b.version).toBe(v0 + 1);
    b.apply({ kind: 'text_token', text: 'a' }, at(2));
    b.apply({ kind: 'text_token', text: 'b' }, at(2));
    expect(b.version).toBe(v0 + 3);
    b.snapshot();
    expect(b.version).toBe(v0 + 3);
  });

  it('hands out deep copies', () => {
    const b = startedBuilder();
    b.apply({ kind: 'tool_start', toolCallId: 'c', name: 'ls', args: { path: '/' } }, at(2));
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'pending' }] }, at(2));
    b.apply({ kind: 'subagent_start', id: 's', name: 'n', input: 'i' }, at(2));
    const snap = b.snapshot();
    snap.toolCalls[0].status = 'FAILED';
    (snap.toolCalls[0].args as { path: string }).path = '/etc';
    snap.messages[1].toolCalls[0].result = 'tampered';
    snap.todos['todo-e40c292c'].status = 'COMPLETED';
    snap.subAgentExecutions[0].output = 'tampered';
    snap.messages.push({ type: 'AI', content: 'x', timestamp: '', toolCalls: [] });
    const fresh = b.snapshot();
    expect(fresh.toolCalls[0]).toMatchObject({ status: 'RUNNING', args: { path: '/' }, result: '' });
    expect(fresh.messages).toHaveLength(2);
    expect(fresh.todos['todo-e40c292c'].status).toBe('PENDING');
    expect(fresh.subAgentExecutions[0].output).toBe('');
  });
});
