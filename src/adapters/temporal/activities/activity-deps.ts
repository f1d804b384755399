import type { ExecutionRequest } from '../../../domain/model/execution';
import type { ExecutionStatus } from '../../../domain/status/execution-status';
import type { Logger } from '../../../ports/logger.port';
import type { Metrics } from '../../../ports/metrics.port';

/**
 * The ExecuteGraphton use case as this adapter sees it (structurally the application's ExecuteAgentUseCase;
 * adapters may not import src/application). It never throws for execution failures: it delivers and returns a
 * terminal status, CANCELLED once `signal` is aborted.
 */
export interface ExecuteAgent {
  execute(request: ExecutionRequest, threadId: string, signal: AbortSignal): Promise<ExecutionStatus>;
}

export interface ActivityDeps {
  executeAgent: ExecuteAgent;
  /** Best-effort removal of a sandbox by id (CleanupSandbox). */
  cleanupSandbox: (sandboxId: string) => Promise<void>;
  /** Thread id policy; defaults to the domain's threadIdFor with a suffix derived from the workflow run. */
  threadIdFor?: (sessionId: string, agentId: string) => string;
  logger: Logger;
  metrics: Metrics;
  /** Timer-driven heartbeat period for ExecuteGraphton; capped at 10 s and at a third of the heartbeat timeout. */
  heartbeatIntervalMs: number;
}
