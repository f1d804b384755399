import { clone, create } from '@bufbuild/protobuf';
import {
  type AgentExecution,
  type AgentExecutionStatus,
  AgentExecutionStatusSchema,
} from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';

/**
 * stigmer-server's updateStatus rule (contract §4): per field, replace when the incoming value is non-empty.
 * Lists and the todos map are replaced whole; audit and callback_token are never taken from the request.
 */
export function mergeExecutionStatus(stored: AgentExecutionStatus | undefined, incoming: AgentExecutionStatus): AgentExecutionStatus {
  const merged = stored ? clone(AgentExecutionStatusSchema, stored) : create(AgentExecutionStatusSchema);
  if (incoming.messages.length > 0) merged.messages = incoming.messages;
  if (incoming.toolCalls.length > 0) merged.toolCalls = incoming.toolCalls;
  if (incoming.subAgentExecutions.length > 0) merged.subAgentExecutions = incoming.subAgentExecutions;
  if (Object.keys(incoming.todos).length > 0) merged.todos = incoming.todos;
  if (incoming.phase !== ExecutionPhase.EXECUTION_PHASE_UNSPECIFIED) merged.phase = incoming.phase;
  if (incoming.error !== '') merged.error = incoming.error;
  if (incoming.startedAt !== '') merged.startedAt = incoming.startedAt;
  if (incoming.completedAt !== '') merged.completedAt = incoming.completedAt;
  return merged;
}

export const TERMINAL_PHASES: ReadonlySet<ExecutionPhase> = new Set([
  ExecutionPhase.EXECUTION_COMPLETED,
  ExecutionPhase.EXECUTION_FAILED,
  ExecutionPhase.EXECUTION_CANCELLED,
]);

export function isTerminalExecution(execution: AgentExecution): boolean {
  return TERMINAL_PHASES.has(execution.status?.phase ?? ExecutionPhase.EXECUTION_PHASE_UNSPECIFIED);
}
