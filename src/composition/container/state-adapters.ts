import type { Redis } from 'ioredis';
import type { ConversationStore } from '../../ports/conversation-store.port';
import type { LiveEventPublisher, LiveEventReader } from '../../ports/live-events.port';
import type { Logger } from '../../ports/logger.port';
import type { SessionLock } from '../../ports/session-lock.port';
import { InMemoryConversationStore } from '../../adapters/memory/in-memory-conversation-store';
import { InMemoryLiveEvents } from '../../adapters/memory/in-memory-live-events';
import { InMemorySessionLock } from '../../adapters/memory/in-memory-session-lock';
import { createRedisClient } from '../../adapters/redis/redis-connection';
import { RedisConversationStore } from '../../adapters/redis/redis-conversation-store';
import { RedisLiveEventPublisher } from '../../adapters/redis/live-events/redis-live-event-publisher';
import { RedisLiveEventReader } from '../../adapters/redis/live-events/redis-live-event-reader';
import { RedisSessionLock } from '../../adapters/redis/redis-session-lock';
import type { Config } from '../config/config';

/** Conversation memory, session locks and live events: Redis when configured, in memory otherwise. */
export interface StateAdapters {
  conversations: ConversationStore;
  sessionLock: SessionLock;
  livePublisher: LiveEventPublisher;
  liveReader: LiveEventReader;
  redis?: Redis;
  close(): Promise<void>;
}

export function stateAdaptersFor(config: Config, logger: Logger): StateAdapters {
  const { redis, execution } = config;
  if (!redis.enabled) {
    const live = new InMemoryLiveEvents({ logger });
    const conversations = new InMemoryConversationStore({ maxCheckpoints: redis.maxCheckpoints, ttlMs: redis.conversationTtlSeconds * 1000 });
    const sessionLock = new InMemorySessionLock({ ttlMs: execution.sessionLockTtlMs });
    return {
      conversations,
      sessionLock,
      livePublisher: live,
      liveReader: live,
      close: async () => {
        sessionLock.close();
        await conversations.close();
      },
    };
  }
  const client = createRedisClient({
    host: redis.host,
    port: redis.port,
    password: redis.password,
    tls: redis.tls,
    connectionName: 'agent-runner',
    logger: logger.child({ component: 'redis' }),
  });
  const keyPrefix = redis.keyPrefix;
  const sessionLock = new RedisSessionLock(client, { keyPrefix, ttlMs: execution.sessionLockTtlMs, logger });
  return {
    redis: client,
    conversations: new RedisConversationStore(client, {
      keyPrefix,
      ttlMs: redis.conversationTtlSeconds * 1000,
      maxCheckpoints: redis.maxCheckpoints,
    }),
    sessionLock,
    livePublisher: new RedisLiveEventPublisher(client, {
      keyPrefix,
      maxLen: redis.streamMaxLen,
      ttlMs: redis.streamTtlSeconds * 1000,
      logger: logger.child({ component: 'live-events' }),
    }),
    liveReader: new RedisLiveEventReader(client, { keyPrefix }),
    close: async () => {
      sessionLock.close();
      await client.quit().catch(() => client.disconnect());
    },
  };
}
