import { EventEmitter } from 'node:events';
import { readFile } from 'node:fs/promises';
import { clone, type DescMessage, type MessageShape, toJsonString } from '@bufbuild/protobuf';
import { InvalidInputError, NotFoundError } from '../../domain/errors/domain-errors';
import { type Agent, AgentSchema } from '../proto/gen/ai/stigmer/agentic/agent/v1/api_pb';
import {
  type AgentExecution,
  AgentExecutionSchema,
  type AgentExecutionStatus,
} from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { type AgentInstance, AgentInstanceSchema } from '../proto/gen/ai/stigmer/agentic/agentinstance/v1/api_pb';
import { type Environment, EnvironmentSchema } from '../proto/gen/ai/stigmer/agentic/environment/v1/api_pb';
import { type Session, SessionSchema } from '../proto/gen/ai/stigmer/agentic/session/v1/api_pb';
import { type Skill, SkillSchema } from '../proto/gen/ai/stigmer/agentic/skill/v1/api_pb';
import type { ApiResourceReference } from '../proto/gen/ai/stigmer/commons/apiresource/io_pb';
import { KeyedQueue, writeFileAtomic } from './atomic-file';
import {
  AGENT_INSTANCE_KIND,
  AGENT_KIND,
  EXECUTION_KIND,
  type KindInfo,
  type LoadedSkill,
  loadDeclaredResources,
  loadStateResources,
  SESSION_KIND,
  statePath,
} from './resource-files';
import { mergeExecutionStatus } from './status-merge';
import { validateAgent, validateAgentInstance, validateSession } from './validate-resources';

export type ExecutionListener = (execution: AgentExecution) => void;

/**
 * The embedded backend's data: declared YAML resources plus API-written state, held in memory and written
 * through to disk (one JSON file per resource, atomic rename) so a restart loses nothing acknowledged.
 * Reads return copies; all mutations go through methods that persist before they resolve.
 */
export class LocalStore {
  private readonly sessions = new Map<string, Session>();
  private readonly agentInstances = new Map<string, AgentInstance>();
  private readonly agents = new Map<string, Agent>();
  private readonly executions = new Map<string, AgentExecution>();
  private skills: LoadedSkill[] = [];
  private environments: Environment[] = [];
  private readonly writes = new KeyedQueue();
  private readonly changes = new EventEmitter().setMaxListeners(0);

  private constructor(readonly dataDir: string) {}

  /** Loads and validates the data directory; an invalid file fails with an error naming it. */
  static async open(dataDir: string): Promise<LocalStore> {
    const store = new LocalStore(dataDir);
    const declared = await loadDeclaredResources(dataDir);
    const state = await loadStateResources(dataDir);
    putAllUnique(store.agents, declared.agents, 'agent');
    putAllUnique(store.agentInstances, declared.agentInstances, 'agent instance');
    putAllUnique(store.sessions, declared.sessions, 'session');
    // API-written state overrides a declared resource with the same id.
    for (const agent of state.agents) store.agents.set(agent.metadata!.id, agent);
    for (const instance of state.agentInstances) store.agentInstances.set(instance.metadata!.id, instance);
    for (const session of state.sessions) store.sessions.set(session.metadata!.id, session);
    for (const execution of state.executions) store.executions.set(execution.metadata!.id, execution);
    store.skills = declared.skills;
    store.environments = declared.environments;
    requireUniqueSlugs(declared.skills.map((s) => s.skill), 'skill');
    requireUniqueSlugs(declared.environments, 'environment');
    for (const agent of store.agents.values()) validateAgent(agent);
    for (const instance of store.agentInstances.values()) validateAgentInstance(instance, (id) => store.agents.has(id));
    for (const session of store.sessions.values()) validateSession(session, (id) => store.agentInstances.has(id));
    return store;
  }

  // --- reads ---

  getSession(id: string): Session | undefined {
    return copy(SessionSchema, this.sessions.get(id));
  }

  getAgentInstance(id: string): AgentInstance | undefined {
    return copy(AgentInstanceSchema, this.agentInstances.get(id));
  }

  getAgent(id: string): Agent | undefined {
    return copy(AgentSchema, this.agents.get(id));
  }

  /** By id, or by slug (first match). */
  findAgent(idOrSlug: string): Agent | undefined {
    const agent = this.agents.get(idOrSlug) ?? [...this.agents.values()].find((a) => a.metadata?.slug === idOrSlug);
    return copy(AgentSchema, agent);
  }

  listAgentSlugs(): string[] {
    return [...this.agents.values()].map((a) => a.metadata?.slug ?? '').filter(Boolean).sort();
  }

  /** The agent's default instance, else the first instance of the agent. */
  findInstanceForAgent(agentId: string): AgentInstance | undefined {
    const preferred = this.agents.get(agentId)?.status?.defaultInstanceId;
    const instance =
      (preferred ? this.agentInstances.get(preferred) : undefined) ??
      [...this.agentInstances.values()].find((i) => i.spec?.agentId === agentId);
    return copy(AgentInstanceSchema, instance);
  }

  getSkill(id: string): Skill | undefined {
    return copy(SkillSchema, this.skills.find((s) => s.skill.metadata?.id === id)?.skill);
  }

  /** stigmer-server's version resolution without audit history: ""/"latest" → current; tag or hash must match it. */
  findSkill(ref: ApiResourceReference): Skill | undefined {
    const skill = this.skills
      .map((s) => s.skill)
      .find((s) => s.metadata?.slug === ref.slug && (!ref.org || s.metadata?.org === ref.org));
    if (!skill) return undefined;
    const version = ref.version;
    const matches = !version || version === 'latest' || version === skill.spec?.tag || version === skill.status?.versionHash;
    return matches ? copy(SkillSchema, skill) : undefined;
  }

  findEnvironment(ref: ApiResourceReference): Environment | undefined {
    const env = this.environments.find((e) => e.metadata?.slug === ref.slug && (!ref.org || e.metadata?.org === ref.org));
    return copy(EnvironmentSchema, env);
  }

  async readArtifact(storageKey: string): Promise<Uint8Array | undefined> {
    const path = this.skills.find((s) => s.skill.status?.artifactStorageKey === storageKey)?.artifactPath;
    return path ? readFile(path) : undefined;
  }

  getExecution(id: string): AgentExecution | undefined {
    return copy(AgentExecutionSchema, this.executions.get(id));
  }

  // --- writes ---

  async saveAgent(agent: Agent): Promise<void> {
    validateAgent(agent);
    await this.saveResource(AGENT_KIND, this.agents, agent);
  }

  async saveAgentInstance(instance: AgentInstance): Promise<void> {
    validateAgentInstance(instance, (id) => this.agents.has(id));
    await this.saveResource(AGENT_INSTANCE_KIND, this.agentInstances, instance);
  }

  async saveSession(session: Session): Promise<void> {
    validateSession(session, (id) => this.agentInstances.has(id));
    await this.saveResource(SESSION_KIND, this.sessions, session);
  }

  /**
   * Stores a new execution with its secret runtime_env values replaced by a marker: secrets are never at rest
   * here. The caller keeps the original (it is the workflow input).
   */
  async createExecution(execution: AgentExecution): Promise<void> {
    const id = execution.metadata?.id ?? '';
    if (!id) throw new InvalidInputError('execution metadata.id', 'is required');
    const stored = withoutSecretValues(execution);
    await this.writes.run(`${EXECUTION_KIND.folder}/${id}`, async () => {
      if (this.executions.has(id)) throw new InvalidInputError('execution metadata.id', `${id} already exists`);
      await this.persist(EXECUTION_KIND, id, stored);
      this.executions.set(id, stored);
    });
    this.changes.emit(id, clone(AgentExecutionSchema, stored));
  }

  /** Applies the replace-if-non-empty rule, persists, notifies watchers; resolves with the merged execution. */
  async updateExecutionStatus(id: string, incoming: AgentExecutionStatus): Promise<AgentExecution> {
    const updated = await this.writes.run(`${EXECUTION_KIND.folder}/${id}`, async () => {
      const current = this.executions.get(id);
      if (!current) throw new NotFoundError('AgentExecution', id);
      const next = clone(AgentExecutionSchema, current);
      next.status = mergeExecutionStatus(current.status, incoming);
      await this.persist(EXECUTION_KIND, id, next);
      this.executions.set(id, next);
      return next;
    });
    this.changes.emit(id, clone(AgentExecutionSchema, updated));
    return clone(AgentExecutionSchema, updated);
  }

  /** Calls `listener` with the whole execution after each change; returns the unsubscribe function. */
  watchExecution(id: string, listener: ExecutionListener): () => void {
    this.changes.on(id, listener);
    return () => this.changes.off(id, listener);
  }

  /** Waits for in-flight writes. */
  async flush(): Promise<void> {
    await this.writes.drain();
  }

  private async saveResource<D extends DescMessage>(kind: KindInfo<D>, map: Map<string, MessageShape<D>>, message: MessageShape<D>) {
    const id = (message as { metadata?: { id: string } }).metadata?.id ?? '';
    await this.writes.run(`${kind.folder}/${id}`, async () => {
      await this.persist(kind, id, message);
      map.set(id, clone(kind.schema, message));
    });
  }

  private async persist<D extends DescMessage>(kind: KindInfo<D>, id: string, message: MessageShape<D>): Promise<void> {
    await writeFileAtomic(statePath(this.dataDir, kind, id), `${toJsonString(kind.schema, message, { prettySpaces: 2 })}\n`);
  }
}

export const REDACTED_SECRET = '[redacted]';

function withoutSecretValues(execution: AgentExecution): AgentExecution {
  const copy = clone(AgentExecutionSchema, execution);
  for (const value of Object.values(copy.spec?.runtimeEnv ?? {})) {
    if (value.isSecret) value.value = REDACTED_SECRET;
  }
  return copy;
}

function copy<D extends DescMessage>(schema: D, message: MessageShape<D> | undefined): MessageShape<D> | undefined {
  return message ? clone(schema, message) : undefined;
}

function putAllUnique<T extends { metadata?: { id: string } }>(target: Map<string, T>, items: T[], label: string): void {
  for (const item of items) {
    const id = item.metadata!.id;
    if (target.has(id)) throw new InvalidInputError(`${label} metadata.id`, `${id} is declared twice`);
    target.set(id, item);
  }
}

function requireUniqueSlugs(items: { metadata?: { slug: string; org: string } }[], label: string): void {
  const seen = new Set<string>();
  for (const item of items) {
    const key = `${item.metadata?.org}/${item.metadata?.slug}`;
    if (seen.has(key)) throw new InvalidInputError(`${label} metadata.slug`, `${key} is declared twice`);
    seen.add(key);
  }
}
