import { fromJson, type JsonObject } from '@bufbuild/protobuf';
import type { WorkflowHandle } from '@temporalio/client';
import { AgentExecutionStatusSchema } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { statusFromProto } from '../../../src/adapters/proto/mapping/status.mapping';
import type { ExecutionStatus } from '../../../src/domain/status/execution-status';
import { activityOutcomes, text } from '../temporal/history';

/** The status ExecuteGraphton returned to the workflow (read from the event history), or undefined. */
export async function returnedStatus(handle: WorkflowHandle): Promise<ExecutionStatus | undefined> {
  const graphton = (await activityOutcomes(handle)).find((a) => a.activityType === 'ExecuteGraphton');
  if (!graphton?.result) return undefined;
  const json = JSON.parse(text(graphton.result.data)) as JsonObject;
  return statusFromProto(fromJson(AgentExecutionStatusSchema, json));
}
