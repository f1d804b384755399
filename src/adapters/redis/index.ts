/**
 * Public surface of the Redis adapters. Build one client with createRedisClient (verifyRedis at startup for a clear
 * error), share it between the adapters below, and quit it on shutdown. Keys live under `keyPrefix`
 * (REDIS_KEY_PREFIX); do not also set ioredis' own keyPrefix.
 */
export { createRedisClient, verifyRedis, redisAddress, type RedisConnectionOptions } from './redis-connection';
export { RedisConversationStore, type RedisConversationStoreOptions } from './redis-conversation-store';
export { RedisCheckpointSaver, type RedisCheckpointSaverOptions } from './checkpoint/redis-checkpoint-saver';
export { RedisSessionLock, type RedisSessionLockOptions } from './redis-session-lock';
export { RedisLiveEventPublisher, type RedisLiveEventPublisherOptions } from './live-events/redis-live-event-publisher';
export { RedisLiveEventReader, type RedisLiveEventReaderOptions } from './live-events/redis-live-event-reader';
