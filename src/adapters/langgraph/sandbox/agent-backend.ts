import { CompositeBackend, StateBackend } from 'deepagents';
import type { PortBackedSandbox } from './port-backed-sandbox';

/**
 * Paths deepagents writes on its own (evicted large tool results, summarised history). They live in graph state
 * instead of the sandbox, where a non-root user may not be allowed to create directories at `/`.
 */
export const STATE_ROUTES = ['/large_tool_results/', '/conversation_history/'] as const;

/** The backend an agent gets: the sandbox for everything (so `execute` stays available), state for STATE_ROUTES. */
export function createAgentBackend(sandbox: PortBackedSandbox): CompositeBackend {
  return new CompositeBackend(sandbox, Object.fromEntries(STATE_ROUTES.map((route) => [route, new StateBackend()])));
}
