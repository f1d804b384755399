import { randomUUID } from 'node:crypto';
import { validate } from '@langchain/langgraph-checkpoint-validation';
import type { Redis } from 'ioredis';
import { RedisCheckpointSaver } from '../../src/adapters/redis/checkpoint/redis-checkpoint-saver';
import { createRedisClient } from '../../src/adapters/redis/redis-connection';
import { RedisTestServer, describeWithRedis } from '../support/redis/redis-test-server';

// The suite is written for Vitest; its only Vitest-specific call is expect.soft, which we make a hard expect.
(expect as unknown as { soft: typeof expect }).soft = expect;

/** LangChain's conformance suite for checkpoint savers, run against real redis-server. */
describeWithRedis('RedisCheckpointSaver conformance (@langchain/langgraph-checkpoint-validation)', () => {
  let server: RedisTestServer;
  let client: Redis;

  validate<RedisCheckpointSaver>({
    checkpointerName: 'RedisCheckpointSaver',
    beforeAllTimeout: 30_000,
    async beforeAll() {
      server = await RedisTestServer.start();
      client = server.track(createRedisClient({ host: server.host, port: server.port }));
    },
    async afterAll() {
      await server?.dispose();
    },
    // A fresh key prefix per checkpointer isolates instances (the suite's list tests count every stored tuple).
    createCheckpointer: () => new RedisCheckpointSaver(client, { keyPrefix: `validation:${randomUUID()}:`, ttlMs: 600_000, maxCheckpoints: 1000 }),
  });
});
