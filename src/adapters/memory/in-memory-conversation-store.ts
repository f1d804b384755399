import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import type { ConversationStore } from '../../ports/conversation-store.port';
import { BoundedMemorySaver, type BoundedMemorySaverOptions } from './bounded-memory-saver';

/** Conversation memory for single-process local mode: lives as long as the process. */
export class InMemoryConversationStore implements ConversationStore {
  private readonly saver: BoundedMemorySaver;

  constructor(options: BoundedMemorySaverOptions) {
    this.saver = new BoundedMemorySaver(options);
  }

  checkpointer(): BaseCheckpointSaver {
    return this.saver;
  }

  deleteThread(threadId: string): Promise<void> {
    return this.saver.deleteThread(threadId);
  }

  async close(): Promise<void> {
    // Nothing to release: the memory goes with the process.
  }
}
