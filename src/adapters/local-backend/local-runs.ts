import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { create } from '@bufbuild/protobuf';
import { InvalidInputError, NotFoundError } from '../../domain/errors/domain-errors';
import type { Agent } from '../proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import { type AgentExecution, AgentExecutionSchema } from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { AgentInstanceSchema, type AgentInstance } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { SessionSchema } from '../proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { ApiResourceOwnerScope } from '../proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import { API_VERSION } from '../proto/mapping/resources.mapping';
import { newResourceId } from './ids';
import { createExecution, createSession } from './local-commands';
import type { LocalStore } from './local-store';
import { AGENT_KIND, parseResourceYaml } from './resource-files';

/** What `agent-runner run`-style commands ask the embedded backend for. */
export interface LocalRunRequest {
  message: string;
  /** Agent slug or id in the store, or a path to an agent YAML file. Ignored when `sessionId` is given. */
  agent?: string;
  /** Continue an existing session (same sandbox/thread). */
  sessionId?: string;
  modelName?: string;
  runtimeEnv?: Record<string, { value: string; isSecret: boolean }>;
  org?: string;
}

export interface LocalRun {
  sessionId: string;
  executionId: string;
  /** As persisted (phase PENDING): the input of the agent-execution workflow. */
  execution: AgentExecution;
}

/** Creates (or reuses) the session and a PENDING execution, all persisted in the store. */
export async function createLocalRun(store: LocalStore, request: LocalRunRequest): Promise<LocalRun> {
  if (!request.message.trim()) throw new InvalidInputError('message', 'must not be empty');
  let sessionId = request.sessionId ?? '';
  let agentId = '';
  if (sessionId) {
    const session = store.getSession(sessionId);
    if (!session) throw new NotFoundError('session', sessionId);
    agentId = store.getAgentInstance(session.spec?.agentInstanceId ?? '')?.spec?.agentId ?? '';
  } else {
    if (!request.agent) throw new InvalidInputError('agent', 'an agent slug, id or YAML file is required to start a new session');
    const agent = await resolveAgent(store, request.agent);
    agentId = agent.metadata!.id;
    const instance = store.findInstanceForAgent(agentId) ?? (await createDefaultInstance(store, agent));
    const session = await createSession(
      store,
      create(SessionSchema, { spec: { agentInstanceId: instance.metadata!.id, subject: request.message.slice(0, 80) } }),
    );
    sessionId = session.metadata!.id;
  }
  const execution = await createExecution(
    store,
    create(AgentExecutionSchema, {
      metadata: { org: request.org ?? '' },
      spec: {
        sessionId,
        agentId,
        message: request.message,
        executionConfig: request.modelName ? { modelName: request.modelName } : undefined,
        runtimeEnv: request.runtimeEnv ?? {},
      },
    }),
  );
  return { sessionId, executionId: execution.metadata!.id, execution };
}

/**
 * A path to a YAML file registers (or replaces) that agent in the store's state; anything else is looked up
 * as an agent id or slug.
 */
export async function resolveAgent(store: LocalStore, agentRef: string): Promise<Agent> {
  if (/\.ya?ml$/i.test(agentRef) || existsSync(agentRef)) return registerAgentFile(store, agentRef);
  const agent = store.findAgent(agentRef);
  if (!agent) {
    const known = store.listAgentSlugs();
    throw new NotFoundError('agent', `${agentRef} (known agents: ${known.length > 0 ? known.join(', ') : 'none'})`);
  }
  return agent;
}

export async function registerAgentFile(store: LocalStore, path: string): Promise<Agent> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    throw new InvalidInputError('agent file', `${path} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  const agents = parseResourceYaml(text, AGENT_KIND, path);
  if (agents.length !== 1) throw new InvalidInputError('agent file', `${path} must declare exactly one Agent, found ${agents.length}`);
  await store.saveAgent(agents[0]);
  return agents[0];
}

async function createDefaultInstance(store: LocalStore, agent: Agent): Promise<AgentInstance> {
  const slug = `${agent.metadata!.slug}-default`;
  const instance = create(AgentInstanceSchema, {
    apiVersion: API_VERSION,
    kind: 'AgentInstance',
    metadata: { id: newResourceId('ain'), name: slug, slug, org: agent.metadata!.org, ownerScope: ApiResourceOwnerScope.organization },
    spec: { agentId: agent.metadata!.id, description: `Default instance of ${agent.metadata!.name}` },
  });
  await store.saveAgentInstance(instance);
  return instance;
}
