import { describeError } from '../../../domain/errors/domain-errors';
import type { LiveEvent, LiveEventPublisher } from '../../../ports/live-events.port';
import type { Logger } from '../../../ports/logger.port';
import type { LiveEventSink, TimedLiveEvent } from './live-event-sink';
import { redactLiveEvent } from './live-event-redaction';
import { settledLength } from './settled-text';
import { isTerminalLiveEvent } from './terminal-event';

export type Redact = (text: string) => string;

export interface CoalescingPublisherOptions {
  logger?: Logger;
  /** Model tokens are merged into one text event per this many ms… */
  coalesceMs?: number;
  /** …or as soon as this many bytes are buffered. */
  coalesceBytes?: number;
  /** Events waiting for the sink across all executions; beyond it new events are dropped (phases never are). */
  maxQueuedEvents?: number;
  /** A sink write taking longer counts as failed (its events are dropped) so flush() never hangs. */
  writeTimeoutMs?: number;
  /** Applied to every event of every execution, after the execution's own redactor. */
  redact?: Redact;
  /** State (and redactor) of an execution that never published its terminal phase is dropped after this idle time. */
  idleForgetMs?: number;
  now?: () => Date;
}

interface ExecutionStream {
  redact?: Redact;
  text?: { text: string; subAgentId?: string; at: string };
  textTimer?: NodeJS.Timeout;
  queue: TimedLiveEvent[];
  draining?: Promise<void>;
  ended: boolean;
  lastUsedAt: number;
}

const BATCH_SIZE = 500;
/** Longest word held back from a text chunk (see settledLength). */
const MAX_HELD_WORD = 512;

/**
 * Fire-and-forget publisher in front of a LiveEventSink: publish() never throws or waits; text tokens are merged
 * into chunks; every event is redacted (per-execution redactor from registerRedactor, then the global one) before
 * it is queued; writes are serialised per execution, so order is kept. When the sink fails, the batch is dropped
 * and the outage is logged once (and its end once).
 */
export class CoalescingLiveEventPublisher implements LiveEventPublisher {
  private readonly streams = new Map<string, ExecutionStream>();
  private queued = 0;
  private dropping = false;
  private droppedSinceLog = 0;
  private readonly coalesceMs: number;
  private readonly coalesceBytes: number;
  private readonly maxQueued: number;
  private readonly writeTimeoutMs: number;
  private readonly idleForgetMs: number;
  private lastSweepAt = 0;
  private readonly now: () => Date;

  constructor(
    private readonly sink: LiveEventSink,
    private readonly options: CoalescingPublisherOptions = {},
  ) {
    this.coalesceMs = options.coalesceMs ?? 100;
    this.coalesceBytes = options.coalesceBytes ?? 2048;
    this.maxQueued = options.maxQueuedEvents ?? 10_000;
    this.writeTimeoutMs = options.writeTimeoutMs ?? 2_000;
    this.idleForgetMs = options.idleForgetMs ?? 3_600_000;
    this.now = options.now ?? (() => new Date());
  }

  /**
   * Sets the redactor for one execution's events (e.g. `(s) => redactor.redact(s)` built from its secrets).
   * Register it before the first event; it is forgotten with the execution after its terminal phase.
   */
  registerRedactor(executionId: string, redact: Redact): void {
    this.stream(executionId).redact = redact;
  }

  publish(executionId: string, event: LiveEvent): void {
    try {
      const stream = this.stream(executionId);
      if (stream.ended) return;
      if (event.type === 'text') return this.bufferText(executionId, stream, event);
      this.releaseText(executionId, stream, true);
      this.enqueue(executionId, stream, { at: this.now().toISOString(), event });
    } catch (err) {
      this.reportDrop(err, 1);
    }
  }

  async flush(executionId: string): Promise<void> {
    const stream = this.streams.get(executionId);
    if (!stream) return;
    this.releaseText(executionId, stream, true);
    while (stream.draining) await stream.draining;
  }

  private stream(executionId: string): ExecutionStream {
    const now = Date.now();
    this.forgetIdle(now);
    let stream = this.streams.get(executionId);
    if (!stream) {
      stream = { queue: [], ended: false, lastUsedAt: now };
      this.streams.set(executionId, stream);
    }
    stream.lastUsedAt = now;
    return stream;
  }

  /** Executions that died without a terminal phase would otherwise keep their state (and secrets) forever. */
  private forgetIdle(now: number): void {
    if (now - this.lastSweepAt < Math.min(60_000, this.idleForgetMs)) return;
    this.lastSweepAt = now;
    for (const [id, s] of this.streams) {
      if (now - s.lastUsedAt >= this.idleForgetMs && !s.draining && !s.text && s.queue.length === 0) this.streams.delete(id);
    }
  }

  private bufferText(executionId: string, stream: ExecutionStream, event: Extract<LiveEvent, { type: 'text' }>): void {
    if (!event.text) return;
    if (stream.text && stream.text.subAgentId !== event.subAgentId) this.releaseText(executionId, stream, true);
    stream.text ??= { text: '', subAgentId: event.subAgentId, at: this.now().toISOString() };
    stream.text.text += event.text;
    if (Buffer.byteLength(stream.text.text) >= this.coalesceBytes) this.releaseText(executionId, stream, false);
    else this.armTextTimer(executionId, stream);
  }

  private armTextTimer(executionId: string, stream: ExecutionStream): void {
    if (stream.textTimer) return;
    stream.textTimer = setTimeout(() => {
      stream.textTimer = undefined;
      this.releaseText(executionId, stream, false);
    }, this.coalesceMs);
    stream.textTimer.unref();
  }

  /** Moves buffered text to the queue: all of it when `complete`, otherwise only its settled part. */
  private releaseText(executionId: string, stream: ExecutionStream, complete: boolean): void {
    clearTimeout(stream.textTimer);
    stream.textTimer = undefined;
    const buffered = stream.text;
    if (!buffered) return;
    const cut = complete ? buffered.text.length : settledLength(buffered.text, MAX_HELD_WORD);
    if (cut > 0) {
      const event: LiveEvent = { type: 'text', text: buffered.text.slice(0, cut), ...(buffered.subAgentId !== undefined && { subAgentId: buffered.subAgentId }) };
      this.enqueue(executionId, stream, { at: buffered.at, event });
    }
    const rest = buffered.text.slice(cut);
    stream.text = !rest ? undefined : cut > 0 ? { ...buffered, text: rest, at: this.now().toISOString() } : buffered;
    if (stream.text) this.armTextTimer(executionId, stream);
  }

  private enqueue(executionId: string, stream: ExecutionStream, entry: TimedLiveEvent): void {
    const own = stream.redact;
    const global = this.options.redact;
    let event = entry.event;
    if (own) event = redactLiveEvent(event, own);
    if (global) event = redactLiveEvent(event, global);
    if (this.queued >= this.maxQueued && event.type !== 'phase') {
      this.reportDrop(new Error(`more than ${this.maxQueued} live events waiting for ${this.sink.description}`), 1);
      return;
    }
    stream.queue.push({ at: entry.at, event });
    this.queued += 1;
    if (isTerminalLiveEvent(event)) stream.ended = true;
    this.drain(executionId, stream);
  }

  private drain(executionId: string, stream: ExecutionStream): void {
    if (stream.draining) return;
    stream.draining = this.writeQueued(executionId, stream).finally(() => {
      stream.draining = undefined;
      if (stream.queue.length > 0) this.drain(executionId, stream);
      else if (stream.ended) this.streams.delete(executionId);
    });
  }

  private async writeQueued(executionId: string, stream: ExecutionStream): Promise<void> {
    while (stream.queue.length > 0) {
      const batch = stream.queue.splice(0, BATCH_SIZE);
      this.queued -= batch.length;
      try {
        await withTimeout(this.sink.append(executionId, batch), this.writeTimeoutMs, this.sink.description);
        this.reportRecovery();
      } catch (err) {
        this.reportDrop(err, batch.length);
      }
    }
  }

  private reportDrop(err: unknown, count: number): void {
    this.droppedSinceLog += count;
    if (this.dropping) return;
    this.dropping = true;
    this.options.logger?.warn('live events unavailable: dropping them until the stream recovers (the run is not affected)', {
      stream: this.sink.description,
      error: describeError(err),
    });
  }

  private reportRecovery(): void {
    if (!this.dropping) return;
    this.dropping = false;
    this.options.logger?.info('live events recovered', { stream: this.sink.description, dropped: this.droppedSinceLog });
    this.droppedSinceLog = 0;
  }
}

async function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
