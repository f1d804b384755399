import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';

/** Conversation memory keyed by thread id, as a LangGraph checkpointer. */
export interface ConversationStore {
  checkpointer(): BaseCheckpointSaver;
  deleteThread(threadId: string): Promise<void>;
  close(): Promise<void>;
}
