import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import type { ExecutionStatus } from '../../../domain/status/execution-status';
import type { Logger } from '../../../ports/logger.port';
import type { AgentExecution } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import type { AgentExecutionUpdateStatusInput } from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/command_pb';
import { statusFromProto } from '../../proto/mapping/status.mapping';
import { ACTIVITY } from '../contract';

/** Writes a status for an execution, e.g. the gRPC backend's updateExecutionStatus or a recording fake. */
export type StatusWriter = (executionId: string, status: ExecutionStatus) => Promise<void>;

/**
 * The activities stigmer-server's own worker registers next to the workflow, reimplemented for the dev stack:
 * `UpdateExecutionStatus` (Go writes the store directly; here it goes through `writeStatus`, i.e. the same
 * replace-if-non-empty updateStatus rule) and the callback-token completion.
 */
export function createStigmerActivities(writeStatus: StatusWriter, logger: Logger) {
  return {
    async [ACTIVITY.updateExecutionStatus](input: AgentExecutionUpdateStatusInput): Promise<void> {
      if (!input.executionId) {
        throw ApplicationFailure.nonRetryable('UpdateExecutionStatus: executionId is empty', 'InvalidInput');
      }
      if (!input.status) throw ApplicationFailure.nonRetryable('UpdateExecutionStatus: status is missing', 'InvalidInput');
      await writeStatus(input.executionId, statusFromProto(input.status));
      logger.info('execution status written by the workflow', { executionId: input.executionId });
    },
    async [ACTIVITY.completeExternalActivity](
      callbackToken: Uint8Array,
      result: AgentExecution | undefined,
      error: string | undefined,
    ): Promise<void> {
      const client = Context.current().client;
      if (error !== undefined) await client.activity.fail(callbackToken, new Error(error));
      else await client.activity.complete(callbackToken, result);
    },
  };
}
