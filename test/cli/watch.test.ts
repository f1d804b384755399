import { randomUUID } from 'node:crypto';
import { createServer } from 'node:net';
import { Writable } from 'node:stream';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { createRedisClient, RedisLiveEventPublisher } from '../../src/adapters/redis';
import { runWatch, WATCH_NEEDS_REDIS } from '../../src/composition/cli/commands/watch';
import type { LiveEvent } from '../../src/ports/live-events.port';
import { describeWithRedis, useRedisServer } from '../support/redis/redis-test-server';

class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

/** A run as the worker publishes it: phase, streamed text, a tool call, todos, the terminal phase. */
const RECORDED_RUN: LiveEvent[] = [
  { type: 'phase', phase: 'IN_PROGRESS' },
  { type: 'text', text: 'The ' },
  { type: 'text', text: 'answer ' },
  { type: 'text', text: 'is ' },
  { type: 'text', text: '42.' },
  { type: 'tool_start', toolCallId: 'call-1', name: 'write_file', args: '{"file_path":"/answer.txt"}' },
  { type: 'tool_end', toolCallId: 'call-1', name: 'write_file', result: 'Updated file /answer.txt', failed: false },
  { type: 'todos', todos: [{ content: 'Write the answer', status: 'completed' }] },
  { type: 'phase', phase: 'COMPLETED' },
];

const RENDERED_RUN = [
  '● running',
  'The answer is 42.',
  '→ write_file {"file_path":"/answer.txt"}',
  '✓ write_file {"file_path":"/answer.txt"} → Updated file /answer.txt',
  'Todos',
  '  [x] Write the answer',
  '✓ Completed',
  '',
].join('\n');

async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  await new Promise<void>((r) => server.close(() => r()));
  return port;
}

/** Resolves once `text` shows up in the output (the watch is then known to be waiting). */
async function printed(out: Capture, text: string, signal: AbortSignal): Promise<void> {
  while (!out.text.includes(text)) {
    if (signal.aborted) throw new Error(`never printed "${text}"; output so far:\n${out.text}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe('agent-runner watch without Redis', () => {
  it('says that Redis is needed and exits 2 when REDIS_HOST is unset in local mode', async () => {
    const out = new Capture();
    const code = await runWatch('aex-1', { MODE: 'local' }, out, AbortSignal.timeout(10_000));
    expect(code).toBe(WATCH_NEEDS_REDIS);
    expect(code).toBe(2);
    expect(out.text).toMatch(/^agent-runner watch needs Redis, and none is configured \(REDIS_HOST is not set\)/);
    expect(out.text).toContain('Set REDIS_HOST');
  });

  it('names a bad configuration value and exits 1', async () => {
    const out = new Capture();
    const code = await runWatch('aex-1', { MODE: 'local', REDIS_HOST: '127.0.0.1', REDIS_PORT: 'six' }, out, AbortSignal.timeout(10_000));
    expect(code).toBe(1);
    expect(out.text).toContain('REDIS_PORT: must be a whole number (got "six")');
  });

  it('refuses an empty execution id', async () => {
    const out = new Capture();
    expect(await runWatch('  ', { MODE: 'local', REDIS_HOST: '127.0.0.1' }, out, AbortSignal.timeout(10_000))).toBe(1);
    expect(out.text).toContain('the execution id is empty');
  });

  it('says which Redis is down, without its password, and exits 1', async () => {
    const port = await closedPort();
    const out = new Capture();
    const env = { MODE: 'local', REDIS_HOST: '127.0.0.1', REDIS_PORT: String(port), REDIS_PASSWORD: 'watch-canary-pw-5521' };
    const code = await runWatch('aex-1', env, out, AbortSignal.timeout(20_000));
    expect(code).toBe(1);
    expect(out.text).toContain(`Redis at 127.0.0.1:${port} is unavailable`);
    expect(out.text).toContain('Check REDIS_HOST, REDIS_PORT, REDIS_PASSWORD and REDIS_TLS.');
    expect(out.text).not.toContain('watch-canary-pw-5521');
  });
});

describeWithRedis('agent-runner watch with Redis', () => {
  const server = useRedisServer();
  let keyPrefix: string;

  beforeEach(() => {
    keyPrefix = `watch-test:${randomUUID()}:`;
  });

  function env(): NodeJS.ProcessEnv {
    return { MODE: 'local', REDIS_HOST: server().host, REDIS_PORT: String(server().port), REDIS_KEY_PREFIX: keyPrefix };
  }

  function publisher(): RedisLiveEventPublisher {
    const client = server().track(createRedisClient({ host: server().host, port: server().port }));
    return new RedisLiveEventPublisher(client, { keyPrefix, maxLen: 1_000, ttlMs: 60_000, logger: new RecordingLogger() });
  }

  async function publish(live: RedisLiveEventPublisher, executionId: string, events: LiveEvent[]): Promise<void> {
    for (const event of events) live.publish(executionId, event);
    await live.flush(executionId);
  }

  it('renders a recorded run (plain output, not a TTY) and exits 0 when it completed', async () => {
    await publish(publisher(), 'aex-done', RECORDED_RUN);
    const out = new Capture();

    const code = await runWatch('aex-done', env(), out, AbortSignal.timeout(20_000));

    expect(out.text).toBe(RENDERED_RUN);
    expect(code).toBe(0);
  });

  it('follows a run live when started before its first event', async () => {
    const live = publisher();
    const out = new Capture();
    const deadline = AbortSignal.timeout(20_000);
    const watching = runWatch('aex-live', env(), out, deadline, { blockMs: 200 });

    await printed(out, 'no live events for execution aex-live yet', deadline);
    await publish(live, 'aex-live', RECORDED_RUN.slice(0, 5));
    await printed(out, '● running', deadline);
    await publish(live, 'aex-live', RECORDED_RUN.slice(5));

    expect(await watching).toBe(0);
    const [waiting, ...rest] = out.text.split('\n');
    expect(waiting).toBe(
      'no live events for execution aex-live yet (not started, unknown, or expired after LIVE_STREAM_TTL_SECONDS); waiting — Ctrl-C to stop',
    );
    expect(rest.join('\n')).toBe(RENDERED_RUN);
  });

  it('exits 1 when the run failed, showing the error', async () => {
    await publish(publisher(), 'aex-failed', [
      { type: 'phase', phase: 'IN_PROGRESS' },
      { type: 'phase', phase: 'FAILED', error: 'model provider rejected the request' },
    ]);
    const out = new Capture();
    expect(await runWatch('aex-failed', env(), out, AbortSignal.timeout(20_000))).toBe(1);
    expect(out.text).toBe('● running\n✗ Failed: model provider rejected the request\n');
  });

  it('keeps waiting for an unknown execution until the signal stops it, then exits 1', async () => {
    const stop = new AbortController();
    const out = new Capture();
    const watching = runWatch('aex-never', env(), out, stop.signal, { blockMs: 200 });
    await printed(out, 'no live events for execution aex-never yet', AbortSignal.timeout(20_000));

    stop.abort();

    expect(await watching).toBe(1);
    expect(out.text.trimEnd().split('\n').at(-1)).toBe('stopped following execution aex-never (the execution itself is not affected)');
  });

  it('stops following a run still in progress when the signal aborts', async () => {
    await publish(publisher(), 'aex-running', RECORDED_RUN.slice(0, 5));
    const stop = new AbortController();
    const out = new Capture();
    const watching = runWatch('aex-running', env(), out, stop.signal, { blockMs: 200 });
    // Streamed text is shown once its line ends (plain output), so the phase line is the sign the watch is following.
    await printed(out, '● running', AbortSignal.timeout(20_000));

    stop.abort();

    expect(await watching).toBe(1);
    expect(out.text).toBe('● running\nThe answer is 42.\nstopped following execution aex-running (the execution itself is not affected)\n');
  });

  it('reads only the configured key prefix', async () => {
    await publish(publisher(), 'aex-prefixed', RECORDED_RUN);
    const stop = new AbortController();
    const out = new Capture();
    const watching = runWatch('aex-prefixed', { ...env(), REDIS_KEY_PREFIX: 'another-prefix:' }, out, stop.signal, { blockMs: 200 });
    await printed(out, 'no live events for execution aex-prefixed yet', AbortSignal.timeout(20_000));
    stop.abort();
    expect(await watching).toBe(1);
    expect(out.text).not.toContain('Completed');
  });
});
