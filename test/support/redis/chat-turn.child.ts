/**
 * One chat turn in its own process (used by the cross-process conversation test):
 * `node -r @swc-node/register chat-turn.child.ts <redisPort> <keyPrefix> <threadId> <userMessage> <reply>`.
 * Prints, as JSON on stdout, the contents of the messages the model was given.
 */
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { RedisConversationStore } from '../../../src/adapters/redis/redis-conversation-store';
import { createRedisClient } from '../../../src/adapters/redis/redis-connection';
import { buildChatGraph } from './chat-graph';

async function main(): Promise<void> {
  const [port, keyPrefix, threadId, userMessage, reply] = process.argv.slice(2);
  const client = createRedisClient({ host: '127.0.0.1', port: Number(port) });
  const store = new RedisConversationStore(client, { keyPrefix, ttlMs: 60_000, maxCheckpoints: 50, ownsClient: true });
  const model = fakeModel().respond(new AIMessage(reply));
  const graph = buildChatGraph(model, store.checkpointer());
  await graph.invoke({ messages: [new HumanMessage(userMessage)] }, { configurable: { thread_id: threadId } });
  await store.close();
  process.stdout.write(JSON.stringify(model.calls[0].messages.map((m) => m.content)));
}

main().catch((err: unknown) => {
  process.stderr.write(`chat turn failed: ${String(err)}\n`);
  process.exit(1);
});
