import { FakeStigmerBackend } from '../../src/adapters/fakes/fake-stigmer-backend';
import { GrpcStigmerBackend } from '../../src/adapters/grpc/grpc-stigmer-backend';
import { startLocalBackend } from '../../src/adapters/local-backend/local-backend-server';
import { statusFromProto } from '../../src/adapters/proto/mapping/status.mapping';
import { describeStigmerBackendContract } from '../contracts/stigmer-backend.contract';
import { seedExecution, tempDataDir, writeFixtureDataDir } from '../local-backend/support/local-backend-fixtures';

describeStigmerBackendContract('in-memory fake', async (f) => {
  const fake = new FakeStigmerBackend()
    .addSession(f.session)
    .addAgentInstance(f.agentInstance)
    .addAgent(f.agent)
    .addSkill(f.skill, f.skillArtifact)
    .addEnvironment(f.environment)
    .addExecution(f.executionId);
  fake.requireKnownExecutions = true;
  return { backend: fake, readStoredStatus: async (id) => fake.storedStatus.get(id), dispose: async () => {} };
});

describeStigmerBackendContract('gRPC client ↔ embedded local backend (loopback)', async (f) => {
  const data = await tempDataDir();
  await writeFixtureDataDir(data.dir, f);
  const server = await startLocalBackend({ dataDir: data.dir, port: 0 });
  await seedExecution(server.store, f.executionId, f.session.meta.id);
  const client = new GrpcStigmerBackend({ endpoint: server.address, apiKey: 'contract-key', tls: false, timeoutMs: 5_000, maxRetries: 1 });
  return {
    backend: client,
    readStoredStatus: async (id) => {
      const status = server.store.getExecution(id)?.status;
      return status ? statusFromProto(status) : undefined;
    },
    dispose: async () => {
      client.close();
      await server.stop();
      await data.cleanup();
    },
  };
});
