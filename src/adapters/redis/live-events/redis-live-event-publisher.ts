import type { Redis } from 'ioredis';
import type { Logger } from '../../../ports/logger.port';
import { CoalescingLiveEventPublisher, type CoalescingPublisherOptions } from '../../shared/live-events/coalescing-live-event-publisher';
import type { LiveEventSink, TimedLiveEvent } from '../../shared/live-events/live-event-sink';
import { redisAddress, redisUnavailable } from '../redis-connection';
import { AT_FIELD, EVENT_FIELD, liveStreamKey } from './live-stream-key';

export interface RedisLiveStreamOptions {
  keyPrefix: string;
  /** Approximate cap per stream (`XADD MAXLEN ~`): Redis trims whole nodes, so a stream may hold up to ~2× this. */
  maxLen: number;
  /** The stream disappears this long after its last event. */
  ttlMs: number;
}

/** Appends batches to the execution's Redis stream; fails fast while the client is known to be disconnected. */
export class RedisLiveEventSink implements LiveEventSink {
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisLiveStreamOptions,
  ) {}

  get description(): string {
    return `Redis at ${redisAddress(this.redis)}`;
  }

  async append(executionId: string, events: readonly TimedLiveEvent[]): Promise<void> {
    const status = this.redis.status;
    // Queueing behind a reconnect would only delay the inevitable drop and keep flush() waiting.
    if (status === 'reconnecting' || status === 'close' || status === 'end') {
      throw redisUnavailable(this.redis, 'live events', new Error(`connection is ${status}`));
    }
    const key = liveStreamKey(this.options.keyPrefix, executionId);
    const pipeline = this.redis.pipeline();
    for (const { at, event } of events) {
      pipeline.xadd(key, 'MAXLEN', '~', this.options.maxLen, '*', AT_FIELD, at, EVENT_FIELD, JSON.stringify(event));
    }
    pipeline.pexpire(key, Math.ceil(this.options.ttlMs));
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
    } catch (err) {
      throw redisUnavailable(this.redis, 'live events', err);
    }
    const failed = results?.find(([err]) => err);
    if (failed) throw redisUnavailable(this.redis, 'live events', failed[0]);
  }
}

export interface RedisLiveEventPublisherOptions extends RedisLiveStreamOptions, Omit<CoalescingPublisherOptions, 'logger'> {
  logger: Logger;
}

/** Live execution events for every replica and watcher: a Redis stream per execution. */
export class RedisLiveEventPublisher extends CoalescingLiveEventPublisher {
  constructor(redis: Redis, options: RedisLiveEventPublisherOptions) {
    super(new RedisLiveEventSink(redis, options), options);
  }
}
