import { randomUUID } from 'node:crypto';
import { AIMessage, HumanMessage } from '@langchain/core/messages';
import type { RunnableConfig } from '@langchain/core/runnables';
import { fakeModel } from '@langchain/core/testing';
import { type BaseCheckpointSaver, type Checkpoint, uuid6 } from '@langchain/langgraph-checkpoint';
import type { ConversationStore } from '../../src/ports/conversation-store.port';
import { buildChatGraph } from '../support/redis/chat-graph';

export interface ConversationStoreOptions {
  ttlMs: number;
  maxCheckpoints: number;
}

export interface ConversationStoreSubject {
  store: ConversationStore;
  cleanup(): Promise<void>;
}

export type ConversationStoreFactory = (options: ConversationStoreOptions) => Promise<ConversationStoreSubject>;

const ROOMY = { ttlMs: 600_000, maxCheckpoints: 1_000 };

/** Behaviour every ConversationStore must show beyond LangChain's checkpointer conformance suite. */
export function describeConversationStoreContract(name: string, factory: ConversationStoreFactory): void {
  describe(`ConversationStore contract: ${name}`, () => {
    const subjects: ConversationStoreSubject[] = [];
    const open = async (options: ConversationStoreOptions = ROOMY) => {
      const subject = await factory(options);
      subjects.push(subject);
      return subject.store;
    };
    afterEach(async () => {
      for (const s of subjects.splice(0)) {
        await s.store.close();
        await s.cleanup();
      }
    });

    it('gives a graph the earlier turns of the same thread', async () => {
      const store = await open();
      const thread = `thread-${randomUUID()}`;
      const model = fakeModel().respond(new AIMessage('hello Ada')).respond(new AIMessage('you are Ada'));
      const graph = buildChatGraph(model, store.checkpointer());

      await graph.invoke({ messages: [new HumanMessage('my name is Ada')] }, { configurable: { thread_id: thread } });
      await graph.invoke({ messages: [new HumanMessage('what is my name?')] }, { configurable: { thread_id: thread } });

      expect(model.calls[1].messages.map((m) => m.content)).toEqual(['my name is Ada', 'hello Ada', 'what is my name?']);
    });

    it('keeps threads apart', async () => {
      const store = await open();
      const model = fakeModel().respond(new AIMessage('one')).respond(new AIMessage('two'));
      const graph = buildChatGraph(model, store.checkpointer());

      await graph.invoke({ messages: [new HumanMessage('first thread')] }, { configurable: { thread_id: `a-${randomUUID()}` } });
      await graph.invoke({ messages: [new HumanMessage('second thread')] }, { configurable: { thread_id: `b-${randomUUID()}` } });

      expect(model.calls[1].messages.map((m) => m.content)).toEqual(['second thread']);
    });

    it('deleteThread forgets a thread and leaves the others', async () => {
      const store = await open();
      const saver = store.checkpointer();
      const [gone, kept] = [`gone-${randomUUID()}`, `kept-${randomUUID()}`];
      await putChain(saver, gone, 2);
      await putChain(saver, kept, 2);

      await store.deleteThread(gone);

      expect(await saver.getTuple({ configurable: { thread_id: gone } })).toBeUndefined();
      expect(await saver.getTuple({ configurable: { thread_id: kept } })).toBeDefined();
    });

    it('keeps only the newest maxCheckpoints per thread and namespace, with their writes', async () => {
      const store = await open({ ttlMs: 600_000, maxCheckpoints: 3 });
      const saver = store.checkpointer();
      const thread = `bounded-${randomUUID()}`;
      const ids = await putChain(saver, thread, 6, '');
      await putChain(saver, thread, 2, 'child');

      const root = await collect(saver.list({ configurable: { thread_id: thread, checkpoint_ns: '' } }));
      expect(root.map((t) => t.checkpoint.id)).toEqual(ids.slice(3).reverse());
      for (const trimmed of ids.slice(0, 3)) {
        expect(await saver.getTuple({ configurable: { thread_id: thread, checkpoint_ns: '', checkpoint_id: trimmed } })).toBeUndefined();
      }
      const newest = await saver.getTuple({ configurable: { thread_id: thread, checkpoint_ns: '' } });
      expect(newest?.pendingWrites).toEqual([['task', 'log', `write ${ids.length - 1}`]]);
      // Namespaces are bounded separately: the child namespace keeps its own 2.
      expect(await collect(saver.list({ configurable: { thread_id: thread, checkpoint_ns: 'child' } }))).toHaveLength(2);
    });

    it('keeps a channel value written long ago when the checkpoint that wrote it is trimmed', async () => {
      const store = await open({ ttlMs: 600_000, maxCheckpoints: 2 });
      const saver = store.checkpointer();
      const thread = `carry-${randomUUID()}`;
      let config: RunnableConfig = { configurable: { thread_id: thread, checkpoint_ns: '' } };
      config = await saver.put(config, checkpoint({ profile: 'Ada', count: 0 }, { profile: 1, count: 1 }), meta(0), { profile: 1, count: 1 });
      for (let step = 1; step <= 5; step++) {
        config = await saver.put(config, checkpoint({ profile: 'Ada', count: step }, { profile: 1, count: step + 1 }), meta(step), { count: step + 1 });
      }

      const latest = await saver.getTuple({ configurable: { thread_id: thread } });
      expect(latest?.checkpoint.channel_values).toEqual({ profile: 'Ada', count: 5 });
    });

    it('a long conversation keeps every message while its history stays bounded', async () => {
      const store = await open({ ttlMs: 600_000, maxCheckpoints: 2 });
      const thread = `long-${randomUUID()}`;
      const model = fakeModel();
      for (let turn = 0; turn < 5; turn++) model.respond(new AIMessage(`answer ${turn}`));
      const graph = buildChatGraph(model, store.checkpointer());

      for (let turn = 0; turn < 5; turn++) {
        await graph.invoke({ messages: [new HumanMessage(`question ${turn}`)] }, { configurable: { thread_id: thread } });
      }

      const state = await graph.getState({ configurable: { thread_id: thread } });
      expect(state.values.messages).toHaveLength(10);
      expect(await collect(store.checkpointer().list({ configurable: { thread_id: thread } }))).toHaveLength(2);
    });

    it('forgets a thread left idle for the TTL, and each write pushes the expiry back', async () => {
      const ttlMs = 1_000;
      const store = await open({ ttlMs, maxCheckpoints: 10 });
      const saver = store.checkpointer();
      const [refreshed, idle] = [`refreshed-${randomUUID()}`, `idle-${randomUUID()}`];
      await putChain(saver, refreshed, 1);
      await putChain(saver, idle, 1);

      await sleep(ttlMs * 0.6);
      await putChain(saver, refreshed, 1, '', 'later');
      await sleep(ttlMs * 0.6);

      // idle: last write 1.2 TTL ago → gone; refreshed: last write 0.6 TTL ago → still there.
      expect(await saver.getTuple({ configurable: { thread_id: idle } })).toBeUndefined();
      expect(await saver.getTuple({ configurable: { thread_id: refreshed } })).toBeDefined();
      await sleep(ttlMs * 0.6);
      expect(await saver.getTuple({ configurable: { thread_id: refreshed } })).toBeUndefined();
    }, 15_000);
  });
}

/** Puts `count` chained checkpoints (one pending write each) and returns their ids, oldest first. */
async function putChain(saver: BaseCheckpointSaver, threadId: string, count: number, ns = '', tag = 'write'): Promise<string[]> {
  const ids: string[] = [];
  let config: RunnableConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns } };
  for (let i = 0; i < count; i++) {
    config = await saver.put(config, checkpoint({ step: i }, { step: i + 1 }), meta(i), { step: i + 1 });
    await saver.putWrites(config, [['log', `${tag} ${i}`]], 'task');
    ids.push(config.configurable?.checkpoint_id as string);
  }
  return ids;
}

function checkpoint(values: Record<string, unknown>, versions: Record<string, number>): Checkpoint {
  return { v: 4, id: uuid6(-1), ts: new Date().toISOString(), channel_values: values, channel_versions: versions, versions_seen: {} };
}

function meta(step: number) {
  return { source: 'loop' as const, step, parents: {} };
}

async function collect<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
