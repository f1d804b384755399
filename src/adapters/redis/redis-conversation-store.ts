import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { Redis } from 'ioredis';
import type { ConversationStore } from '../../ports/conversation-store.port';
import { RedisCheckpointSaver, type RedisCheckpointSaverOptions } from './checkpoint/redis-checkpoint-saver';

export interface RedisConversationStoreOptions extends RedisCheckpointSaverOptions {
  /** Quit the client on close(); leave false when the client is shared with other adapters. */
  ownsClient?: boolean;
}

/** Conversation memory shared by every replica: one LangGraph checkpointer per thread id, in Redis. */
export class RedisConversationStore implements ConversationStore {
  private readonly saver: RedisCheckpointSaver;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisConversationStoreOptions,
  ) {
    this.saver = new RedisCheckpointSaver(redis, options);
  }

  checkpointer(): BaseCheckpointSaver {
    return this.saver;
  }

  deleteThread(threadId: string): Promise<void> {
    return this.saver.deleteThread(threadId);
  }

  async close(): Promise<void> {
    if (this.options.ownsClient && this.redis.status !== 'end') await this.redis.quit();
  }
}
