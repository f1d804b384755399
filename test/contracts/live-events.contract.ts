import { randomUUID } from 'node:crypto';
import type { LiveEvent, LiveEventEnvelope, LiveEventPublisher, LiveEventReader } from '../../src/ports/live-events.port';

export interface LiveEventsSubject {
  publisher: LiveEventPublisher & { registerRedactor(executionId: string, redact: (text: string) => string): void };
  reader: LiveEventReader;
  /** The most entries one execution's stream may hold (the cap, or more where trimming is approximate). */
  maxStoredLen: number;
  cleanup(): Promise<void>;
}

export type LiveEventsFactory = (options: { maxLen: number }) => Promise<LiveEventsSubject>;

const CANARY = 'sk-canary-7f3a9c21d4e8';
const COMPLETED: LiveEvent = { type: 'phase', phase: 'COMPLETED' };

/** Behaviour every live-events publisher/reader pair must show (in-memory and Redis). */
export function describeLiveEventsContract(name: string, factory: LiveEventsFactory): void {
  describe(`LiveEvents contract: ${name}`, () => {
    let subject: LiveEventsSubject;
    const execution = () => `aex-${randomUUID()}`;
    beforeEach(async () => {
      subject = await factory({ maxLen: 100 });
    });
    afterEach(async () => {
      await subject.cleanup();
    });

    const replay = (id: string, signal?: AbortSignal) => collect(subject.reader.follow(id, signal ?? AbortSignal.timeout(10_000)));

    it('keeps publication order and merges model tokens into text chunks', async () => {
      const id = execution();
      const { publisher } = subject;
      for (const token of ['Hel', 'lo ', 'wor', 'ld']) publisher.publish(id, { type: 'text', text: token });
      publisher.publish(id, { type: 'tool_start', toolCallId: 't1', name: 'ls', args: '{"path":"/"}' });
      publisher.publish(id, { type: 'tool_end', toolCallId: 't1', name: 'ls', result: 'a.txt', failed: false });
      publisher.publish(id, { type: 'text', text: 'done' });
      publisher.publish(id, COMPLETED);
      await publisher.flush(id);

      const events = (await replay(id)).map((e) => e.event);

      expect(events).toEqual([
        { type: 'text', text: 'Hello world' },
        { type: 'tool_start', toolCallId: 't1', name: 'ls', args: '{"path":"/"}' },
        { type: 'tool_end', toolCallId: 't1', name: 'ls', result: 'a.txt', failed: false },
        { type: 'text', text: 'done' },
        COMPLETED,
      ]);
    });

    it('turns a thousand tokens into a few chunks without losing a character', async () => {
      const id = execution();
      const tokens = Array.from({ length: 1_000 }, (_, i) => `w${i} `);
      for (const token of tokens) subject.publisher.publish(id, { type: 'text', text: token });
      subject.publisher.publish(id, COMPLETED);
      await subject.publisher.flush(id);

      const texts = (await replay(id)).filter((e) => e.event.type === 'text').map((e) => (e.event as { text: string }).text);

      expect(texts.join('')).toBe(tokens.join(''));
      expect(texts.length).toBeLessThanOrEqual(10);
    });

    it('replays every event in order to a consumer that starts after the run finished', async () => {
      const id = execution();
      const published: LiveEvent[] = [{ type: 'phase', phase: 'IN_PROGRESS' }];
      for (let i = 0; i < 20; i++) published.push({ type: 'notice', level: 'info', message: `step ${i}` });
      published.push(COMPLETED);
      for (const event of published) subject.publisher.publish(id, event);
      await subject.publisher.flush(id);

      const envelopes = await replay(id);

      expect(envelopes.map((e) => e.event)).toEqual(published);
      expectIncreasingIds(envelopes);
      for (const e of envelopes) expect(Number.isNaN(Date.parse(e.at))).toBe(false);
      // …and again: a finished stream can be replayed any number of times.
      expect((await replay(id)).map((e) => e.event)).toEqual(published);
    });

    it('follows a live run from before its first event until its terminal phase', async () => {
      const id = execution();
      const consumer = replay(id);
      const published: LiveEvent[] = [];
      for (let i = 0; i < 5; i++) {
        const event: LiveEvent = { type: 'notice', level: 'info', message: `live ${i}` };
        published.push(event);
        subject.publisher.publish(id, event);
        await subject.publisher.flush(id);
        await sleep(30);
      }
      subject.publisher.publish(id, { type: 'phase', phase: 'FAILED', error: 'boom' });
      await subject.publisher.flush(id);

      expect((await consumer).map((e) => e.event)).toEqual([...published, { type: 'phase', phase: 'FAILED', error: 'boom' }]);
    });

    it('stops following when the signal aborts, without an error', async () => {
      const id = execution();
      subject.publisher.publish(id, { type: 'notice', level: 'info', message: 'still running' });
      await subject.publisher.flush(id);
      const controller = new AbortController();
      setTimeout(() => controller.abort(), 200);

      const envelopes = await collect(subject.reader.follow(id, controller.signal));

      expect(envelopes.map((e) => e.event)).toEqual([{ type: 'notice', level: 'info', message: 'still running' }]);
    });

    it('bounds the stored length of a long run, keeping the newest events', async () => {
      const id = execution();
      for (let i = 0; i < 500; i++) subject.publisher.publish(id, { type: 'notice', level: 'info', message: `n${i}` });
      subject.publisher.publish(id, COMPLETED);
      await subject.publisher.flush(id);

      const events = (await replay(id)).map((e) => e.event);

      expect(events.length).toBeGreaterThanOrEqual(100);
      expect(events.length).toBeLessThanOrEqual(subject.maxStoredLen);
      expect(events.at(-1)).toEqual(COMPLETED);
      expect(events.at(-2)).toEqual({ type: 'notice', level: 'info', message: 'n499' });
      expect(events).not.toContainEqual({ type: 'notice', level: 'info', message: 'n0' });
    });

    it('never stores a secret, even one split across model tokens and flushes', async () => {
      const id = execution();
      const { publisher } = subject;
      publisher.registerRedactor(id, (s) => s.split(CANARY).join('[REDACTED]'));
      publisher.publish(id, { type: 'text', text: `the key is ${CANARY.slice(0, 6)}` });
      await sleep(250); // a coalescing flush happens between the two halves
      publisher.publish(id, { type: 'text', text: `${CANARY.slice(6)} ok` });
      publisher.publish(id, { type: 'tool_start', toolCallId: 't', name: 'execute', args: `{"cmd":"curl -H ${CANARY}"}` });
      publisher.publish(id, { type: 'tool_end', toolCallId: 't', name: 'execute', result: `echoed ${CANARY}`, failed: true });
      publisher.publish(id, { type: 'todos', todos: [{ content: `rotate ${CANARY}`, status: 'pending' }] });
      publisher.publish(id, { type: 'subagent_start', id: 's', name: 'helper', input: CANARY });
      publisher.publish(id, { type: 'phase', phase: 'FAILED', error: `failed with ${CANARY}` });
      await publisher.flush(id);

      const events = (await replay(id)).map((e) => e.event);
      const stored = JSON.stringify(events);

      expect(stored).not.toContain(CANARY);
      expect(stored).not.toContain(CANARY.slice(6));
      expect(events.filter((e) => e.type === 'text').map((e) => (e as { text: string }).text).join('')).toBe('the key is [REDACTED] ok');
      expect(events.at(-1)).toEqual({ type: 'phase', phase: 'FAILED', error: 'failed with [REDACTED]' });
      expect(events).toContainEqual({ type: 'todos', todos: [{ content: 'rotate [REDACTED]', status: 'pending' }] });
    });

    it('keeps executions apart', async () => {
      const [a, b] = [execution(), execution()];
      subject.publisher.publish(a, { type: 'notice', level: 'info', message: 'for a' });
      subject.publisher.publish(b, { type: 'notice', level: 'info', message: 'for b' });
      subject.publisher.publish(a, COMPLETED);
      subject.publisher.publish(b, COMPLETED);
      await Promise.all([subject.publisher.flush(a), subject.publisher.flush(b)]);

      expect((await replay(a)).map((e) => e.event)).toEqual([{ type: 'notice', level: 'info', message: 'for a' }, COMPLETED]);
      expect((await replay(b)).map((e) => e.event)).toEqual([{ type: 'notice', level: 'info', message: 'for b' }, COMPLETED]);
    });
  });
}

async function collect(events: AsyncIterable<LiveEventEnvelope>): Promise<LiveEventEnvelope[]> {
  const out: LiveEventEnvelope[] = [];
  for await (const e of events) out.push(e);
  return out;
}

function expectIncreasingIds(envelopes: LiveEventEnvelope[]): void {
  const key = (id: string) => id.split('-').map(Number);
  for (let i = 1; i < envelopes.length; i++) {
    const [ms0, n0] = key(envelopes[i - 1].id);
    const [ms1, n1] = key(envelopes[i].id);
    expect(ms1 > ms0 || (ms1 === ms0 && n1 > n0)).toBe(true);
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}
