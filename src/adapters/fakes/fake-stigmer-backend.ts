import { BackendUnavailableError, InvalidInputError, NotFoundError } from '../../domain/errors/domain-errors';
import type { Agent, AgentInstance, Environment, ResourceRef, Session, Skill } from '../../domain/model/resources';
import { isTerminalPhase, type ExecutionStatus } from '../../domain/status/execution-status';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';

const ENVIRONMENT_KIND = 53;
const QUIRKY_ENVIRONMENT_KIND = 52;

/**
 * In-memory Stigmer backend for tests and the contract suite. It applies the server's replace-if-non-empty
 * status rule, so tests can assert what a real server would have stored.
 */
export class FakeStigmerBackend implements StigmerBackend {
  readonly sessions = new Map<string, Session>();
  readonly agentInstances = new Map<string, AgentInstance>();
  readonly agents = new Map<string, Agent>();
  readonly skills: Skill[] = [];
  readonly environments: Environment[] = [];
  readonly artifacts = new Map<string, Uint8Array>();
  /** Stored status per execution, after the server's merge rule. */
  readonly storedStatus = new Map<string, ExecutionStatus>();
  /** Every snapshot received, in order, per execution. */
  readonly statusUpdates = new Map<string, ExecutionStatus[]>();
  /** When true every call fails with BackendUnavailableError (simulates an outage). */
  down = false;
  /** Optional failure injection for getSkillArtifact. */
  failArtifacts = false;
  /** When true, status updates for ids not added with addExecution fail with NotFoundError, like the server. */
  requireKnownExecutions = false;
  private readonly knownExecutions = new Set<string>();

  addSession(session: Session): this {
    this.sessions.set(session.meta.id, session);
    return this;
  }
  addAgentInstance(instance: AgentInstance): this {
    this.agentInstances.set(instance.meta.id, instance);
    return this;
  }
  addAgent(agent: Agent): this {
    this.agents.set(agent.meta.id, agent);
    return this;
  }
  addSkill(skill: Skill, artifact?: Uint8Array): this {
    this.skills.push(skill);
    if (artifact && skill.artifactStorageKey) this.artifacts.set(skill.artifactStorageKey, artifact);
    return this;
  }
  addExecution(executionId: string): this {
    this.knownExecutions.add(executionId);
    return this;
  }
  addEnvironment(environment: Environment): this {
    this.environments.push(environment);
    return this;
  }

  async getSession(sessionId: string): Promise<Session> {
    this.ensureUp();
    requireId('session id', sessionId);
    return structuredClone(found(this.sessions.get(sessionId), 'session', sessionId));
  }

  async getAgentInstance(agentInstanceId: string): Promise<AgentInstance> {
    this.ensureUp();
    requireId('agent instance id', agentInstanceId);
    return structuredClone(found(this.agentInstances.get(agentInstanceId), 'agent instance', agentInstanceId));
  }

  async getAgent(agentId: string): Promise<Agent> {
    this.ensureUp();
    requireId('agent id', agentId);
    return structuredClone(found(this.agents.get(agentId), 'agent', agentId));
  }

  async getSkillByReference(ref: ResourceRef): Promise<Skill> {
    this.ensureUp();
    requireId('skill reference slug', ref.slug);
    const skill = this.skills.find(
      (s) =>
        s.meta.slug === ref.slug &&
        (!ref.org || s.meta.org === ref.org) &&
        (!ref.version || ref.version === 'latest' || ref.version === s.tag || ref.version === s.versionHash),
    );
    return structuredClone(found(skill, 'skill', refLabel(ref)));
  }

  async getEnvironmentByReference(ref: ResourceRef): Promise<Environment> {
    this.ensureUp();
    requireId('environment reference slug', ref.slug);
    if (ref.kind !== 0 && ref.kind !== ENVIRONMENT_KIND && ref.kind !== QUIRKY_ENVIRONMENT_KIND) {
      throw new InvalidInputError('environment reference kind', `kind mismatch (${ref.kind})`);
    }
    const env = this.environments.find((e) => e.meta.slug === ref.slug && (!ref.org || e.meta.org === ref.org));
    return structuredClone(found(env, 'environment', refLabel(ref)));
  }

  async getSkillArtifact(artifactStorageKey: string): Promise<Uint8Array> {
    this.ensureUp();
    requireId('artifact storage key', artifactStorageKey);
    if (this.failArtifacts) throw new BackendUnavailableError(`artifact ${artifactStorageKey} could not be downloaded`);
    return found(this.artifacts.get(artifactStorageKey), 'skill artifact', artifactStorageKey);
  }

  async updateExecutionStatus(executionId: string, status: ExecutionStatus): Promise<void> {
    this.ensureUp();
    requireId('execution id', executionId);
    if (this.requireKnownExecutions && !this.knownExecutions.has(executionId)) throw new NotFoundError('execution', executionId);
    const snapshot = structuredClone(status);
    const updates = this.statusUpdates.get(executionId) ?? [];
    updates.push(snapshot);
    this.statusUpdates.set(executionId, updates);
    this.storedStatus.set(executionId, guardedMerge(this.storedStatus.get(executionId), snapshot));
  }

  async bindSandboxToSession(sessionId: string, sandboxId: string): Promise<void> {
    this.ensureUp();
    const session = found(this.sessions.get(sessionId), 'session', sessionId);
    this.sessions.set(sessionId, { ...session, sandboxId });
  }

  /** The last snapshot received for an execution (undefined if none). */
  lastUpdate(executionId: string): ExecutionStatus | undefined {
    const updates = this.statusUpdates.get(executionId);
    return updates?.[updates.length - 1];
  }

  terminalUpdates(executionId: string): ExecutionStatus[] {
    return (this.statusUpdates.get(executionId) ?? []).filter((s) => isTerminalPhase(s.phase));
  }

  private ensureUp(): void {
    if (this.down) throw new BackendUnavailableError('stigmer backend (fake) is unavailable');
  }
}

/** The server's per-field replace-if-non-empty rule (contract §4). */
export function mergeStatus(stored: ExecutionStatus | undefined, incoming: ExecutionStatus): ExecutionStatus {
  const base = stored ?? incoming;
  return {
    phase: incoming.phase !== 'UNSPECIFIED' ? incoming.phase : base.phase,
    messages: incoming.messages.length > 0 ? incoming.messages : base.messages,
    toolCalls: incoming.toolCalls.length > 0 ? incoming.toolCalls : base.toolCalls,
    subAgentExecutions: incoming.subAgentExecutions.length > 0 ? incoming.subAgentExecutions : base.subAgentExecutions,
    todos: Object.keys(incoming.todos).length > 0 ? incoming.todos : base.todos,
    error: incoming.error !== '' ? incoming.error : base.error,
    startedAt: incoming.startedAt !== '' ? incoming.startedAt : base.startedAt,
    completedAt: incoming.completedAt !== '' ? incoming.completedAt : base.completedAt,
  };
}

/**
 * What the server ends up storing behind the real client, whose delivery guard never lets a shorter list erase
 * delivered history and sends nothing non-terminal after a terminal snapshot. `statusUpdates` still records
 * every snapshot the caller handed over, so callers' own ordering bugs stay visible.
 */
function guardedMerge(stored: ExecutionStatus | undefined, incoming: ExecutionStatus): ExecutionStatus {
  if (!stored) return mergeStatus(undefined, incoming);
  if (isTerminalPhase(stored.phase)) return stored;
  return keepLonger(stored, incoming);
}

function keepLonger(stored: ExecutionStatus, incoming: ExecutionStatus): ExecutionStatus {
  const merged = mergeStatus(stored, incoming);
  if (merged.messages.length < stored.messages.length) merged.messages = stored.messages;
  if (merged.toolCalls.length < stored.toolCalls.length) merged.toolCalls = stored.toolCalls;
  if (merged.subAgentExecutions.length < stored.subAgentExecutions.length) merged.subAgentExecutions = stored.subAgentExecutions;
  return merged;
}

function requireId(field: string, value: string): void {
  if (!value) throw new InvalidInputError(field, 'must not be empty');
}

function found<T>(value: T | undefined, kind: string, id: string): T {
  if (value === undefined) throw new NotFoundError(kind, id);
  return value;
}

function refLabel(ref: ResourceRef): string {
  return `${ref.org ? `${ref.org}/` : ''}${ref.slug}${ref.version ? `@${ref.version}` : ''}`;
}
