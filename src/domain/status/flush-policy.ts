import type { AgentEvent, AgentEventKind } from '../events/agent-event';

/** Events a watcher should see at once; token-level and turn-boundary events are batched by the throttle. */
const IMMEDIATE: ReadonlySet<AgentEventKind> = new Set<AgentEventKind>([
  'tool_start',
  'tool_end',
  'tool_error',
  'subagent_start',
  'subagent_end',
  'todos_written',
  'notice',
]);

export function shouldFlushImmediately(event: AgentEvent): boolean {
  return IMMEDIATE.has(event.kind);
}
