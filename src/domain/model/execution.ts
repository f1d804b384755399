import type { EnvMap } from './resources';
import type { ExecutionStatus } from '../status/execution-status';

/** What ExecuteGraphton receives, already mapped from the AgentExecution message. */
export interface ExecutionRequest {
  executionId: string;
  org: string;
  sessionId: string;
  agentId: string;
  message: string;
  /** ExecutionConfig.model_name; empty when not overridden. */
  modelName: string;
  runtimeEnv: EnvMap;
  /** The status carried in the workflow input (normally phase PENDING). */
  initialStatus?: ExecutionStatus;
  /** Temporal workflow id, for logs only. */
  workflowId?: string;
}
