import { randomUUID } from 'node:crypto';
import { create, type MessageInitShape } from '@bufbuild/protobuf';
import { AgentExecutionSchema, type AgentExecution } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase } from '../../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import type { ExecutionStatus } from '../../../src/domain/status/execution-status';
import type { FaultStack } from './fault-stack';

/** A PENDING AgentExecution as stigmer-server would persist it, with any spec (it may point at nothing). */
export type ExecutionSpecInit = MessageInitShape<typeof AgentExecutionSchema>['spec'];

export function pendingExecution(spec: ExecutionSpecInit): AgentExecution {
  return create(AgentExecutionSchema, {
    apiVersion: 'agentic.stigmer.ai/v1',
    kind: 'AgentExecution',
    metadata: { id: `aex-${randomUUID()}`, org: 'local', name: 'bad-input', slug: 'bad-input' },
    spec,
    status: { phase: ExecutionPhase.EXECUTION_PENDING },
  });
}

/** Stores the execution as is (the embedded backend's create would refuse some of them), runs the workflow to its end. */
export async function runStoredExecution(stack: FaultStack, spec: ExecutionSpecInit): Promise<{ executionId: string; status: ExecutionStatus }> {
  const execution = pendingExecution(spec);
  await stack.backend.store.createExecution(execution);
  const handle = await stack.startWorkflow(execution);
  await handle.result().catch(() => undefined);
  return { executionId: execution.metadata!.id, status: stack.requireStatus(execution.metadata!.id) };
}
