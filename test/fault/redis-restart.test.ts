import { setTimeout as sleep } from 'node:timers/promises';
import { liveStreamKey } from '../../src/adapters/redis/live-events/live-stream-key';
import { startOpenAiStub } from '../support/llm/openai-stub';
import type { StubServer } from '../support/llm/stub-server';
import { FaultStack } from '../support/fault/fault-stack';
import { agentWithInstance } from '../support/fault/resources';
import { describeWithServices } from '../support/fault/services';
import { statusText } from '../support/fault/status-text';
import { RedisTestServer } from '../support/redis/redis-test-server';
import { eventually } from '../support/temporal/eventually';

/** Short lock lease (renewed every 2 s), so a lost lease shows up within the test. */
const LOCK_TTL_SECONDS = 6;

describeWithServices('fault: Redis restarts in the middle of a run (memory, session lock and live events in Redis)', ['temporal', 'redis'], () => {
  let stack: FaultStack;
  let redis: RedisTestServer;
  const stubs: StubServer[] = [];

  /** A model route that runs `command`, then `echo after`, then answers. */
  async function commandModel(name: string, command: string): Promise<void> {
    const stub = await startOpenAiStub({
      playback: 'by-history',
      script: {
        name,
        turns: [
          { toolCalls: [{ name: 'execute', args: { command } }] },
          { toolCalls: [{ name: 'execute', args: { command: 'echo after-the-restart' } }] },
          { text: 'Finished.' },
        ],
      },
    });
    stubs.push(stub);
    stack.router.route(name, stub);
  }

  async function liveEvents(executionId: string): Promise<{ type: string; phase?: string }[]> {
    const client = redis.client();
    const entries = await client.xrange(liveStreamKey('agent-runner:', executionId), '-', '+');
    client.disconnect();
    return entries.map(([, fields]) => JSON.parse(fields[fields.indexOf('event') + 1]) as { type: string; phase?: string });
  }

  beforeAll(async () => {
    redis = await RedisTestServer.start();
    stack = await FaultStack.start({
      resources: agentWithInstance('redis-agent'),
      env: { REDIS_HOST: redis.host, REDIS_PORT: String(redis.port), SESSION_LOCK_TTL_SECONDS: String(LOCK_TTL_SECONDS) },
    });
    await commandModel('restart-model', 'sleep 5; echo slept');
    await commandModel('outage-model', 'sleep 30; echo slept');
    stack.router.route('default', stubs[0]);
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
    await Promise.all(stubs.map((s) => s.close()));
    await redis?.dispose();
  }, 60_000);

  it('a restart between Redis uses: the run completes (the vanished lock lease is taken again) and the live stream resumes', async () => {
    const run = await stack.startRun({ agent: 'redis-agent', message: 'Sleep, then echo.', modelName: 'restart-model' });
    await eventually('the first command to run', () => stack.status(run.executionId)?.toolCalls.some((c) => c.status === 'RUNNING'), 30_000);
    await redis.stop();
    await redis.start(); // same port, empty: conversation, lock lease and the stream so far are gone
    await run.handle.result();

    const status = stack.requireStatus(run.executionId);
    expect(status.phase).toBe('COMPLETED');
    expect(status.toolCalls.map((c) => [c.status, c.result.split('\n')[0]])).toEqual([
      ['COMPLETED', 'slept'],
      ['COMPLETED', 'after-the-restart'],
    ]);
    expect(statusText(status)).toContain('AI: Finished.');
    expect(stack.logger.records.some((r) => r.msg === 'session lock lease vanished from the store while valid (store restarted?); took it again')).toBe(true);
    // The live stream lost what Redis lost, but events published after the restart, up to the end, are there.
    const events = await liveEvents(run.executionId);
    expect(events.at(-1)).toMatchObject({ type: 'phase', phase: 'COMPLETED' });
  }, 90_000);

  it('Redis down for longer than the lock lease: the run ends FAILED naming Redis, and the worker serves the next run', async () => {
    const run = await stack.startRun({ agent: 'redis-agent', message: 'Sleep long, then echo.', modelName: 'outage-model' });
    await eventually('the long command to run', () => stack.status(run.executionId)?.toolCalls.some((c) => c.status === 'RUNNING'), 30_000);
    await redis.stop();
    await run.handle.result(); // the terminal status goes to the backend, which does not need Redis
    await sleep(500);
    await redis.start();

    const status = stack.requireStatus(run.executionId);
    expect(status.phase).toBe('FAILED');
    expect(status.error).toMatch(
      new RegExp(`^lost the lock on session ${run.sessionId}: could not renew it for a whole TTL: Redis at 127\\.0\\.0\\.1:${redis.port} is unavailable`),
    );
    expect(status.toolCalls[0]).toMatchObject({ status: 'FAILED', error: `interrupted: ${status.error}` });
    // Live events could not be written meanwhile; that was logged, not fatal.
    expect(stack.logger.records.some((r) => r.level === 'warn' && /redis/i.test(`${r.msg} ${JSON.stringify(r.fields)}`))).toBe(true);

    const next = await stack.runToEnd({ agent: 'redis-agent', message: 'Again, with Redis back.', modelName: 'restart-model' });
    expect(next.status.phase).toBe('COMPLETED');
  }, 120_000);
});
