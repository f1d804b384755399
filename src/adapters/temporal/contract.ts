/**
 * Names fixed by the Go stigmer-server workflow (contract §3). No imports: the workflow bundle uses this file too.
 */
export const ACTIVITY = {
  ensureThread: 'EnsureThread',
  executeGraphton: 'ExecuteGraphton',
  cleanupSandbox: 'CleanupSandbox',
  /** Go runs it as a local activity on the workflow worker. */
  updateExecutionStatus: 'UpdateExecutionStatus',
  completeExternalActivity: 'stigmer/system/complete-external-activity',
} as const;

export const INVOKE_WORKFLOW_TYPE = 'stigmer/agent-execution/invoke';
export const INVOKE_WORKFLOW_ID_PREFIX = 'stigmer/agent-execution/invoke/';
export const DEFAULT_RUNNER_TASK_QUEUE = 'agent_execution_runner';
export const DEFAULT_WORKFLOW_TASK_QUEUE = 'agent_execution_stigmer';
/** Memo key holding the runner's task queue (a plain JSON string). */
export const ACTIVITY_TASK_QUEUE_MEMO = 'activityTaskQueue';
/** The heartbeat timeout Go sets on ExecuteGraphton; the runner must heartbeat well within it. */
export const EXECUTE_GRAPHTON_HEARTBEAT_TIMEOUT_MS = 30_000;
