import { createHash, randomBytes } from 'node:crypto';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { create } from '@bufbuild/protobuf';
import { GrpcStigmerBackend } from '../../src/adapters/grpc/grpc-stigmer-backend';
import { type LocalBackend, startLocalBackend } from '../../src/adapters/local-backend/local-backend-server';
import { AgentExecutionIdSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/io_pb';
import { AgentExecutionQueryController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/query_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { statusFromProto } from '../../src/adapters/proto/mapping/status.mapping';
import { emptyStatus, type ExecutionStatus } from '../../src/domain/status/execution-status';
import { contractFixtures } from '../contracts/stigmer-backend.contract';
import { seedExecution, tempDataDir, writeFixtureDataDir } from '../local-backend/support/local-backend-fixtures';
import { rawClient, rawUnary } from '../local-backend/support/raw-grpc';

const snapshot = (phase: ExecutionStatus['phase'], contents: string[]): ExecutionStatus => ({
  ...emptyStatus(phase),
  messages: contents.map((content) => ({ type: 'AI' as const, content, timestamp: '2026-01-22T10:00:00Z', toolCalls: [] })),
});

describe('gRPC client ↔ embedded local backend: acceptance', () => {
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let server: LocalBackend | undefined;
  let client: GrpcStigmerBackend | undefined;
  const fixtures = contractFixtures();

  beforeEach(async () => {
    data = await tempDataDir();
    await writeFixtureDataDir(data.dir, fixtures);
  });

  afterEach(async () => {
    client?.close();
    await server?.stop();
    await data.cleanup();
    client = undefined;
    server = undefined;
  });

  it('a 20 MiB skill artifact round-trips intact', async () => {
    const artifact = randomBytes(20 * 1024 * 1024);
    const skillDir = join(data.dir, 'skills', 'big-skill');
    await mkdir(skillDir, { recursive: true });
    await writeFile(join(skillDir, 'SKILL.md'), '# Big skill\n');
    await writeFile(join(skillDir, 'artifact.zip'), artifact);
    server = await startLocalBackend({ dataDir: data.dir, port: 0 });
    client = new GrpcStigmerBackend({ endpoint: server.address, apiKey: 'k', tls: false, timeoutMs: 20_000, maxRetries: 0 });

    const skill = await client.getSkillByReference({ scope: 0, org: '', kind: 43, slug: 'big-skill', version: '' });
    expect(skill.versionHash).toBe(createHash('sha256').update(artifact).digest('hex'));
    const received = await client.getSkillArtifact(skill.artifactStorageKey);
    expect(received.byteLength).toBe(artifact.byteLength);
    expect(createHash('sha256').update(received).digest('hex')).toBe(skill.versionHash);
  });

  it('restarting the embedded server keeps execution status written before', async () => {
    server = await startLocalBackend({ dataDir: data.dir, port: 0 });
    await seedExecution(server.store, fixtures.executionId, fixtures.session.meta.id);
    client = new GrpcStigmerBackend({ endpoint: server.address, apiKey: 'k', tls: false, timeoutMs: 5_000, maxRetries: 0 });
    await client.updateExecutionStatus(fixtures.executionId, snapshot('COMPLETED', ['first', 'second']));
    await server.stop();

    server = await startLocalBackend({ dataDir: data.dir, port: 0 });
    const raw = rawClient(server.address);
    try {
      const execution = await rawUnary(raw, AgentExecutionQueryController.method.get, create(AgentExecutionIdSchema, { value: fixtures.executionId }));
      expect(execution.status?.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
      expect(execution.status?.messages.map((m) => m.content)).toEqual(['first', 'second']);
    } finally {
      raw.close();
    }
  });

  it(
    'a backend down for 5 s delays the final status, and the client retries deliver it once the server is back',
    async () => {
      server = await startLocalBackend({ dataDir: data.dir, port: 0 });
      const port = server.port;
      await seedExecution(server.store, fixtures.executionId, fixtures.session.meta.id);
      client = new GrpcStigmerBackend({ endpoint: server.address, apiKey: 'k', tls: false, timeoutMs: 2_000, maxRetries: 12 });
      await client.updateExecutionStatus(fixtures.executionId, snapshot('IN_PROGRESS', ['working']));

      await server.stop();
      let delivered = false;
      const finalDelivery = client.updateExecutionStatus(fixtures.executionId, snapshot('COMPLETED', ['working', 'done'])).then(() => {
        delivered = true;
      });
      await new Promise((resolve) => setTimeout(resolve, 5_000));
      expect(delivered).toBe(false);

      server = await startLocalBackend({ dataDir: data.dir, port });
      // The restarted server already has the status written before the outage.
      expect(server.store.getExecution(fixtures.executionId)?.status?.messages[0]?.content).toBe('working');
      await finalDelivery;
      expect(delivered).toBe(true);
      const stored = statusFromProto(server.store.getExecution(fixtures.executionId)!.status!);
      expect(stored.phase).toBe('COMPLETED');
      expect(stored.messages.map((m) => m.content)).toEqual(['working', 'done']);
    },
    60_000,
  );
});
