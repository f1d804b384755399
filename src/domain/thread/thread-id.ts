import { InternalError } from '../errors/domain-errors';

/**
 * The LangGraph thread id for an execution, as the original EnsureThread computed it: one thread per session, or a
 * throwaway one when there is no session. Randomness is injected so the domain stays deterministic.
 */
export function threadIdFor(sessionId: string, agentId: string, random8Hex: () => string): string {
  if (sessionId) return `thread-${sessionId}`;
  const suffix = random8Hex();
  if (!/^[0-9a-f]{8}$/.test(suffix)) throw new InternalError(`random thread suffix must be 8 lower-case hex digits, got "${suffix}"`);
  return `ephemeral-${agentId}-${suffix}`;
}
