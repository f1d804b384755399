import { create } from '@bufbuild/protobuf';
import { status as GrpcCode } from '@grpc/grpc-js';
import { GrpcStigmerBackend } from '../../src/adapters/grpc/grpc-stigmer-backend';
import { AgentExecutionSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { AgentExecutionUpdateStatusInputSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { ExecutionPhase } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { EnvironmentSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/environment/v1/api_pb';
import { SessionSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { SessionIdSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/session/v1/io_pb';
import { ApiResourceReferenceSchema } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/io_pb';
import {
  BackendUnavailableError,
  ConfigurationError,
  InternalError,
  InvalidInputError,
  NotFoundError,
} from '../../src/domain/errors/domain-errors';
import { emptyStatus, type ExecutionStatus } from '../../src/domain/status/execution-status';
import { SpyServer } from './support/spy-server';

const UPDATE_STATUS = '/ai.stigmer.agentic.agentexecution.v1.AgentExecutionCommandController/updateStatus';
const GET_SESSION = '/ai.stigmer.agentic.session.v1.SessionQueryController/get';
const UPDATE_SESSION = '/ai.stigmer.agentic.session.v1.SessionCommandController/update';
const ENV_BY_REF = '/ai.stigmer.agentic.environment.v1.EnvironmentQueryController/getByReference';

const storedSession = () =>
  create(SessionSchema, {
    apiVersion: 'agentic.stigmer.ai/v1',
    kind: 'Session',
    metadata: { id: 'ses-1', slug: 's', org: 'acme', ownerScope: 2, labels: { keep: 'me' } },
    spec: { agentInstanceId: 'ain-1', subject: 'subj', metadata: { k: 'v' } },
  });

const inProgress = (contents: string[]): ExecutionStatus => ({
  ...emptyStatus('IN_PROGRESS'),
  messages: contents.map((content) => ({ type: 'AI' as const, content, timestamp: '', toolCalls: [] })),
});

describe('GrpcStigmerBackend against a spy server (wire paths, metadata, retries, deadlines)', () => {
  let spy: SpyServer;
  let endpoint: string;
  const clients: GrpcStigmerBackend[] = [];
  const newClient = (overrides: Partial<ConstructorParameters<typeof GrpcStigmerBackend>[0]> = {}) => {
    const client = new GrpcStigmerBackend({
      endpoint,
      apiKey: 'sk-test-123',
      tls: false,
      timeoutMs: 2_000,
      maxRetries: 3,
      retryBaseDelayMs: 20,
      retryMaxDelayMs: 100,
      ...overrides,
    });
    clients.push(client);
    return client;
  };

  beforeEach(async () => {
    spy = new SpyServer()
      .method(GET_SESSION, SessionIdSchema, SessionSchema, () => storedSession())
      .method(UPDATE_SESSION, SessionSchema, SessionSchema, (req) => req)
      .method(UPDATE_STATUS, AgentExecutionUpdateStatusInputSchema, AgentExecutionSchema, () => create(AgentExecutionSchema))
      .method(ENV_BY_REF, ApiResourceReferenceSchema, EnvironmentSchema, () => create(EnvironmentSchema, { metadata: { id: 'env-1' } }));
    endpoint = await spy.start();
  });

  afterEach(() => {
    for (const client of clients.splice(0)) client.close();
    spy.stop();
  });

  it('uses the exact lowerCamelCase wire paths and sends the bearer key on every call', async () => {
    const client = newClient();
    await client.getSession('ses-1');
    await client.updateExecutionStatus('aex-1', inProgress(['a']));
    await client.bindSandboxToSession('ses-1', 'sbx-1');
    expect(spy.calls.map((c) => c.path)).toEqual([GET_SESSION, UPDATE_STATUS, GET_SESSION, UPDATE_SESSION]);
    for (const call of spy.calls) expect(call.metadata.get('authorization')).toEqual(['Bearer sk-test-123']);
  });

  it('bindSandboxToSession sends back the whole fetched Session with only spec.sandbox_id changed', async () => {
    await newClient().bindSandboxToSession('ses-1', 'sbx-42');
    const sent = spy.callsTo(UPDATE_SESSION)[0].request as ReturnType<typeof storedSession>;
    const expected = storedSession();
    expected.spec!.sandboxId = 'sbx-42';
    expect(sent).toEqual(expected);
  });

  it('rewrites environment reference kind 52 to 0 and leaves 53 alone (gotcha 11)', async () => {
    const client = newClient();
    await client.getEnvironmentByReference({ scope: 2, org: 'acme', kind: 52, slug: 'dev', version: '' });
    await client.getEnvironmentByReference({ scope: 2, org: 'acme', kind: 53, slug: 'dev', version: '' });
    expect(spy.callsTo(ENV_BY_REF).map((c) => (c.request as { kind: number }).kind)).toEqual([0, 53]);
  });

  it('sends the full snapshot through statusToProto', async () => {
    await newClient().updateExecutionStatus('aex-1', { ...inProgress(['a', 'b']), error: 'e' });
    const sent = spy.callsTo(UPDATE_STATUS)[0].request as { executionId: string; status: { phase: number; error: string; messages: unknown[] } };
    expect(sent.executionId).toBe('aex-1');
    expect(sent.status.phase).toBe(ExecutionPhase.EXECUTION_IN_PROGRESS);
    expect(sent.status.messages).toHaveLength(2);
    expect(sent.status.error).toBe('e');
  });

  it('retries UNAVAILABLE with backoff and then succeeds', async () => {
    let failures = 2;
    spy.setBehaviour(GET_SESSION, () => {
      if (failures-- > 0) throw { code: GrpcCode.UNAVAILABLE, details: 'warming up' };
      return storedSession();
    });
    await expect(newClient().getSession('ses-1')).resolves.toMatchObject({ agentInstanceId: 'ain-1' });
    expect(spy.callsTo(GET_SESSION)).toHaveLength(3);
  });

  it('retries status updates too, and gives up after maxRetries with an error naming the endpoint', async () => {
    spy.setBehaviour(UPDATE_STATUS, () => {
      throw { code: GrpcCode.UNAVAILABLE, details: 'down' };
    });
    const err = await newClient({ maxRetries: 2 }).updateExecutionStatus('aex-1', inProgress(['a'])).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toContain(endpoint);
    expect((err as Error).message).toContain('aex-1');
    expect(spy.callsTo(UPDATE_STATUS)).toHaveLength(3);
  });

  it('puts a deadline on every attempt: a server that never answers becomes DEADLINE_EXCEEDED → retried → unavailable', async () => {
    spy.setBehaviour(GET_SESSION, () => new Promise(() => {}));
    const started = Date.now();
    const err = await newClient({ timeoutMs: 200, maxRetries: 1 }).getSession('ses-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BackendUnavailableError);
    expect((err as Error).message).toMatch(/DEADLINE_EXCEEDED/);
    expect(spy.callsTo(GET_SESSION)).toHaveLength(2);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('does not retry other failures and maps them to domain errors', async () => {
    const client = newClient();
    spy.setBehaviour(GET_SESSION, () => {
      throw { code: GrpcCode.NOT_FOUND, details: 'pipeline step LoadTarget failed: rpc error: code = NotFound desc = Session not found: ses-x' };
    });
    const notFound = await client.getSession('ses-x').catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(NotFoundError);
    expect((notFound as Error).message).toBe('session ses-x not found');

    spy.setBehaviour(GET_SESSION, () => {
      throw { code: GrpcCode.INVALID_ARGUMENT, details: 'value: value is required' };
    });
    const invalid = await client.getSession('ses-x').catch((e: unknown) => e);
    expect(invalid).toBeInstanceOf(InvalidInputError);
    expect((invalid as Error).message).toContain('value: value is required');

    spy.setBehaviour(GET_SESSION, () => {
      throw { code: GrpcCode.UNAUTHENTICATED, details: 'bad key' };
    });
    await expect(client.getSession('ses-x')).rejects.toBeInstanceOf(ConfigurationError);

    spy.setBehaviour(GET_SESSION, () => {
      throw { code: GrpcCode.INTERNAL, details: 'db exploded' };
    });
    await expect(client.getSession('ses-x')).rejects.toBeInstanceOf(InternalError);
    expect(spy.callsTo(GET_SESSION)).toHaveLength(4);
  });

  it('snapshots for one execution leave in call order even when sent concurrently', async () => {
    const order: number[] = [];
    spy.setBehaviour(UPDATE_STATUS, async (req) => {
      const n = (req as { status: { messages: unknown[] } }).status.messages.length;
      await new Promise((r) => setTimeout(r, n === 1 ? 50 : 0));
      order.push(n);
      return create(AgentExecutionSchema);
    });
    const client = newClient();
    await Promise.all([client.updateExecutionStatus('aex-1', inProgress(['a'])), client.updateExecutionStatus('aex-1', inProgress(['a', 'b']))]);
    expect(order).toEqual([1, 2]);
  });

  it('never sends a shorter list than last time, and nothing non-terminal after a terminal snapshot', async () => {
    const client = newClient();
    await client.updateExecutionStatus('aex-1', inProgress(['a', 'b']));
    await client.updateExecutionStatus('aex-1', inProgress(['a']));
    await client.updateExecutionStatus('aex-1', { ...inProgress(['a', 'b', 'c']), phase: 'COMPLETED' });
    await client.updateExecutionStatus('aex-1', inProgress(['a', 'b', 'c', 'late']));
    await client.updateExecutionStatus('aex-1', { ...inProgress(['again']), phase: 'FAILED' });
    const sent = spy.callsTo(UPDATE_STATUS).map((c) => (c.request as { status: { messages: { content: string }[] } }).status.messages.map((m) => m.content));
    expect(sent).toEqual([['a', 'b'], ['a', 'b'], ['a', 'b', 'c']]);
  });

  it('a terminal snapshot that failed may be retried by the caller; progress after it is still dropped', async () => {
    const client = newClient({ maxRetries: 0 });
    spy.setBehaviour(UPDATE_STATUS, () => {
      throw { code: GrpcCode.UNAVAILABLE, details: 'blip' };
    });
    await expect(client.updateExecutionStatus('aex-1', { ...inProgress(['a']), phase: 'COMPLETED' })).rejects.toBeInstanceOf(BackendUnavailableError);
    spy.setBehaviour(UPDATE_STATUS, () => create(AgentExecutionSchema));
    await client.updateExecutionStatus('aex-1', inProgress(['a', 'progress']));
    await client.updateExecutionStatus('aex-1', { ...inProgress(['a']), phase: 'COMPLETED' });
    const phases = spy.callsTo(UPDATE_STATUS).map((c) => (c.request as { status: { phase: number } }).status.phase);
    expect(phases).toEqual([ExecutionPhase.EXECUTION_COMPLETED, ExecutionPhase.EXECUTION_COMPLETED]);
  });

  it('rejects empty ids before calling the server', async () => {
    const client = newClient();
    await expect(client.getSession(' ')).rejects.toBeInstanceOf(InvalidInputError);
    await expect(client.bindSandboxToSession('ses-1', '')).rejects.toBeInstanceOf(InvalidInputError);
    expect(spy.calls).toHaveLength(0);
  });

  it('after close(), pending retries stop and new calls fail fast with a clear error', async () => {
    spy.setBehaviour(GET_SESSION, () => {
      throw { code: GrpcCode.UNAVAILABLE, details: 'down' };
    });
    const client = newClient({ maxRetries: 50, retryBaseDelayMs: 200, retryMaxDelayMs: 200 });
    const pending = client.getSession('ses-1').catch((e: unknown) => e);
    await new Promise((r) => setTimeout(r, 100));
    client.close();
    expect(await pending).toBeInstanceOf(BackendUnavailableError);
    await expect(client.getSession('ses-1')).rejects.toThrow(/closed/);
  });
});

describe('GrpcStigmerBackend configuration', () => {
  it('a missing custom CA file is a configuration error naming the file', () => {
    expect(
      () => new GrpcStigmerBackend({ endpoint: 'stigmer.example:443', apiKey: 'k', tls: true, caPath: '/nope/ca.pem', timeoutMs: 1000, maxRetries: 0 }),
    ).toThrow(/\/nope\/ca\.pem/);
  });
});
