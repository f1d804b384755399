import type { AgentEvent } from '../../../src/domain/events/agent-event';
import { shouldFlushImmediately } from '../../../src/domain/status/status-builder';

describe('shouldFlushImmediately', () => {
  const immediate: AgentEvent[] = [
    { kind: 'tool_start', toolCallId: 'c', name: 'ls', args: {} },
    { kind: 'tool_end', toolCallId: 'c', name: 'ls', result: '' },
    { kind: 'tool_error', toolCallId: 'c', name: 'ls', error: '' },
    { kind: 'subagent_start', id: 's', name: 'n', input: '' },
    { kind: 'subagent_end', id: 's', output: '' },
    { kind: 'todos_written', todos: [] },
    { kind: 'notice', level: 'info', message: '' },
  ];
  const throttled: AgentEvent[] = [
    { kind: 'text_token', text: 'x' },
    { kind: 'model_turn_start' },
    { kind: 'model_turn_end', toolCalls: [] },
  ];

  it.each(immediate.map((e) => [e.kind, e]))('flushes %s at once', (_kind, event) => {
    expect(shouldFlushImmediately(event)).toBe(true);
  });

  it.each(throttled.map((e) => [e.kind, e]))('throttles %s', (_kind, event) => {
    expect(shouldFlushImmediately(event)).toBe(false);
  });
});
