import { Writable } from 'node:stream';
import { Terminal } from '@xterm/headless';
import { renderLiveEvents } from '../../src/adapters/terminal/render-live-events';
import type { LiveEvent, LiveEventEnvelope } from '../../src/ports/live-events.port';

/** A recorded run: text, a tool call, todos, a sub-agent with its own text and failing tool, a warning, the end. */
const RECORDED: LiveEvent[] = [
  { type: 'phase', phase: 'IN_PROGRESS' },
  { type: 'text', text: 'Let me look around.\nI will list' },
  { type: 'text', text: ' files.' },
  { type: 'tool_start', toolCallId: 't1', name: 'ls', args: '{"path":"/"}' },
  { type: 'tool_end', toolCallId: 't1', name: 'ls', result: 'a.txt\nb.txt', failed: false },
  {
    type: 'todos',
    todos: [
      { content: 'List files', status: 'completed' },
      { content: 'Summarise', status: 'in_progress' },
      { content: 'Celebrate', status: 'pending' },
    ],
  },
  { type: 'subagent_start', id: 's1', name: 'researcher', input: 'find the docs' },
  { type: 'text', text: 'Searching...', subAgentId: 's1' },
  { type: 'tool_start', toolCallId: 't2', name: 'grep', args: '{"pattern":"TODO"}', subAgentId: 's1' },
  { type: 'tool_end', toolCallId: 't2', name: 'grep', result: 'no matches', failed: true, subAgentId: 's1' },
  { type: 'subagent_end', id: 's1', output: 'nothing found', failed: false },
  { type: 'notice', level: 'warning', message: 'model is slow' },
  { type: 'text', text: 'All done.' },
  { type: 'phase', phase: 'COMPLETED' },
];

function envelopes(events: LiveEvent[]): LiveEventEnvelope[] {
  return events.map((event, i) => ({ id: `1700000000000-${i}`, at: '2026-01-22T10:00:00.000Z', event }));
}

async function* from(events: LiveEvent[]): AsyncIterable<LiveEventEnvelope> {
  yield* envelopes(events);
}

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** Events pushed by the test while the renderer is running. */
class EventFeed implements AsyncIterable<LiveEventEnvelope> {
  private readonly queue: LiveEventEnvelope[] = [];
  private wake: (() => void) | undefined;
  private ended = false;
  private seq = 0;

  push(event: LiveEvent): void {
    this.queue.push({ id: `1-${this.seq++}`, at: '2026-01-22T10:00:00.000Z', event });
    this.wake?.();
  }

  end(): void {
    this.ended = true;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncIterator<LiveEventEnvelope> {
    for (;;) {
      const next = this.queue.shift();
      if (next) yield next;
      else if (this.ended) return;
      else await new Promise<void>((r) => (this.wake = r));
    }
  }
}

/** A headless xterm behind a TTY-like stream (with the tty driver's \n → \r\n), to read what a person would see. */
function virtualTerminal(cols = 80, rows = 40) {
  const term = new Terminal({ cols, rows, convertEol: true, allowProposedApi: true });
  let raw = '';
  const out = {
    isTTY: true,
    columns: cols,
    write(chunk: string | Uint8Array, cb?: () => void) {
      const s = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      raw += s;
      term.write(s, cb);
      return true;
    },
  } as unknown as NodeJS.WritableStream;
  const screen = async (): Promise<string[]> => {
    await new Promise<void>((r) => term.write('', r));
    const buffer = term.buffer.active;
    const lines: string[] = [];
    for (let i = 0; i < buffer.length; i++) lines.push(buffer.getLine(i)?.translateToString(true) ?? '');
    while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
    return lines;
  };
  return { out, screen, raw: () => raw, dispose: () => term.dispose() };
}

describe('renderLiveEvents, plain output (pipes, CI)', () => {
  it('renders a recorded run line by line and resolves with the final phase', async () => {
    const out = new Capture();

    const phase = await renderLiveEvents(from(RECORDED), out);

    expect(phase).toBe('COMPLETED');
    expect(out.text).toBe(
      [
        '● running',
        'Let me look around.',
        'I will list files.',
        '→ ls {"path":"/"}',
        '✓ ls {"path":"/"} → a.txt b.txt',
        'Todos',
        '  [x] List files',
        '  [>] Summarise',
        '  [ ] Celebrate',
        '▸ sub-agent researcher: find the docs',
        '  Searching...',
        '  → grep {"pattern":"TODO"}',
        '  ✗ grep {"pattern":"TODO"} → no matches',
        '✓ sub-agent researcher done: nothing found',
        '⚠ model is slow',
        'All done.',
        '✓ Completed',
        '',
      ].join('\n'),
    );
    expect(out.text).not.toContain('\u001b');
  });

  it('shows a failure with its reason and resolves FAILED', async () => {
    const out = new Capture();

    const phase = await renderLiveEvents(from([{ type: 'text', text: 'Trying' }, { type: 'phase', phase: 'FAILED', error: 'model quota exceeded' }]), out);

    expect(phase).toBe('FAILED');
    expect(out.text).toBe('Trying\n✗ Failed: model quota exceeded\n');
  });

  it('strips terminal escape sequences and control characters from agent output', async () => {
    const out = new Capture();

    await renderLiveEvents(from([{ type: 'text', text: 'safe\u001b]0;pwned\u0007 \u001b[2Jtext\u0008!\n' }, { type: 'tool_start', toolCallId: 'x', name: 'evil\u001b[31m', args: '' }]), out);

    expect(out.text).toBe('safe text!\n→ evil\n');
  });

  it('cuts long previews to one line of previewChars', async () => {
    const out = new Capture();
    const result = `${'x'.repeat(300)}\nsecond line`;

    await renderLiveEvents(from([{ type: 'tool_end', toolCallId: 't', name: 'cat', result, failed: false }]), out, { previewChars: 40 });

    expect(out.text).toBe(`✓ cat → ${'x'.repeat(39)}…\n`);
  });

  it('resolves undefined when the events carried no phase', async () => {
    await expect(renderLiveEvents(from([{ type: 'notice', level: 'info', message: 'hello' }]), new Capture())).resolves.toBeUndefined();
  });

  it('rethrows an error of the event source after ending the partial line', async () => {
    const out = new Capture();
    async function* failing(): AsyncIterable<LiveEventEnvelope> {
      yield* envelopes([{ type: 'text', text: 'half a line' }]);
      throw new Error('Redis at 127.0.0.1:6379 is unavailable');
    }

    await expect(renderLiveEvents(failing(), out)).rejects.toThrow('Redis at 127.0.0.1:6379 is unavailable');
    expect(out.text).toBe('half a line\n');
  });
});

describe('renderLiveEvents, interactive terminal', () => {
  it('renders the recorded run: the final screen shows every line, no spinner left behind', async () => {
    const vt = virtualTerminal();

    const phase = await renderLiveEvents(from(RECORDED), vt.out, { color: true, spinnerIntervalMs: 10 });

    expect(phase).toBe('COMPLETED');
    expect(await vt.screen()).toEqual([
      '● running',
      'Let me look around.',
      'I will list files.',
      '✓ ls {"path":"/"} → a.txt b.txt',
      'Todos',
      '  [x] List files',
      '  [>] Summarise',
      '  [ ] Celebrate',
      '▸ sub-agent researcher: find the docs',
      '  Searching...',
      '  ✗ grep {"pattern":"TODO"} → no matches',
      '✓ sub-agent researcher done: nothing found',
      '⚠ model is slow',
      'All done.',
      '✓ Completed',
    ]);
    expect(vt.raw()).toContain('\u001b[32m'); // coloured ✓
    vt.dispose();
  });

  it('animates a running tool with a spinner, then replaces it with ✓ and a result preview', async () => {
    const vt = virtualTerminal();
    const feed = new EventFeed();
    const rendering = renderLiveEvents(feed, vt.out, { spinnerIntervalMs: 15 });

    feed.push({ type: 'text', text: 'Building' });
    feed.push({ type: 'tool_start', toolCallId: 't1', name: 'execute', args: '{"command":"make"}' });
    feed.push({ type: 'tool_start', toolCallId: 't2', name: 'read_file', args: '{"file_path":"/README.md"}' });
    await new Promise((r) => setTimeout(r, 150));
    const whileRunning = await vt.screen();
    feed.push({ type: 'text', text: ' (this may take a while)\nstill going' });
    feed.push({ type: 'tool_end', toolCallId: 't1', name: 'execute', result: 'built 3 targets', failed: false });
    await new Promise((r) => setTimeout(r, 50));
    const oneLeft = await vt.screen();
    feed.push({ type: 'tool_end', toolCallId: 't2', name: 'read_file', result: '# Hello', failed: false });
    feed.push({ type: 'phase', phase: 'COMPLETED' });
    feed.end();

    expect(await rendering).toBe('COMPLETED');
    expect(whileRunning).toHaveLength(3);
    expect(whileRunning[0]).toBe('Building');
    expect(whileRunning[1]).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] execute \{"command":"make"\}$/);
    expect(whileRunning[2]).toMatch(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] read_file \{"file_path":"\/README.md"\}$/);
    const framesDrawn = new Set(vt.raw().match(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/g));
    expect(framesDrawn.size).toBeGreaterThan(1);
    // Text streamed while tools run is committed above them, in event order.
    expect(oneLeft).toEqual([
      'Building',
      ' (this may take a while)',
      'still going',
      '✓ execute {"command":"make"} → built 3 targets',
      expect.stringMatching(/^[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] read_file/),
    ]);
    expect(await vt.screen()).toEqual([
      'Building',
      ' (this may take a while)',
      'still going',
      '✓ execute {"command":"make"} → built 3 targets',
      '✓ read_file {"file_path":"/README.md"} → # Hello',
      '✓ Completed',
    ]);
    vt.dispose();
  });

  it('keeps spinner lines within the terminal width', async () => {
    const vt = virtualTerminal(40);
    const feed = new EventFeed();
    const rendering = renderLiveEvents(feed, vt.out, { spinnerIntervalMs: 15 });

    feed.push({ type: 'tool_start', toolCallId: 't1', name: 'execute', args: JSON.stringify({ command: 'x'.repeat(200) }) });
    feed.push({ type: 'tool_start', toolCallId: 't2', name: 'ls', args: '{}' });
    await new Promise((r) => setTimeout(r, 60));
    const lines = await vt.screen();
    feed.push({ type: 'phase', phase: 'CANCELLED' });
    feed.end();

    expect(await rendering).toBe('CANCELLED');
    expect(lines).toHaveLength(2);
    expect(Array.from(lines[0]).length).toBeLessThan(40);
    expect(lines[0]).toMatch(/…$/);
    expect(await vt.screen()).toEqual(['⊘ Cancelled']);
    vt.dispose();
  });
});
