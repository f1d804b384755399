import type { ExecutionPhase } from '../domain/status/execution-status';

/** One entry of an execution's live stream, already redacted. */
export type LiveEvent =
  | { type: 'phase'; phase: ExecutionPhase; error?: string }
  | { type: 'text'; text: string; subAgentId?: string }
  | { type: 'tool_start'; toolCallId: string; name: string; args: string; subAgentId?: string }
  | { type: 'tool_end'; toolCallId: string; name: string; result: string; failed: boolean; subAgentId?: string }
  | { type: 'todos'; todos: { content: string; status: string }[] }
  | { type: 'subagent_start'; id: string; name: string; input: string }
  | { type: 'subagent_end'; id: string; output: string; failed: boolean }
  | { type: 'notice'; level: 'info' | 'warning'; message: string };

export interface LiveEventEnvelope {
  /** Stream position, monotonically increasing per execution. */
  id: string;
  at: string;
  event: LiveEvent;
}

export interface LiveEventPublisher {
  /** Never throws and never blocks the run: failures degrade to dropped events. */
  publish(executionId: string, event: LiveEvent): void;
  /** Waits until queued events are written (or dropped). */
  flush(executionId: string): Promise<void>;
  /**
   * Optional: masks secrets in one execution's events after model tokens are merged into chunks, so a secret split
   * across tokens is still caught. Register before the first event; forgotten after the terminal phase.
   */
  registerRedactor?(executionId: string, redact: (text: string) => string): void;
}

export interface LiveEventReader {
  /** Replays from the start, then follows until a terminal phase event or the signal aborts. */
  follow(executionId: string, signal?: AbortSignal): AsyncIterable<LiveEventEnvelope>;
}
