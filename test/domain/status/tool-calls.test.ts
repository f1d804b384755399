import type { ToolCallRecord } from '../../../src/domain/status/execution-status';
import { startedBuilder } from './builder-fixtures';
import { at, iso } from './recorded-run';

describe('StatusBuilder: tool calls', () => {
  it('moves a call PENDING → RUNNING → COMPLETED and keeps the message copy identical', () => {
    const b = startedBuilder();
    b.apply({ kind: 'model_turn_end', toolCalls: [{ id: 'c1', name: 'ls', args: { path: '/' } }] }, at(2));
    expect(b.snapshot().toolCalls[0]).toMatchObject({ status: 'PENDING', startedAt: '', componentType: 'filesystem' });
    b.apply({ kind: 'tool_start', toolCallId: 'c1', name: 'ls', args: { path: '/' } }, at(3));
    expect(b.snapshot().toolCalls[0]).toMatchObject({ status: 'RUNNING', startedAt: iso(3) });
    b.apply({ kind: 'tool_end', toolCallId: 'c1', name: 'ls', result: 'a.txt' }, at(4));
    const snap = b.snapshot();
    expect(snap.toolCalls[0]).toMatchObject({ status: 'COMPLETED', result: 'a.txt', completedAt: iso(4) });
    const message = snap.messages.find((m) => m.type === 'TOOL');
    expect(message).toMatchObject({ content: '', timestamp: iso(2) });
    expect(message?.toolCalls).toEqual([snap.toolCalls[0]]);
  });

  it('creates a RUNNING call for a start it never saw requested', () => {
    const b = startedBuilder();
    b.apply({ kind: 'tool_start', toolCallId: 'c9', name: 'grep', args: { pattern: 'x' } }, at(2));
    expect(b.snapshot().toolCalls).toEqual([
      {
        id: 'c9',
        name: 'grep',
        args: { pattern: 'x' },
        result: '',
        status: 'RUNNING',
        componentType: 'search',
        componentGroup: 'main-agent-tools',
        startedAt: iso(2),
        completedAt: '',
        error: '',
      },
    ]);
    expect(b.snapshot().messages.filter((m) => m.type === 'TOOL')).toHaveLength(1);
  });

  it('records an end whose start was never seen', () => {
    const b = startedBuilder();
    b.apply({ kind: 'tool_end', toolCallId: 'c2', name: 'read_file', result: 'text' }, at(2));
    expect(b.snapshot().toolCalls[0]).toMatchObject({ id: 'c2', status: 'COMPLETED', result: 'text', startedAt: '', completedAt: iso(2) });
  });

  it('marks a tool error FAILED with the error text', () => {
    const b = startedBuilder();
    b.apply({ kind: 'tool_start', toolCallId: 'c1', name: 'execute', args: { command: 'false' } }, at(2));
    b.apply({ kind: 'tool_error', toolCallId: 'c1', name: 'execute', error: 'exit code 1' }, at(3));
    expect(b.snapshot().toolCalls[0]).toMatchObject({ status: 'FAILED', error: 'exit code 1', result: '', completedAt: iso(3) });
  });

  it('keeps the first outcome when a finished call is reported again', () => {
    const b = startedBuilder();
    b.apply({ kind: 'tool_end', toolCallId: 'c1', name: 'ls', result: 'first' }, at(2));
    const version = b.version;
    b.apply({ kind: 'tool_error', toolCallId: 'c1', name: 'ls', error: 'late' }, at(3));
    b.apply({ kind: 'tool_start', toolCallId: 'c1', name: 'ls', args: {} }, at(3));
    expect(b.snapshot().toolCalls[0]).toMatchObject({ status: 'COMPLETED', result: 'first', error: '' });
    expect(b.version).toBe(version);
  });

  it('keeps repeated identical calls as separate entries', () => {
    const b = startedBuilder();
    for (const id of ['a', 'b', 'c']) {
      b.apply({ kind: 'tool_start', toolCallId: id, name: 'execute', args: { command: 'git status' } }, at(2));
      b.apply({ kind: 'tool_end', toolCallId: id, name: 'execute', result: 'clean' }, at(3));
    }
    const snap = b.snapshot();
    expect(snap.toolCalls.map((c) => c.id)).toEqual(['a', 'b', 'c']);
    expect(snap.messages.filter((m) => m.type === 'TOOL')).toHaveLength(3);
  });

  it('does not merge two calls that arrive without ids', () => {
    const b = startedBuilder();
    b.apply({ kind: 'tool_start', toolCallId: '', name: 'ls', args: {} }, at(2));
    b.apply({ kind: 'tool_start', toolCallId: '', name: 'ls', args: {} }, at(2));
    expect(new Set(b.snapshot().toolCalls.map((c) => c.id)).size).toBe(2);
  });

  it('never turns write_todos into a tool call', () => {
    const b = startedBuilder();
    const before = b.version;
    b.apply({ kind: 'model_turn_end', toolCalls: [{ id: 't', name: 'write_todos', args: {} }] }, at(2));
    b.apply({ kind: 'tool_start', toolCallId: 't', name: 'write_todos', args: {} }, at(2));
    b.apply({ kind: 'tool_end', toolCallId: 't', name: 'write_todos', result: 'ok' }, at(2));
    b.apply({ kind: 'tool_error', toolCallId: 't', name: 'write_todos', error: 'bad' }, at(2));
    expect(b.snapshot().toolCalls).toEqual([]);
    expect(b.version).toBe(before);
  });

  it('lists sub-agent calls with their sub-agent id but keeps them out of the messages', () => {
    const b = startedBuilder();
    b.apply({ kind: 'model_turn_end', subAgentId: 'task_1', toolCalls: [{ id: 's1', name: 'write_file', args: { file_path: '/a', content: 'x' } }] }, at(2));
    b.apply({ kind: 'tool_end', toolCallId: 's1', name: 'write_file', result: 'ok', subAgentId: 'task_1' }, at(3));
    const snap = b.snapshot();
    expect(snap.toolCalls[0]).toMatchObject<Partial<ToolCallRecord>>({
      componentType: 'editor',
      componentGroup: 'sub-agent-tools',
      metadata: { subAgentId: 'task_1' },
      status: 'COMPLETED',
    });
    expect(snap.messages.map((m) => m.type)).toEqual(['HUMAN']);
  });

  it('truncates long results and long argument strings with a visible marker', () => {
    const b = startedBuilder({ maxToolResultChars: 5, maxArgStringChars: 3 });
    b.apply({ kind: 'tool_start', toolCallId: 'c', name: 'write_file', args: { file_path: '/abcdef', nested: { list: ['123456'] }, n: 7 } }, at(2));
    b.apply({ kind: 'tool_end', toolCallId: 'c', name: 'write_file', result: 'x'.repeat(12_350) }, at(3));
    const [tool] = b.snapshot().toolCalls;
    expect(tool.result).toBe('xxxxx\n…[truncated 12345 characters]');
    expect(tool.args).toEqual({
      file_path: '/ab\n…[truncated 4 characters]',
      nested: { list: ['123\n…[truncated 3 characters]'] },
      n: 7,
    });
  });

  it('truncates long tool errors', () => {
    const b = startedBuilder({ maxToolResultChars: 4 });
    b.apply({ kind: 'tool_error', toolCallId: 'c', name: 'execute', error: 'boom boom' }, at(2));
    expect(b.snapshot().toolCalls[0].error).toBe('boom\n…[truncated 5 characters]');
  });
});
