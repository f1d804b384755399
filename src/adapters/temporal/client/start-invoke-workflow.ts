import type { Client, WorkflowHandle } from '@temporalio/client';
import { InvalidInputError } from '../../../domain/errors/domain-errors';
import type { AgentExecution } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import {
  ACTIVITY_TASK_QUEUE_MEMO,
  DEFAULT_RUNNER_TASK_QUEUE,
  DEFAULT_WORKFLOW_TASK_QUEUE,
  INVOKE_WORKFLOW_ID_PREFIX,
  INVOKE_WORKFLOW_TYPE,
} from '../contract';

export interface StartInvokeOptions {
  /** Queue the workflow runs on (default `agent_execution_stigmer`). */
  workflowTaskQueue?: string;
  /** Runner queue put in the memo (default `agent_execution_runner`). */
  activityTaskQueue?: string;
}

/** Starts `stigmer/agent-execution/invoke` the way stigmer-server's workflow_creator.go does. */
export async function startInvokeWorkflow(
  client: Client,
  execution: AgentExecution,
  options: StartInvokeOptions = {},
): Promise<WorkflowHandle> {
  const executionId = execution.metadata?.id ?? '';
  if (!executionId) throw new InvalidInputError('execution.metadata.id', 'is required to start the invoke workflow');
  return client.workflow.start(INVOKE_WORKFLOW_TYPE, {
    workflowId: `${INVOKE_WORKFLOW_ID_PREFIX}${executionId}`,
    taskQueue: options.workflowTaskQueue ?? DEFAULT_WORKFLOW_TASK_QUEUE,
    args: [execution],
    memo: { [ACTIVITY_TASK_QUEUE_MEMO]: options.activityTaskQueue ?? DEFAULT_RUNNER_TASK_QUEUE },
    workflowRunTimeout: '10m',
  });
}
