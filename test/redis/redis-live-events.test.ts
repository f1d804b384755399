import { randomUUID } from 'node:crypto';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { RedisLiveEventPublisher } from '../../src/adapters/redis/live-events/redis-live-event-publisher';
import { RedisLiveEventReader } from '../../src/adapters/redis/live-events/redis-live-event-reader';
import { createRedisClient } from '../../src/adapters/redis/redis-connection';
import { describeLiveEventsContract } from '../contracts/live-events.contract';
import { describeWithRedis, useRedisServer } from '../support/redis/redis-test-server';

describeWithRedis('Redis live events', () => {
  const server = useRedisServer();
  const connect = () => server().track(createRedisClient({ host: server().host, port: server().port }));

  describeLiveEventsContract('RedisLiveEventPublisher + RedisLiveEventReader', async ({ maxLen }) => {
    const keyPrefix = `live-contract:${randomUUID()}:`;
    const publisher = new RedisLiveEventPublisher(connect(), { keyPrefix, maxLen, ttlMs: 60_000, logger: new RecordingLogger() });
    // The reader runs on another connection, as a watcher in another process would.
    const reader = new RedisLiveEventReader(connect(), { keyPrefix, blockMs: 500 });
    // MAXLEN ~ trims whole stream nodes (100 entries each), so a stream may exceed the cap by up to one node.
    return { publisher, reader, maxStoredLen: maxLen + 100, cleanup: async () => undefined };
  });

  it('writes one stream per execution with the TTL, fields `at` and `event`', async () => {
    const keyPrefix = `live-shape:${randomUUID()}:`;
    const raw = server().client();
    const publisher = new RedisLiveEventPublisher(connect(), { keyPrefix, maxLen: 1_000, ttlMs: 45_000, logger: new RecordingLogger() });

    publisher.publish('aex-shape', { type: 'phase', phase: 'COMPLETED' });
    await publisher.flush('aex-shape');

    const [[, fields]] = await raw.xrange(`${keyPrefix}live:aex-shape`, '-', '+');
    expect(fields[0]).toBe('at');
    expect(JSON.parse(fields[3])).toEqual({ type: 'phase', phase: 'COMPLETED' });
    const ttl = await raw.pttl(`${keyPrefix}live:aex-shape`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(45_000);
  });

  it('keeps the run going while Redis is down: publish never throws, flush returns, one warning, no secret logged', async () => {
    const keyPrefix = `live-down:${randomUUID()}:`;
    const canary = 'sk-live-canary-52b1e07a';
    const logger = new RecordingLogger();
    const client = connect();
    const publisher = new RedisLiveEventPublisher(client, { keyPrefix, maxLen: 1_000, ttlMs: 60_000, logger, writeTimeoutMs: 1_000 });
    publisher.registerRedactor('aex-down', (s) => s.split(canary).join('[REDACTED]'));
    publisher.publish('aex-down', { type: 'notice', level: 'info', message: 'before the outage' });
    await publisher.flush('aex-down');

    await server().stop();
    try {
      for (let i = 0; i < 50; i++) {
        expect(() => publisher.publish('aex-down', { type: 'text', text: `token ${i} ${canary} ` })).not.toThrow();
        publisher.publish('aex-down', { type: 'tool_start', toolCallId: `t${i}`, name: 'execute', args: canary });
        await publisher.flush('aex-down');
      }
    } finally {
      await server().start();
    }

    const warnings = logger.records.filter((r) => r.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(JSON.stringify(warnings[0].fields)).toContain(`127.0.0.1:${server().port}`);
    expect(logger.dump()).not.toContain(canary);

    // Once Redis is back, events flow again and the recovery is logged once.
    await client.ping();
    publisher.publish('aex-down', { type: 'phase', phase: 'COMPLETED' });
    await publisher.flush('aex-down');
    const reader = new RedisLiveEventReader(connect(), { keyPrefix });
    const events = [];
    for await (const e of reader.follow('aex-down', AbortSignal.timeout(10_000))) events.push(e.event);
    expect(events.at(-1)).toEqual({ type: 'phase', phase: 'COMPLETED' });
    expect(logger.records.filter((r) => r.level === 'info' && r.msg === 'live events recovered')).toHaveLength(1);
  }, 60_000);
});
