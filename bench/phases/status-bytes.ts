import { toBinary } from '@bufbuild/protobuf';
import { AgentExecutionStatusSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { statusToProto } from '../../src/adapters/proto/mapping/status.mapping';
import { requireCompleted, type BenchStack } from '../bench-stack';

export interface StatusBytesRep {
  updates: number;
  /** Sum of the protobuf size of every snapshot sent (what goes on the wire in updateStatus, less framing). */
  protoBytes: number;
  jsonBytes: number;
  /** Size of the last (terminal) snapshot alone: the floor any full-snapshot protocol pays once. */
  finalSnapshotBytes: number;
  toolCalls: number;
  messages: number;
}

/** Runs one long execution and reads what the recording backend saw for it. */
export async function statusBytesRep(stack: BenchStack, label: string): Promise<StatusBytesRep> {
  const run = requireCompleted(await stack.run(`${label}: work through the plan step by step.`));
  const updates = stack.statuses.updates(run.executionId);
  if (!updates || !run.status) throw new Error(`execution ${run.executionId}: no status update was recorded`);
  return {
    updates: updates.updates,
    protoBytes: updates.protoBytes,
    jsonBytes: updates.jsonBytes,
    finalSnapshotBytes: toBinary(AgentExecutionStatusSchema, statusToProto(run.status)).byteLength,
    toolCalls: run.status.toolCalls.length,
    messages: run.status.messages.length,
  };
}
