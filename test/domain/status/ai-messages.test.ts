import { StatusBuilder } from '../../../src/domain/status/status-builder';
import { startedBuilder } from './builder-fixtures';
import { at, iso } from './recorded-run';

const aiContents = (b: StatusBuilder) => b.snapshot().messages.filter((m) => m.type === 'AI').map((m) => m.content);

describe('StatusBuilder: messages', () => {
  it('records the raw user message first, as MESSAGE_HUMAN, with a Z timestamp', () => {
    const builder = new StatusBuilder({ userMessage: 'Fix the build', now: at(0) });
    expect(builder.snapshot().messages).toEqual([{ type: 'HUMAN', content: 'Fix the build', timestamp: '2026-01-22T10:00:00.000Z', toolCalls: [] }]);
    expect(builder.phase).toBe('PENDING');
  });

  it('keeps what the incoming status already had', () => {
    const initial = {
      phase: 'PENDING' as const,
      messages: [{ type: 'SYSTEM' as const, content: 'queued', timestamp: iso(0), toolCalls: [] }],
      toolCalls: [],
      subAgentExecutions: [],
      todos: {},
      error: '',
      startedAt: '',
      completedAt: '',
    };
    const builder = new StatusBuilder({ initial, userMessage: 'hi', now: at(1) });
    expect(builder.snapshot().messages.map((m) => m.content)).toEqual(['queued', 'hi']);
    expect(initial.messages).toHaveLength(1);
  });

  it('starts a new AI message for every model turn', () => {
    const b = startedBuilder();
    b.apply({ kind: 'model_turn_start' }, at(2));
    b.apply({ kind: 'text_token', text: 'one ' }, at(2));
    b.apply({ kind: 'text_token', text: 'turn' }, at(3));
    b.apply({ kind: 'model_turn_end', toolCalls: [] }, at(3));
    b.apply({ kind: 'model_turn_start' }, at(4));
    b.apply({ kind: 'text_token', text: 'second' }, at(4));
    expect(aiContents(b)).toEqual(['one turn', 'second']);
  });

  it('starts a new AI message after a turn ended even without a turn-start event', () => {
    const b = startedBuilder();
    b.apply({ kind: 'text_token', text: 'a' }, at(2));
    b.apply({ kind: 'model_turn_end', toolCalls: [] }, at(2));
    b.apply({ kind: 'text_token', text: 'b' }, at(3));
    expect(aiContents(b)).toEqual(['a', 'b']);
  });

  it('creates no AI message for a turn without text', () => {
    const b = startedBuilder();
    b.apply({ kind: 'model_turn_start' }, at(2));
    b.apply({ kind: 'text_token', text: '' }, at(2));
    b.apply({ kind: 'model_turn_end', toolCalls: [] }, at(2));
    expect(aiContents(b)).toEqual([]);
  });

  it('keeps sub-agent tokens out of the main conversation', () => {
    const b = startedBuilder();
    b.apply({ kind: 'text_token', text: 'main ' }, at(2));
    b.apply({ kind: 'text_token', text: 'SUB', subAgentId: 'task_1' }, at(2));
    b.apply({ kind: 'model_turn_start', subAgentId: 'task_1' }, at(2));
    b.apply({ kind: 'text_token', text: 'still main' }, at(3));
    expect(aiContents(b)).toEqual(['main still main']);
  });

  it('records a notice as a system message', () => {
    const b = startedBuilder();
    b.apply({ kind: 'notice', level: 'info', message: 'Context summarized', subAgentId: 's1' }, at(2));
    expect(b.snapshot().messages[1]).toEqual({
      type: 'SYSTEM',
      content: 'Context summarized',
      timestamp: iso(2),
      toolCalls: [],
      metadata: { level: 'info', subAgentId: 's1' },
    });
  });

  it('caps an AI message and keeps counting what was dropped', () => {
    const b = startedBuilder({ maxAiMessageChars: 10 });
    b.apply({ kind: 'text_token', text: 'abcdefgh' }, at(2));
    b.apply({ kind: 'text_token', text: 'ijkl' }, at(2));
    expect(aiContents(b)).toEqual(['abcdefghij\n…[truncated 2 characters]']);
    b.apply({ kind: 'text_token', text: 'mnop' }, at(3));
    expect(aiContents(b)).toEqual(['abcdefghij\n…[truncated 6 characters]']);
  });
});
