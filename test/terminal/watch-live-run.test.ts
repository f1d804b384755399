import { Writable } from 'node:stream';
import { InMemoryLiveEvents } from '../../src/adapters/memory/in-memory-live-events';
import { renderLiveEvents } from '../../src/adapters/terminal/render-live-events';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('watching a live run (reader → renderer)', () => {
  it('renders events as the run publishes them and returns when the run ends', async () => {
    const live = new InMemoryLiveEvents({ coalesceMs: 20 });
    const out = new Capture();
    const watching = renderLiveEvents(live.follow('aex-watch', AbortSignal.timeout(10_000)), out);

    live.publish('aex-watch', { type: 'phase', phase: 'IN_PROGRESS' });
    for (const token of ['The ', 'answer ', 'is ', '42.']) {
      live.publish('aex-watch', { type: 'text', text: token });
      await new Promise((r) => setTimeout(r, 10));
    }
    live.publish('aex-watch', { type: 'tool_start', toolCallId: 't', name: 'write_file', args: '{"file_path":"/answer.txt"}' });
    live.publish('aex-watch', { type: 'tool_end', toolCallId: 't', name: 'write_file', result: 'Updated file /answer.txt', failed: false });
    live.publish('aex-watch', { type: 'phase', phase: 'COMPLETED' });
    await live.flush('aex-watch');

    await expect(watching).resolves.toBe('COMPLETED');
    expect(out.text).toBe(
      [
        '● running',
        'The answer is 42.',
        '→ write_file {"file_path":"/answer.txt"}',
        '✓ write_file {"file_path":"/answer.txt"} → Updated file /answer.txt',
        '✓ Completed',
        '',
      ].join('\n'),
    );
  });
});
