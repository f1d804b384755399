import type { Redis } from 'ioredis';
import type { LiveEvent, LiveEventEnvelope, LiveEventReader } from '../../../ports/live-events.port';
import { isTerminalLiveEvent } from '../../shared/live-events/terminal-event';
import { redisUnavailable } from '../redis-connection';
import { AT_FIELD, EVENT_FIELD, liveStreamKey } from './live-stream-key';

export interface RedisLiveEventReaderOptions {
  keyPrefix: string;
  /** How long one XREAD blocks before the loop checks again. */
  blockMs?: number;
  pageSize?: number;
}

type StreamEntry = [id: string, fields: string[]];

/**
 * Replays an execution's stream from the start (XRANGE on the shared client), then follows it with XREAD BLOCK on a
 * dedicated connection (a blocked connection can serve nobody else) until the terminal phase or the abort signal.
 */
export class RedisLiveEventReader implements LiveEventReader {
  private readonly blockMs: number;
  private readonly pageSize: number;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLiveEventReaderOptions,
  ) {
    this.blockMs = options.blockMs ?? 5_000;
    this.pageSize = options.pageSize ?? 500;
  }

  async *follow(executionId: string, signal?: AbortSignal): AsyncIterable<LiveEventEnvelope> {
    const key = liveStreamKey(this.options.keyPrefix, executionId);
    let lastId: string | undefined;

    for (;;) {
      if (signal?.aborted) return;
      const start = lastId === undefined ? '-' : `(${lastId}`;
      const page = await this.call('replay', () => this.redis.xrange(key, start, '+', 'COUNT', this.pageSize));
      for (const entry of page) {
        lastId = entry[0];
        const envelope = toEnvelope(entry);
        yield envelope;
        if (isTerminalLiveEvent(envelope.event)) return;
      }
      if (page.length < this.pageSize) break;
    }

    const blocking = this.redis.duplicate();
    blocking.on('error', () => undefined);
    const stop = () => blocking.disconnect();
    signal?.addEventListener('abort', stop, { once: true });
    try {
      for (;;) {
        if (signal?.aborted) return;
        let batches: [key: string, entries: StreamEntry[]][] | null;
        try {
          batches = (await blocking.xread('COUNT', this.pageSize, 'BLOCK', this.blockMs, 'STREAMS', key, lastId ?? '0-0')) as typeof batches;
        } catch (err) {
          if (signal?.aborted) return;
          throw redisUnavailable(this.redis, 'live events follow', err);
        }
        for (const [, entries] of batches ?? []) {
          for (const entry of entries) {
            lastId = entry[0];
            const envelope = toEnvelope(entry);
            yield envelope;
            if (isTerminalLiveEvent(envelope.event)) return;
          }
        }
      }
    } finally {
      signal?.removeEventListener('abort', stop);
      if (blocking.status !== 'end') blocking.disconnect();
    }
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw redisUnavailable(this.redis, `live events ${operation}`, err);
    }
  }
}

function toEnvelope([id, fields]: StreamEntry): LiveEventEnvelope {
  const value = (name: string) => {
    for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
    return undefined;
  };
  const at = value(AT_FIELD) ?? '';
  try {
    const event = JSON.parse(value(EVENT_FIELD) ?? '') as LiveEvent;
    if (event && typeof event.type === 'string') return { id, at, event };
  } catch {
    // fall through: an unreadable entry is reported, not fatal
  }
  return { id, at, event: { type: 'notice', level: 'warning', message: `skipped unreadable live event ${id}` } };
}
