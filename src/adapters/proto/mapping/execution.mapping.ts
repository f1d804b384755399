import type { ExecutionRequest } from '../../../domain/model/execution';
import type { EnvMap } from '../../../domain/model/resources';
import { InvalidInputError } from '../../../domain/errors/domain-errors';
import type { AgentExecution } from '../gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { statusFromProto } from './status.mapping';

/**
 * Wire AgentExecution -> the domain request ExecuteGraphton works on.
 * Throws InvalidInputError naming the field when the execution id is missing: without it no status can be
 * reported, so this is the one field the mapping itself insists on (the use case validates the rest).
 */
export function executionRequestFromProto(execution: AgentExecution, workflowId?: string): ExecutionRequest {
  const executionId = execution.metadata?.id ?? '';
  if (executionId === '') {
    throw new InvalidInputError('execution.metadata.id', 'is required (the execution id is empty)');
  }
  const spec = execution.spec;
  const request: ExecutionRequest = {
    executionId,
    org: execution.metadata?.org ?? '',
    sessionId: spec?.sessionId ?? '',
    agentId: spec?.agentId ?? '',
    message: spec?.message ?? '',
    modelName: spec?.executionConfig?.modelName ?? '',
    runtimeEnv: runtimeEnvFromProto(spec?.runtimeEnv ?? {}),
  };
  if (execution.status) request.initialStatus = statusFromProto(execution.status);
  if (workflowId) request.workflowId = workflowId;
  return request;
}

function runtimeEnvFromProto(runtimeEnv: Record<string, { value: string; isSecret: boolean }>): EnvMap {
  return Object.fromEntries(
    Object.entries(runtimeEnv).map(([name, entry]) => [name, { value: entry.value, isSecret: entry.isSecret }]),
  );
}
