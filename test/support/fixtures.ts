import type { Agent, AgentInstance, Environment, Session, Skill } from '../../src/domain/model/resources';
import type { ExecutionRequest } from '../../src/domain/model/execution';
import { FakeStigmerBackend } from '../../src/adapters/fakes/fake-stigmer-backend';

/** A small, complete Stigmer world: session → instance → agent with one skill and one environment. */
export const ids = {
  session: 'ses-01jtest0000000000000000001',
  instance: 'ain-01jtest0000000000000000001',
  agent: 'agt-01jtest0000000000000000001',
  execution: 'aex-01jtest0000000000000000001',
  skill: 'skl-01jtest0000000000000000001',
  environment: 'env-01jtest0000000000000000001',
};

export const SKILL_HASH = 'a'.repeat(64);
export const CANARY_SECRET = 'canary-secret-7f3a9c1e55';

export function meta(id: string, slug: string, org = 'acme') {
  return { id, name: slug, slug, org };
}

export function session(overrides: Partial<Session> = {}): Session {
  return { meta: meta(ids.session, 'test-session'), agentInstanceId: ids.instance, subject: '', threadId: '', sandboxId: '', metadata: {}, ...overrides };
}

export function agentInstance(overrides: Partial<AgentInstance> = {}): AgentInstance {
  return {
    meta: meta(ids.instance, 'test-instance'),
    agentId: ids.agent,
    environmentRefs: [{ scope: 2, org: 'acme', kind: 52, slug: 'test-env', version: '' }],
    ...overrides,
  };
}

export function agent(overrides: Partial<Agent> = {}): Agent {
  return {
    meta: meta(ids.agent, 'test-agent'),
    description: 'An agent for tests',
    instructions: 'You are a careful test agent.',
    skillRefs: [{ scope: 2, org: 'acme', kind: 43, slug: 'greeter', version: '' }],
    subAgents: [],
    mcpServers: [],
    envSpec: { GREETING: { value: 'hello', isSecret: false }, API_TOKEN: { value: 'agent-default', isSecret: true } },
    ...overrides,
  };
}

export function skill(overrides: Partial<Skill> = {}): Skill {
  return {
    meta: meta(ids.skill, 'greeter'),
    skillMd: '# Greeter\nSay hello.',
    tag: '',
    versionHash: SKILL_HASH,
    artifactStorageKey: '',
    state: 'READY',
    ...overrides,
  };
}

export function environment(overrides: Partial<Environment> = {}): Environment {
  return {
    meta: meta(ids.environment, 'test-env'),
    data: { API_TOKEN: { value: CANARY_SECRET, isSecret: true }, REGION: { value: 'eu-west-1', isSecret: false } },
    ...overrides,
  };
}

export function seededBackend(): FakeStigmerBackend {
  return new FakeStigmerBackend()
    .addSession(session())
    .addAgentInstance(agentInstance())
    .addAgent(agent())
    .addSkill(skill())
    .addEnvironment(environment());
}

export function executionRequest(overrides: Partial<ExecutionRequest> = {}): ExecutionRequest {
  return {
    executionId: ids.execution,
    org: 'acme',
    sessionId: ids.session,
    agentId: ids.agent,
    message: 'Say hello',
    modelName: '',
    runtimeEnv: { RUN_ID: { value: '42', isSecret: false } },
    ...overrides,
  };
}
