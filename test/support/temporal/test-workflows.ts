/**
 * Workflow bundle for the integration tests: the production copy of the invoke workflow plus a workflow that
 * schedules runner activities with hand-built raw payloads (what the Go SDK would put on the wire).
 */
import { RawValue, type Payload } from '@temporalio/common';
import { proxyActivities } from '@temporalio/workflow';
import { invokeAgentExecution } from '../../../src/adapters/temporal/workflows/invoke-agent-execution.workflow';

export { invokeAgentExecution as 'stigmer/agent-execution/invoke' };

/** A payload as plain JSON (byte arrays), so it crosses the workflow input untouched by the converter. */
export interface PlainPayload {
  metadata: Record<string, number[]>;
  data: number[];
}

export interface RawCall {
  activityType: string;
  args: PlainPayload[];
}

export async function rawActivityCalls(taskQueue: string, calls: RawCall[]): Promise<void> {
  const activities = proxyActivities<Record<string, (...args: unknown[]) => Promise<unknown>>>({
    taskQueue,
    startToCloseTimeout: '1m',
    heartbeatTimeout: '30s',
    retry: { maximumAttempts: 1 },
  });
  for (const call of calls) {
    await activities[call.activityType](...call.args.map((arg) => RawValue.fromPayload(toPayload(arg))));
  }
}

function toPayload(plain: PlainPayload): Payload {
  return {
    metadata: Object.fromEntries(Object.entries(plain.metadata).map(([key, bytes]) => [key, Uint8Array.from(bytes)])),
    data: Uint8Array.from(plain.data),
  };
}
