import type { AgentEvent } from '../../domain/events/agent-event';
import type { LiveEvent } from '../../ports/live-events.port';

const PREVIEW_CHARS = 2000;

/** Maps a runtime event onto what the live stream shows; undefined for events a viewer does not need. */
export function toLiveEvent(event: AgentEvent): LiveEvent | undefined {
  switch (event.kind) {
    case 'text_token':
      return { type: 'text', text: event.text, subAgentId: event.subAgentId };
    case 'tool_start':
      return { type: 'tool_start', toolCallId: event.toolCallId, name: event.name, args: preview(JSON.stringify(event.args)), subAgentId: event.subAgentId };
    case 'tool_end':
      return { type: 'tool_end', toolCallId: event.toolCallId, name: event.name, result: preview(event.result), failed: false, subAgentId: event.subAgentId };
    case 'tool_error':
      return { type: 'tool_end', toolCallId: event.toolCallId, name: event.name, result: preview(event.error), failed: true, subAgentId: event.subAgentId };
    case 'todos_written':
      return event.subAgentId ? undefined : { type: 'todos', todos: event.todos.map((t) => ({ content: t.content, status: t.status })) };
    case 'subagent_start':
      return { type: 'subagent_start', id: event.id, name: event.name, input: preview(event.input) };
    case 'subagent_end':
      return { type: 'subagent_end', id: event.id, output: preview(event.error ?? event.output), failed: event.error !== undefined };
    case 'notice':
      return { type: 'notice', level: event.level, message: event.message };
    case 'model_turn_start':
    case 'model_turn_end':
      return undefined;
  }
}

function preview(text: string): string {
  return text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS)}…` : text;
}
