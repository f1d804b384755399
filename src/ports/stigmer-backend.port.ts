import type { Agent, AgentInstance, Environment, ResourceRef, Session, Skill } from '../domain/model/resources';
import type { ExecutionStatus } from '../domain/status/execution-status';

/**
 * What the runner needs from stigmer-server. Implementations throw domain errors
 * (NotFoundError, InvalidInputError, BackendUnavailableError) that name the resource.
 */
export interface StigmerBackend {
  getSession(sessionId: string): Promise<Session>;
  getAgentInstance(agentInstanceId: string): Promise<AgentInstance>;
  getAgent(agentId: string): Promise<Agent>;
  getSkillByReference(ref: ResourceRef): Promise<Skill>;
  getEnvironmentByReference(ref: ResourceRef): Promise<Environment>;
  getSkillArtifact(artifactStorageKey: string): Promise<Uint8Array>;
  /** Sends a full cumulative snapshot; the server replaces each non-empty list/field. */
  updateExecutionStatus(executionId: string, status: ExecutionStatus): Promise<void>;
  /** Fetches the whole Session, sets spec.sandbox_id and sends the whole Session back. */
  bindSandboxToSession(sessionId: string, sandboxId: string): Promise<void>;
}
