import { create } from '@bufbuild/protobuf';
import { ApplicationFailure, isCancellation, log, proxyActivities, proxyLocalActivities, workflowInfo } from '@temporalio/workflow';
import type { AgentExecution, AgentExecutionStatus } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import {
  AgentExecutionUpdateStatusInputSchema,
  type AgentExecutionUpdateStatusInput,
} from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { ExecutionPhase, MessageType } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { ACTIVITY, ACTIVITY_TASK_QUEUE_MEMO, DEFAULT_RUNNER_TASK_QUEUE } from '../contract';
import { failureDetails } from './failure-details';

/**
 * TypeScript copy of the Go `InvokeAgentExecutionWorkflow` (contract §3.2-§3.4), for the dev stack and tests only;
 * production runs the Go workflow inside stigmer-server and the runner worker never loads workflows.
 */

interface RunnerActivities {
  [ACTIVITY.ensureThread](sessionId: string, agentId: string): Promise<string>;
  [ACTIVITY.executeGraphton](execution: AgentExecution, threadId: string): Promise<AgentExecutionStatus | null | undefined>;
}

interface StigmerActivities {
  [ACTIVITY.updateExecutionStatus](input: AgentExecutionUpdateStatusInput): Promise<void>;
  [ACTIVITY.completeExternalActivity](callbackToken: Uint8Array, result: AgentExecution | undefined, error: string | undefined): Promise<void>;
}

const SYSTEM_ERROR_MESSAGE = 'Internal system error occurred during execution. Please contact support if this issue persists.';

export async function invokeAgentExecution(execution: AgentExecution): Promise<void> {
  const activityTaskQueue = runnerTaskQueue();
  const { EnsureThread } = proxyActivities<RunnerActivities>({
    taskQueue: activityTaskQueue,
    startToCloseTimeout: '30s',
    scheduleToStartTimeout: '1m',
    retry: { maximumAttempts: 3, initialInterval: '5s', backoffCoefficient: 2 },
  });
  const { ExecuteGraphton } = proxyActivities<RunnerActivities>({
    taskQueue: activityTaskQueue,
    startToCloseTimeout: '10m',
    scheduleToStartTimeout: '1m',
    heartbeatTimeout: '30s',
    retry: { maximumAttempts: 1, initialInterval: '10s', backoffCoefficient: 2 },
  });
  const executionId = execution.metadata?.id ?? '';
  const callbackToken = execution.spec?.callbackToken ?? new Uint8Array();

  try {
    const threadId = await EnsureThread(execution.spec?.sessionId ?? '', execution.spec?.agentId ?? '');
    const status = await ExecuteGraphton(execution, threadId);
    if (!status) throw ApplicationFailure.nonRetryable('agent-runner activity returned null status', 'NullStatus');
    // Like Go: the returned status is only logged; the runner persisted it itself through updateStatus.
    log.info('agent execution finished', {
      executionId,
      messages: status.messages.length,
      toolCalls: status.toolCalls.length,
      phase: ExecutionPhase[status.phase],
    });
    if (callbackToken.length > 0) await completeCallback(callbackToken, execution, undefined);
  } catch (err) {
    // A cancelled workflow writes nothing more (Go's write runs on the cancelled context and never happens).
    if (isCancellation(err)) throw err;
    const details = failureDetails(err, activityTaskQueue);
    log.error('agent execution failed', { executionId, details });
    await markFailed(executionId, details);
    if (callbackToken.length > 0) await completeCallback(callbackToken, undefined, details);
    throw ApplicationFailure.create({ message: 'Workflow execution failed', nonRetryable: true, cause: asError(err) });
  }
}

function runnerTaskQueue(): string {
  const fromMemo = workflowInfo().memo?.[ACTIVITY_TASK_QUEUE_MEMO];
  return typeof fromMemo === 'string' && fromMemo !== '' ? fromMemo : DEFAULT_RUNNER_TASK_QUEUE;
}

/** Replaces the stored messages with two system messages and sets FAILED, exactly as Go does (no `error` field). */
async function markFailed(executionId: string, details: string): Promise<void> {
  const { UpdateExecutionStatus } = proxyLocalActivities<StigmerActivities>({
    scheduleToCloseTimeout: '30s',
    retry: { maximumAttempts: 3, initialInterval: '2s' },
  });
  const now = new Date().toISOString();
  const input = create(AgentExecutionUpdateStatusInputSchema, {
    executionId,
    status: {
      phase: ExecutionPhase.EXECUTION_FAILED,
      messages: [
        { type: MessageType.MESSAGE_SYSTEM, content: SYSTEM_ERROR_MESSAGE, timestamp: now },
        { type: MessageType.MESSAGE_SYSTEM, content: `Error details: ${details}`, timestamp: now },
      ],
    },
  });
  try {
    await UpdateExecutionStatus(input);
  } catch (err) {
    log.error('could not write the FAILED status', { executionId, error: asError(err).message });
  }
}

async function completeCallback(token: Uint8Array, result: AgentExecution | undefined, error: string | undefined): Promise<void> {
  const activities = proxyActivities<StigmerActivities>({
    startToCloseTimeout: '1m',
    retry: { maximumAttempts: 3, initialInterval: '1s' },
  });
  try {
    await activities[ACTIVITY.completeExternalActivity](token, result, error);
  } catch (err) {
    log.error('could not complete the caller activity', { error: asError(err).message });
  }
}

function asError(err: unknown): Error {
  return err instanceof Error ? err : new Error(String(err));
}
