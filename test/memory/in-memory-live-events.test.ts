import { InMemoryLiveEvents } from '../../src/adapters/memory/in-memory-live-events';
import { describeLiveEventsContract } from '../contracts/live-events.contract';

describeLiveEventsContract('InMemoryLiveEvents', async ({ maxLen }) => {
  const live = new InMemoryLiveEvents({ maxLen });
  return { publisher: live, reader: live, maxStoredLen: maxLen, cleanup: async () => undefined };
});

describe('InMemoryLiveEvents', () => {
  it('works with no options and shows stored events in snapshot()', async () => {
    const live = new InMemoryLiveEvents();
    live.publish('aex-1', { type: 'notice', level: 'info', message: 'hi' });
    live.publish('aex-1', { type: 'phase', phase: 'COMPLETED' });
    await live.flush('aex-1');

    expect(live.snapshot('aex-1').map((e) => e.event)).toEqual([
      { type: 'notice', level: 'info', message: 'hi' },
      { type: 'phase', phase: 'COMPLETED' },
    ]);
    expect(live.snapshot('aex-unknown')).toEqual([]);
  });
});
