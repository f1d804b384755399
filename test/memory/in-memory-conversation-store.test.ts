import { InMemoryConversationStore } from '../../src/adapters/memory/in-memory-conversation-store';
import { describeConversationStoreContract } from '../contracts/conversation-store.contract';

describeConversationStoreContract('InMemoryConversationStore', async (options) => ({
  store: new InMemoryConversationStore(options),
  cleanup: async () => undefined,
}));
