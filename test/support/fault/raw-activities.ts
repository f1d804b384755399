import { randomUUID } from 'node:crypto';
import type { WorkflowHandle } from '@temporalio/client';
import type { PlainPayload, RawCall } from '../temporal/test-workflows';
import type { FaultStack } from './fault-stack';

/**
 * Schedules runner activities with hand-built payloads (what any SDK could put on the wire, valid or not) through
 * the `rawActivityCalls` test workflow, one after another on the stack's runner queue. The workflow fails at the
 * first activity that fails.
 */
export function startRawActivityCalls(stack: FaultStack, calls: RawCall[]): Promise<WorkflowHandle> {
  return stack.temporalClient.workflow.start('rawActivityCalls', {
    workflowId: `raw-${randomUUID()}`,
    taskQueue: stack.workflowTaskQueue,
    args: [stack.runnerTaskQueue, calls],
  });
}

export function bytes(text: string): number[] {
  return Array.from(Buffer.from(text, 'utf8'));
}

/** `json/plain` with this value as JSON, like Go's default converter writes strings. */
export function plainPayload(value: unknown): PlainPayload {
  return { metadata: { encoding: bytes('json/plain') }, data: bytes(JSON.stringify(value)) };
}

/** `json/protobuf` with the given messageType and raw data (which need not be valid JSON). */
export function protoJsonPayload(messageType: string, data: string): PlainPayload {
  return { metadata: { encoding: bytes('json/protobuf'), messageType: bytes(messageType) }, data: bytes(data) };
}

export const AGENT_EXECUTION_TYPE = 'ai.stigmer.agentic.agentexecution.v1.AgentExecution';
