import type { LiveEvent, LiveEventEnvelope, LiveEventPublisher, LiveEventReader } from '../../ports/live-events.port';
import { CoalescingLiveEventPublisher, type CoalescingPublisherOptions, type Redact } from '../shared/live-events/coalescing-live-event-publisher';
import type { LiveEventSink, TimedLiveEvent } from '../shared/live-events/live-event-sink';
import { isTerminalLiveEvent } from '../shared/live-events/terminal-event';

export interface InMemoryLiveEventsOptions extends CoalescingPublisherOptions {
  /** Events kept per execution (exactly; the oldest go first). */
  maxLen?: number;
  /** An execution's events are forgotten this long after its last one. */
  ttlMs?: number;
}

interface StoredStream {
  entries: { seq: number; envelope: LiveEventEnvelope }[];
  seq: number;
  lastMs: number;
  touchedAt: number;
}

/** The in-process stream store behind InMemoryLiveEvents (the local-mode stand-in for Redis streams). */
class InMemoryLiveStreams implements LiveEventSink {
  readonly description = 'in-memory live events';
  private readonly streams = new Map<string, StoredStream>();
  private readonly waiters = new Map<string, Set<() => void>>();

  constructor(
    private readonly maxLen: number,
    private readonly ttlMs: number,
  ) {}

  async append(executionId: string, events: readonly TimedLiveEvent[]): Promise<void> {
    this.forgetExpired();
    const stream = this.streams.get(executionId) ?? { entries: [], seq: 0, lastMs: 0, touchedAt: 0 };
    this.streams.set(executionId, stream);
    for (const { at, event } of events) {
      const ms = Math.max(Date.now(), stream.lastMs);
      stream.seq += 1;
      // Same shape as Redis stream ids: <ms>-<n>, strictly increasing.
      const id = `${ms}-${ms === stream.lastMs ? stream.seq : 0}`;
      stream.lastMs = ms;
      stream.entries.push({ seq: stream.seq, envelope: { id, at, event } });
    }
    if (stream.entries.length > this.maxLen) stream.entries.splice(0, stream.entries.length - this.maxLen);
    stream.touchedAt = Date.now();
    for (const wake of this.waiters.get(executionId) ?? []) wake();
  }

  snapshot(executionId: string): LiveEventEnvelope[] {
    return (this.streams.get(executionId)?.entries ?? []).map((e) => e.envelope);
  }

  async *follow(executionId: string, signal?: AbortSignal): AsyncIterable<LiveEventEnvelope> {
    let after = 0;
    for (;;) {
      if (signal?.aborted) return;
      const fresh = (this.streams.get(executionId)?.entries ?? []).filter((e) => e.seq > after);
      for (const { seq, envelope } of fresh) {
        after = seq;
        yield envelope;
        if (isTerminalLiveEvent(envelope.event)) return;
      }
      if (fresh.length === 0) await this.nextAppend(executionId, signal);
    }
  }

  private nextAppend(executionId: string, signal?: AbortSignal): Promise<void> {
    return new Promise((resolve) => {
      const set = this.waiters.get(executionId) ?? new Set<() => void>();
      this.waiters.set(executionId, set);
      const wake = () => {
        set.delete(wake);
        if (set.size === 0) this.waiters.delete(executionId);
        signal?.removeEventListener('abort', wake);
        resolve();
      };
      set.add(wake);
      signal?.addEventListener('abort', wake, { once: true });
    });
  }

  private forgetExpired(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [id, stream] of this.streams) if (stream.touchedAt < cutoff) this.streams.delete(id);
  }
}

/** Publisher and reader of live events for single-process local mode (same semantics as the Redis pair). */
export class InMemoryLiveEvents implements LiveEventPublisher, LiveEventReader {
  private readonly store: InMemoryLiveStreams;
  private readonly publisher: CoalescingLiveEventPublisher;

  constructor(options: InMemoryLiveEventsOptions = {}) {
    this.store = new InMemoryLiveStreams(options.maxLen ?? 10_000, options.ttlMs ?? 24 * 3600_000);
    this.publisher = new CoalescingLiveEventPublisher(this.store, options);
  }

  registerRedactor(executionId: string, redact: Redact): void {
    this.publisher.registerRedactor(executionId, redact);
  }

  publish(executionId: string, event: LiveEvent): void {
    this.publisher.publish(executionId, event);
  }

  flush(executionId: string): Promise<void> {
    return this.publisher.flush(executionId);
  }

  follow(executionId: string, signal?: AbortSignal): AsyncIterable<LiveEventEnvelope> {
    return this.store.follow(executionId, signal);
  }

  /** Events stored so far for an execution (text still being merged is not included until flushed). */
  snapshot(executionId: string): LiveEventEnvelope[] {
    return this.store.snapshot(executionId);
  }
}
