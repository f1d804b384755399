import { randomUUID } from 'node:crypto';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import { fakeModel } from '@langchain/core/testing';
import { uuid6 } from '@langchain/langgraph-checkpoint';
import type { Redis } from 'ioredis';
import { BackendUnavailableError } from '../../src/domain/errors/domain-errors';
import { RedisConversationStore } from '../../src/adapters/redis/redis-conversation-store';
import { createRedisClient } from '../../src/adapters/redis/redis-connection';
import { describeConversationStoreContract } from '../contracts/conversation-store.contract';
import { buildChatGraph } from '../support/redis/chat-graph';
import { describeWithRedis, useRedisServer } from '../support/redis/redis-test-server';

describeWithRedis('RedisConversationStore', () => {
  const server = useRedisServer();
  let client: Redis;
  let raw: Redis;
  beforeAll(() => {
    client = server().track(createRedisClient({ host: server().host, port: server().port }));
    raw = server().client();
  });

  describeConversationStoreContract('RedisConversationStore', async (options) => ({
    store: new RedisConversationStore(client, { keyPrefix: `contract:${randomUUID()}:`, ...options }),
    cleanup: async () => undefined,
  }));

  const keysUnder = (prefix: string) => raw.keys(`${prefix}*`);

  async function chat(store: RedisConversationStore, threadId: string, turns: number): Promise<void> {
    const model = fakeModel();
    for (let i = 0; i < turns; i++) model.respond(new AIMessage(`answer ${i}`));
    const graph = buildChatGraph(model, store.checkpointer());
    for (let i = 0; i < turns; i++) {
      await graph.invoke({ messages: [new HumanMessage(`question ${i}`)] }, { configurable: { thread_id: threadId } });
    }
  }

  it('puts the configured TTL on every key of a thread', async () => {
    const prefix = `ttl:${randomUUID()}:`;
    const store = new RedisConversationStore(client, { keyPrefix: prefix, ttlMs: 90_000, maxCheckpoints: 10 });
    await chat(store, 'thread-1', 1);

    const keys = await keysUnder(prefix);
    expect(keys.length).toBeGreaterThanOrEqual(5);
    for (const key of keys) {
      const ttl = await raw.pttl(key);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(90_000);
    }
  });

  it('stays the same size however long the conversation gets (trimmed values and writes are deleted)', async () => {
    const prefix = `bounded:${randomUUID()}:`;
    const store = new RedisConversationStore(client, { keyPrefix: prefix, ttlMs: 90_000, maxCheckpoints: 2 });
    const sizes = async () => {
      const keys = (await keysUnder(prefix)).sort();
      return Promise.all(keys.map(async (k) => `${k.split(':').pop()}=${(await raw.type(k)) === 'hash' ? await raw.hlen(k) : await raw.zcard(k)}`));
    };

    await chat(store, 'long', 5);
    const afterFive = await sizes();
    await chat(store, 'long', 15);

    expect(await sizes()).toEqual(afterFive);
    expect(afterFive).toContain('ids=2');
  });

  it('deleteThread leaves no key of the thread behind', async () => {
    const prefix = `delete:${randomUUID()}:`;
    const store = new RedisConversationStore(client, { keyPrefix: prefix, ttlMs: 90_000, maxCheckpoints: 10 });
    await chat(store, 'doomed', 2);

    await store.deleteThread('doomed');

    expect(await keysUnder(prefix)).toEqual([]);
  });

  it('round-trips binary channel values and awkward thread ids byte for byte', async () => {
    const store = new RedisConversationStore(client, { keyPrefix: `binary:${randomUUID()}:`, ttlMs: 90_000, maxCheckpoints: 10 });
    const saver = store.checkpointer();
    const bytes = new Uint8Array([0, 255, 0, 10, 13, 58, 123, 125]);
    const threadId = 'a:b{c}d*e?f[g] ü\n';
    const checkpoint = { v: 4, id: uuid6(-1), ts: new Date().toISOString(), channel_values: { blob: bytes }, channel_versions: { blob: 1 }, versions_seen: {} };

    const config = await saver.put({ configurable: { thread_id: threadId, checkpoint_ns: '' } }, checkpoint, { source: 'input', step: -1, parents: {} }, { blob: 1 });
    await saver.putWrites(config, [['raw', bytes]], 'task');
    const tuple = await saver.getTuple({ configurable: { thread_id: threadId } });
    const listed = [];
    for await (const t of saver.list({ configurable: {} })) listed.push(t.config.configurable?.thread_id);

    expect(Buffer.from(tuple?.checkpoint.channel_values.blob as Uint8Array)).toEqual(Buffer.from(bytes));
    expect(Buffer.from(tuple?.pendingWrites?.[0][2] as Uint8Array)).toEqual(Buffer.from(bytes));
    expect(listed).toEqual([threadId]);
  });

  it('fails with a BackendUnavailableError naming host:port while Redis is down, and recovers when it is back', async () => {
    const store = new RedisConversationStore(client, { keyPrefix: `down:${randomUUID()}:`, ttlMs: 90_000, maxCheckpoints: 10 });
    await chat(store, 'survivor', 1);
    await server().stop();
    try {
      const failure = store.checkpointer().getTuple({ configurable: { thread_id: 'survivor' } });
      await expect(failure).rejects.toBeInstanceOf(BackendUnavailableError);
      await expect(failure).rejects.toThrow(`Redis at 127.0.0.1:${server().port} is unavailable`);
    } finally {
      await server().start();
    }
    // Redis was started without persistence, so the thread is gone, but the store works again.
    await expect(store.checkpointer().getTuple({ configurable: { thread_id: 'survivor' } })).resolves.toBeUndefined();
  }, 30_000);
});
