import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { InMemoryLiveEvents } from '../../src/adapters/memory/in-memory-live-events';
import { CoalescingLiveEventPublisher } from '../../src/adapters/shared/live-events/coalescing-live-event-publisher';
import type { LiveEventSink, TimedLiveEvent } from '../../src/adapters/shared/live-events/live-event-sink';
import { settledLength } from '../../src/adapters/shared/live-events/settled-text';

/** A sink whose writes the test completes (or leaves hanging). */
class ManualSink implements LiveEventSink {
  readonly description = 'manual sink';
  readonly written: TimedLiveEvent[] = [];
  hang = false;
  append(_id: string, events: readonly TimedLiveEvent[]): Promise<void> {
    if (this.hang) return new Promise(() => undefined);
    this.written.push(...events);
    return Promise.resolve();
  }
}

describe('CoalescingLiveEventPublisher', () => {
  it('never lets a hung backend block flush: the write times out, is dropped and logged once', async () => {
    const sink = new ManualSink();
    sink.hang = true;
    const logger = new RecordingLogger();
    const publisher = new CoalescingLiveEventPublisher(sink, { logger, writeTimeoutMs: 100 });

    publisher.publish('aex', { type: 'notice', level: 'info', message: 'a' });
    await publisher.flush('aex');
    publisher.publish('aex', { type: 'notice', level: 'info', message: 'b' });
    await publisher.flush('aex');

    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(1);
    expect(logger.records[0].fields).toMatchObject({ stream: 'manual sink', error: 'manual sink did not answer within 100 ms' });
  });

  it('bounds the events waiting for a slow backend, but still queues the terminal phase', async () => {
    const sink = new ManualSink();
    sink.hang = true;
    const logger = new RecordingLogger();
    const publisher = new CoalescingLiveEventPublisher(sink, { logger, maxQueuedEvents: 5, writeTimeoutMs: 50 });

    // n0 goes into a write that hangs; n1..n5 fill the queue; n6..n19 are dropped; the phase is kept anyway.
    for (let i = 0; i < 20; i++) publisher.publish('aex', { type: 'notice', level: 'info', message: `n${i}` });
    publisher.publish('aex', { type: 'phase', phase: 'COMPLETED' });
    sink.hang = false;
    await publisher.flush('aex');

    expect(sink.written.map((w) => w.event)).toEqual([
      ...[1, 2, 3, 4, 5].map((i) => ({ type: 'notice', level: 'info', message: `n${i}` })),
      { type: 'phase', phase: 'COMPLETED' },
    ]);
    expect(logger.records.filter((r) => r.level === 'warn')).toHaveLength(1);
    expect(JSON.stringify(logger.records)).toContain('more than 5 live events waiting for manual sink');
  });

  it('does not merge text of different sub-agents', async () => {
    const sink = new ManualSink();
    const publisher = new CoalescingLiveEventPublisher(sink);

    publisher.publish('aex', { type: 'text', text: 'main ' });
    publisher.publish('aex', { type: 'text', text: 'sub ', subAgentId: 's1' });
    publisher.publish('aex', { type: 'text', text: 'main again' });
    await publisher.flush('aex');

    expect(sink.written.map((w) => w.event)).toEqual([
      { type: 'text', text: 'main ' },
      { type: 'text', text: 'sub ', subAgentId: 's1' },
      { type: 'text', text: 'main again' },
    ]);
  });

  it('publishes text settled up to the last whitespace on each coalescing tick, holding the partial word', async () => {
    const sink = new ManualSink();
    const publisher = new CoalescingLiveEventPublisher(sink, { coalesceMs: 20 });

    publisher.publish('aex', { type: 'text', text: 'streaming tok' });
    await new Promise((r) => setTimeout(r, 80));
    const afterTick = sink.written.map((w) => w.event);
    publisher.publish('aex', { type: 'text', text: 'ens' });
    await publisher.flush('aex');

    expect(afterTick).toEqual([{ type: 'text', text: 'streaming ' }]);
    expect(sink.written.map((w) => w.event)).toEqual([
      { type: 'text', text: 'streaming ' },
      { type: 'text', text: 'tokens' },
    ]);
  });

  it('forgets an execution that went idle without a terminal phase (its redactor too)', async () => {
    const live = new InMemoryLiveEvents({ idleForgetMs: 50 });
    live.registerRedactor('aex-abandoned', () => '[REDACTED]');
    live.publish('aex-abandoned', { type: 'notice', level: 'info', message: 'before' });
    await live.flush('aex-abandoned');
    await new Promise((r) => setTimeout(r, 80));

    live.publish('aex-other', { type: 'notice', level: 'info', message: 'sweeps idle state' });
    live.publish('aex-abandoned', { type: 'notice', level: 'info', message: 'after' });
    await live.flush('aex-abandoned');

    expect(live.snapshot('aex-abandoned').map((e) => e.event)).toEqual([
      { type: 'notice', level: 'info', message: '[REDACTED]' },
      { type: 'notice', level: 'info', message: 'after' },
    ]);
  });
});

describe('settledLength', () => {
  it.each([
    ['hello wor', 6],
    ['hello world ', 12],
    ['line\npartial', 5],
    ['nowhitespace', 0],
    ['', 0],
  ])('settledLength(%j) = %i', (text, expected) => {
    expect(settledLength(text, 512)).toBe(expected);
  });

  it('releases a word longer than the hold limit except its tail', () => {
    expect(settledLength('x'.repeat(1_000), 512)).toBe(488);
  });
});
