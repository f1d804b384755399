import type { LiveEvent } from '../../../ports/live-events.port';

export interface TimedLiveEvent {
  at: string;
  event: LiveEvent;
}

/** Where a publisher's batches end up (a Redis stream, process memory). */
export interface LiveEventSink {
  /** For the one log line of an outage, e.g. "Redis at 10.0.0.5:6379". */
  readonly description: string;
  /** Appends the batch in order; rejects when the backend is unavailable (the batch is then dropped). */
  append(executionId: string, events: readonly TimedLiveEvent[]): Promise<void>;
}
