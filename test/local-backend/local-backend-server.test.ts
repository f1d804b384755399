import { clone, create } from '@bufbuild/protobuf';
import { type Client, status as GrpcCode } from '@grpc/grpc-js';
import { startLocalBackend, type LocalBackend } from '../../src/adapters/local-backend/local-backend-server';
import { deserializerFor, methodPath, serializerFor } from '../../src/adapters/proto/grpc-bridge';
import { AgentQueryController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agent/v1/query_pb';
import { AgentIdSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agent/v1/io_pb';
import {
  type AgentExecution,
  AgentExecutionSchema,
  AgentExecutionStatusSchema,
  AgentMessageSchema,
} from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import {
  AgentExecutionCommandController,
  AgentExecutionUpdateStatusInputSchema,
} from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { ExecutionPhase, MessageType } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { AgentExecutionIdSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/io_pb';
import { AgentExecutionQueryController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/query_pb';
import { EnvironmentQueryController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/environment/v1/query_pb';
import { SessionSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { SessionCommandController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/command_pb';
import { SessionIdSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/io_pb';
import { SessionQueryController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/query_pb';
import { GetArtifactRequestSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/skill/v1/io_pb';
import { SkillQueryController } from '../../src/adapters/proto/gen/ai/stigmer/agentic/skill/v1/query_pb';
import { ApiResourceOwnerScope } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import { ApiResourceReferenceSchema } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/io_pb';
import { contractFixtures, type ContractFixtures } from '../contracts/stigmer-backend.contract';
import { seedExecution, tempDataDir, writeFixtureDataDir } from './support/local-backend-fixtures';
import { rawClient, rawUnary, rawUnaryError } from './support/raw-grpc';

const updateStatus = AgentExecutionCommandController.method.updateStatus;

function statusWith(phase: ExecutionPhase, contents: string[]) {
  return create(AgentExecutionStatusSchema, {
    phase,
    messages: contents.map((content) => create(AgentMessageSchema, { type: MessageType.MESSAGE_AI, content })),
  });
}

describe('embedded local backend server', () => {
  let fixtures: ContractFixtures;
  let data: Awaited<ReturnType<typeof tempDataDir>>;
  let backend: LocalBackend;
  let client: Client;

  beforeEach(async () => {
    fixtures = contractFixtures();
    data = await tempDataDir();
    await writeFixtureDataDir(data.dir, fixtures);
    backend = await startLocalBackend({ dataDir: data.dir, port: 0 });
    await seedExecution(backend.store, fixtures.executionId, fixtures.session.meta.id);
    client = rawClient(backend.address);
  });

  afterEach(async () => {
    client.close();
    await backend.stop();
    await data.cleanup();
  });

  it('listens on loopback only, on the port it reports', () => {
    expect(backend.address).toBe(`127.0.0.1:${backend.port}`);
    expect(backend.port).toBeGreaterThan(0);
  });

  describe('NOT_FOUND with "<Kind> not found: <id>"', () => {
    it.each([
      ['Session', () => rawUnaryError(client, SessionQueryController.method.get, create(SessionIdSchema, { value: 'ses-nope' })), 'ses-nope'],
      ['Agent', () => rawUnaryError(client, AgentQueryController.method.get, create(AgentIdSchema, { value: 'agt-nope' })), 'agt-nope'],
      [
        'AgentExecution',
        () =>
          rawUnaryError(client, updateStatus, create(AgentExecutionUpdateStatusInputSchema, { executionId: 'aex-nope', status: statusWith(2, ['x']) })),
        'aex-nope',
      ],
      [
        'Artifact',
        () => rawUnaryError(client, SkillQueryController.method.getArtifact, create(GetArtifactRequestSchema, { artifactStorageKey: '../../etc/passwd' })),
        '../../etc/passwd',
      ],
    ])('%s', async (kind, call, id) => {
      const err = await call();
      expect(err.code).toBe(GrpcCode.NOT_FOUND);
      expect(err.details).toBe(`${kind} not found: ${id}`);
    });
  });

  describe('INVALID_ARGUMENT for malformed requests', () => {
    it('empty ids', async () => {
      const err = await rawUnaryError(client, SessionQueryController.method.get, create(SessionIdSchema));
      expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(err.details).toMatch(/SessionId\.value/);
      const artifactErr = await rawUnaryError(client, SkillQueryController.method.getArtifact, create(GetArtifactRequestSchema));
      expect(artifactErr.code).toBe(GrpcCode.INVALID_ARGUMENT);
    });

    it('updateStatus without execution id or without status', async () => {
      const noId = await rawUnaryError(client, updateStatus, create(AgentExecutionUpdateStatusInputSchema, { status: statusWith(2, ['x']) }));
      expect(noId.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(noId.details).toMatch(/execution_id/);
      const noStatus = await rawUnaryError(client, updateStatus, create(AgentExecutionUpdateStatusInputSchema, { executionId: fixtures.executionId }));
      expect(noStatus.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(noStatus.details).toMatch(/status/);
    });

    it('environment getByReference with a kind other than 0 or 53 is a kind mismatch (52 included, as upstream)', async () => {
      for (const kind of [52, 43]) {
        const err = await rawUnaryError(
          client,
          EnvironmentQueryController.method.getByReference,
          create(ApiResourceReferenceSchema, { slug: fixtures.environment.meta.slug, kind }),
        );
        expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
        expect(err.details).toMatch(/kind mismatch/);
      }
      const ok = await rawUnary(
        client,
        EnvironmentQueryController.method.getByReference,
        create(ApiResourceReferenceSchema, { slug: fixtures.environment.meta.slug, kind: 53 }),
      );
      expect(ok.metadata?.id).toBe(fixtures.environment.meta.id);
    });

    it('references with a bad version pattern, an undefined scope or no slug', async () => {
      const getByRef = SkillQueryController.method.getByReference;
      for (const ref of [{ slug: 'contract-skill', version: 'not a version!' }, { slug: 'contract-skill', scope: 9 }, { slug: '' }]) {
        const err = await rawUnaryError(client, getByRef, create(ApiResourceReferenceSchema, ref));
        expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
      }
    });

    it('session update validates the whole Session', async () => {
      const session = await rawUnary(client, SessionQueryController.method.get, create(SessionIdSchema, { value: fixtures.session.meta.id }));
      session.metadata!.ownerScope = ApiResourceOwnerScope.platform;
      const err = await rawUnaryError(client, SessionCommandController.method.update, session);
      expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(err.details).toMatch(/owner_scope/);
      const withoutInstance = clone(SessionSchema, session);
      withoutInstance.metadata!.ownerScope = ApiResourceOwnerScope.organization;
      withoutInstance.spec!.agentInstanceId = '';
      const noInstance = await rawUnaryError(client, SessionCommandController.method.update, withoutInstance);
      expect(noInstance.details).toMatch(/agent_instance_id/);
    });
  });

  describe('updateStatus replace-if-non-empty (the server rule, without any client guard)', () => {
    const send = (phase: ExecutionPhase, contents: string[], error = '') => {
      const status = statusWith(phase, contents);
      status.error = error;
      return rawUnary(client, updateStatus, create(AgentExecutionUpdateStatusInputSchema, { executionId: fixtures.executionId, status }));
    };

    it('empty lists do not clear, non-empty lists replace (even shorter ones), phase/error only when set', async () => {
      await send(ExecutionPhase.EXECUTION_IN_PROGRESS, ['a', 'b']);
      let stored = await send(ExecutionPhase.EXECUTION_PHASE_UNSPECIFIED, [], 'oops');
      expect(stored.status?.messages.map((m) => m.content)).toEqual(['a', 'b']);
      expect(stored.status?.phase).toBe(ExecutionPhase.EXECUTION_IN_PROGRESS);
      expect(stored.status?.error).toBe('oops');
      stored = await send(ExecutionPhase.EXECUTION_IN_PROGRESS, ['z']);
      expect(stored.status?.messages.map((m) => m.content)).toEqual(['z']);
      expect(stored.status?.error).toBe('oops');
    });

    it('keeps the audit the server set at create and returns the whole execution', async () => {
      const stored = await send(ExecutionPhase.EXECUTION_IN_PROGRESS, ['a']);
      expect(stored.metadata?.id).toBe(fixtures.executionId);
      expect(stored.spec?.sessionId).toBe(fixtures.session.meta.id);
      expect(stored.status?.audit?.specAudit?.event).toBe('created');
    });
  });

  describe('subscribe', () => {
    const subscribe = (id: string) => {
      const method = AgentExecutionQueryController.method.subscribe;
      const received: AgentExecution[] = [];
      const call = client.makeServerStreamRequest(
        methodPath(method),
        serializerFor(method.input),
        deserializerFor(method.output),
        create(AgentExecutionIdSchema, { value: id }),
      );
      const ended = new Promise<void>((resolve, reject) => {
        call.on('data', (execution: AgentExecution) => received.push(execution));
        call.on('end', resolve);
        call.on('error', reject);
      });
      return { received, ended, call };
    };
    const waitFor = async (check: () => boolean) => {
      for (let i = 0; i < 200 && !check(); i++) await new Promise((r) => setTimeout(r, 10));
      expect(check()).toBe(true);
    };

    it('sends the current state, then each change, and closes after a terminal phase', async () => {
      const sub = subscribe(fixtures.executionId);
      await waitFor(() => sub.received.length === 1);
      expect(sub.received[0].status?.phase).toBe(ExecutionPhase.EXECUTION_PENDING);
      const send = (phase: ExecutionPhase, contents: string[]) =>
        rawUnary(client, updateStatus, create(AgentExecutionUpdateStatusInputSchema, { executionId: fixtures.executionId, status: statusWith(phase, contents) }));
      await send(ExecutionPhase.EXECUTION_IN_PROGRESS, ['a']);
      await send(ExecutionPhase.EXECUTION_COMPLETED, ['a', 'b']);
      await sub.ended;
      expect(sub.received.map((e) => e.status?.phase)).toEqual([
        ExecutionPhase.EXECUTION_PENDING,
        ExecutionPhase.EXECUTION_IN_PROGRESS,
        ExecutionPhase.EXECUTION_COMPLETED,
      ]);
      expect(sub.received[2].status?.messages.map((m) => m.content)).toEqual(['a', 'b']);
    });

    it('an already finished execution yields its state once and closes', async () => {
      await backend.store.updateExecutionStatus(fixtures.executionId, statusWith(ExecutionPhase.EXECUTION_FAILED, ['x']));
      const sub = subscribe(fixtures.executionId);
      await sub.ended;
      expect(sub.received).toHaveLength(1);
      expect(sub.received[0].status?.phase).toBe(ExecutionPhase.EXECUTION_FAILED);
    });

    it('an unknown execution ends with NOT_FOUND', async () => {
      const sub = subscribe('aex-nope');
      await expect(sub.ended).rejects.toMatchObject({ code: GrpcCode.NOT_FOUND, details: 'AgentExecution not found: aex-nope' });
    });

    it('a cancelled subscriber is forgotten and later updates still work', async () => {
      const sub = subscribe(fixtures.executionId);
      await waitFor(() => sub.received.length === 1);
      sub.call.cancel();
      await expect(sub.ended).rejects.toMatchObject({ code: GrpcCode.CANCELLED });
      const stored = await rawUnary(
        client,
        updateStatus,
        create(AgentExecutionUpdateStatusInputSchema, { executionId: fixtures.executionId, status: statusWith(2, ['after']) }),
      );
      expect(stored.status?.messages[0].content).toBe('after');
    });
  });

  describe('create', () => {
    it('AgentExecution create: PENDING, aex- id, and a new session when only the agent is given', async () => {
      const created = await rawUnary(
        client,
        AgentExecutionCommandController.method.create,
        create(AgentExecutionSchema, { spec: { agentId: fixtures.agent.meta.id, message: 'hello' } }),
      );
      expect(created.metadata?.id).toMatch(/^aex-[0-9a-hjkmnp-tv-z]{26}$/);
      expect(created.status?.phase).toBe(ExecutionPhase.EXECUTION_PENDING);
      const session = await rawUnary(client, SessionQueryController.method.get, create(SessionIdSchema, { value: created.spec!.sessionId }));
      expect(session.spec?.agentInstanceId).toBe(fixtures.agentInstance.meta.id);
      expect(session.metadata?.id).toMatch(/^ses-/);
    });

    it('AgentExecution create without a message is INVALID_ARGUMENT', async () => {
      const err = await rawUnaryError(
        client,
        AgentExecutionCommandController.method.create,
        create(AgentExecutionSchema, { spec: { sessionId: fixtures.session.meta.id } }),
      );
      expect(err.code).toBe(GrpcCode.INVALID_ARGUMENT);
      expect(err.details).toMatch(/message/);
    });
  });
});
