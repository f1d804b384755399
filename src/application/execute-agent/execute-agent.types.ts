import type { ExecutionRequest } from '../../domain/model/execution';
import type { ExecutionStatus } from '../../domain/status/execution-status';

export interface ExecuteAgentSettings {
  /** At most one progressive status flush per interval; tool start/end and phase changes flush at once. */
  statusFlushIntervalMs: number;
  maxToolResultChars: number;
  /** How long the terminal snapshot keeps being retried while the backend is down. */
  finalStatusRetryMs: number;
  recursionLimit: number;
  commandTimeoutMs: number;
  sessionLockWaitMs: number;
  skillsRoot: string;
  /** Worker's default model settings (the cascade's env/mode layers). */
  llm: { provider: string; model: string; maxTokens?: number; temperature?: number };
}

/** The ExecuteGraphton use case: never throws for execution failures, returns the terminal status. */
export interface ExecuteAgentUseCase {
  /**
   * Runs one execution to a terminal status (COMPLETED, FAILED or CANCELLED) and delivers it to the backend.
   * Aborting `signal` cancels the run; the returned status is then CANCELLED.
   */
  execute(request: ExecutionRequest, threadId: string, signal: AbortSignal): Promise<ExecutionStatus>;
}
