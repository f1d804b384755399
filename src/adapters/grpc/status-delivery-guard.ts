import { isTerminalPhase, type ExecutionStatus } from '../../domain/status/execution-status';

type ListField = 'messages' | 'toolCalls' | 'subAgentExecutions';
const LIST_FIELDS: readonly ListField[] = ['messages', 'toolCalls', 'subAgentExecutions'];

/** Both maps are bounded (oldest forgotten first) so a long-lived worker does not grow forever. */
const MAX_REMEMBERED = 10_000;

interface ExecutionTrack {
  lastSent?: ExecutionStatus;
  terminalAttempted: boolean;
}

export type GuardDecision =
  | { send: true; status: ExecutionStatus; keptLists: ListField[] }
  | { send: false; reason: 'after-terminal' };

/**
 * Per-execution rules for status snapshots, needed because the server replaces each non-empty list (contract §4):
 * - a list shorter than the one last sent would erase history, so the previously sent list is sent instead;
 * - once a terminal snapshot has been attempted, non-terminal ones are dropped (a retried terminal is allowed),
 *   and once a terminal snapshot was delivered nothing more is sent. Todos are a map the agent rewrites
 *   as a whole (write_todos), so a smaller map is legitimate and sent as is.
 */
export class StatusDeliveryGuard {
  private readonly active = new Map<string, ExecutionTrack>();
  private readonly finished = new Set<string>();

  decide(executionId: string, status: ExecutionStatus): GuardDecision {
    if (this.finished.has(executionId)) return { send: false, reason: 'after-terminal' };
    const track = this.active.get(executionId);
    if (track?.terminalAttempted && !isTerminalPhase(status.phase)) return { send: false, reason: 'after-terminal' };
    const previous = track?.lastSent;
    if (!previous) return { send: true, status, keptLists: [] };
    const keptLists = LIST_FIELDS.filter((field) => status[field].length < previous[field].length);
    if (keptLists.length === 0) return { send: true, status, keptLists };
    const patched: ExecutionStatus = { ...status };
    for (const field of keptLists) (patched[field] as unknown[]) = previous[field];
    return { send: true, status: patched, keptLists };
  }

  /** Call before sending: a failed attempt may still have reached the server, so it counts as sent. */
  recordAttempt(executionId: string, status: ExecutionStatus): void {
    const track = this.active.get(executionId) ?? { terminalAttempted: false };
    track.lastSent = status;
    track.terminalAttempted ||= isTerminalPhase(status.phase);
    this.active.delete(executionId);
    this.active.set(executionId, track);
    forgetOldest(this.active);
  }

  recordDelivered(executionId: string, status: ExecutionStatus): void {
    if (!isTerminalPhase(status.phase)) return;
    this.active.delete(executionId);
    this.finished.add(executionId);
    forgetOldest(this.finished);
  }
}

function forgetOldest(entries: Map<string, unknown> | Set<string>): void {
  if (entries.size <= MAX_REMEMBERED) return;
  const oldest = entries.keys().next().value;
  if (oldest !== undefined) entries.delete(oldest);
}
