import type { Agent, AgentInstance, Environment, ResourceRef, Session, Skill } from '../../../src/domain/model/resources';
import type { ExecutionStatus } from '../../../src/domain/status/execution-status';
import type { StigmerBackend } from '../../../src/ports/stigmer-backend.port';

/** Rewrites of what the backend answers, to model data the embedded backend refuses to hold (e.g. a deleted agent). */
export interface Tampering {
  agentInstance?: (instance: AgentInstance) => AgentInstance;
  skill?: (skill: Skill) => Skill;
}

/**
 * The real gRPC backend with some answers rewritten on the way in. Everything else, including the errors the real
 * backend raises for what the rewrite points at, is the real thing.
 */
export class TamperingBackend implements StigmerBackend {
  constructor(
    private readonly inner: StigmerBackend,
    readonly tampering: Tampering = {},
  ) {}

  getSession(sessionId: string): Promise<Session> {
    return this.inner.getSession(sessionId);
  }

  async getAgentInstance(agentInstanceId: string): Promise<AgentInstance> {
    const instance = await this.inner.getAgentInstance(agentInstanceId);
    return this.tampering.agentInstance?.(instance) ?? instance;
  }

  getAgent(agentId: string): Promise<Agent> {
    return this.inner.getAgent(agentId);
  }

  async getSkillByReference(ref: ResourceRef): Promise<Skill> {
    const skill = await this.inner.getSkillByReference(ref);
    return this.tampering.skill?.(skill) ?? skill;
  }

  getEnvironmentByReference(ref: ResourceRef): Promise<Environment> {
    return this.inner.getEnvironmentByReference(ref);
  }

  getSkillArtifact(artifactStorageKey: string): Promise<Uint8Array> {
    return this.inner.getSkillArtifact(artifactStorageKey);
  }

  updateExecutionStatus(executionId: string, status: ExecutionStatus): Promise<void> {
    return this.inner.updateExecutionStatus(executionId, status);
  }

  bindSandboxToSession(sessionId: string, sandboxId: string): Promise<void> {
    return this.inner.bindSandboxToSession(sessionId, sandboxId);
  }

  close(): void {
    (this.inner as StigmerBackend & { close?: () => void }).close?.();
  }
}
