import { fromJson, isMessage, type JsonValue } from '@bufbuild/protobuf';
import { ApplicationFailure, CancelledFailure, Context } from '@temporalio/activity';
import { describeError } from '../../../domain/errors/domain-errors';
import type { ExecutionRequest } from '../../../domain/model/execution';
import { emptyStatus, type ExecutionStatus } from '../../../domain/status/execution-status';
import {
  AgentExecutionSchema,
  type AgentExecution,
  type AgentExecutionStatus,
} from '../../proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { executionRequestFromProto } from '../../proto/mapping/execution.mapping';
import { statusToProto } from '../../proto/mapping/status.mapping';
import type { ActivityDeps } from './activity-deps';
import { startHeartbeatTimer } from './heartbeat-timer';

/** Cancel reasons that mean the server rejected our heartbeat (the activity is gone or timed out server-side). */
const HEARTBEAT_REJECTED = new Set(['NOT_FOUND', 'TIMED_OUT', 'HEARTBEAT_DETAILS_CONVERSION_FAILED']);

/**
 * ExecuteGraphton(execution: AgentExecution, threadId) -> AgentExecutionStatus.
 *
 * Failures come back as a FAILED status (the workflow then keeps the conversation); only cancellation throws.
 * Exception: when the worker itself is shutting down, the CANCELLED status is returned instead of thrown, because
 * the Go workflow turns any activity error into a FAILED write that would overwrite the CANCELLED the use case sent.
 */
export function createExecuteGraphton(deps: ActivityDeps) {
  return async function ExecuteGraphton(execution: unknown, threadId: unknown): Promise<AgentExecutionStatus> {
    const ctx = Context.current();
    const { info } = ctx;
    const log = deps.logger.child({ activity: info.activityType, workflowId: info.workflowExecution?.workflowId, attempt: info.attempt });
    const stopHeartbeats = startHeartbeatTimer({
      intervalMs: deps.heartbeatIntervalMs,
      heartbeatTimeoutMs: info.heartbeatTimeoutMs,
      heartbeat: () => ctx.heartbeat(),
      onFailure: (err) => {
        deps.metrics.heartbeatFailed();
        log.warn('heartbeat failed', { error: describeError(err) });
      },
    });
    const signal = ctx.cancellationSignal;
    try {
      let request: ExecutionRequest;
      try {
        request = executionRequestFromProto(asAgentExecution(execution), info.workflowExecution?.workflowId);
      } catch (err) {
        log.error('ExecuteGraphton received an unusable execution', { error: describeError(err) });
        return statusToProto(failedStatus(`invalid ExecuteGraphton input: ${describeError(err)}`));
      }
      const runLog = log.child({ executionId: request.executionId });
      runLog.info('execution started', { sessionId: request.sessionId, agentId: request.agentId });
      let status: ExecutionStatus;
      try {
        status = await deps.executeAgent.execute(request, typeof threadId === 'string' ? threadId : '', readableCancellation(signal));
      } catch (err) {
        if (signal.aborted && !isWorkerShutdown(signal)) throw cancellationOf(signal);
        runLog.error('the execute-agent use case threw instead of returning a status', { error: describeError(err) });
        // The status was probably never delivered, so let the workflow write FAILED rather than leave it running.
        throw ApplicationFailure.nonRetryable(`ExecuteGraphton failed: ${describeError(err)}`, 'ExecuteGraphtonError');
      }
      if (signal.aborted) noteCancellation(signal, deps, runLog);
      if (status.phase === 'CANCELLED' && signal.aborted && !isWorkerShutdown(signal)) {
        runLog.info('execution cancelled', { reason: cancelReason(signal) });
        throw cancellationOf(signal);
      }
      runLog.info('execution finished', { phase: status.phase });
      return statusToProto(status);
    } finally {
      stopHeartbeats();
    }
  };
}

/** Accepts the decoded message, or a plain JSON object if a caller sent `json/plain`. */
function asAgentExecution(value: unknown): AgentExecution {
  if (isMessage(value, AgentExecutionSchema)) return value;
  if (value === null || value === undefined) throw new Error('the execution argument is missing');
  // A payload whose messageType names another message decodes to that message: never reinterpret it.
  if (isMessage(value)) throw new Error(`the execution argument is a ${value.$typeName}, not an AgentExecution`);
  if (value instanceof Uint8Array) throw new Error('the execution argument must be an AgentExecution, got binary data');
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new Error(`the execution argument must be an AgentExecution, got ${Array.isArray(value) ? 'an array' : typeof value}`);
  }
  try {
    return fromJson(AgentExecutionSchema, value as JsonValue, { ignoreUnknownFields: true });
  } catch (err) {
    throw new Error(`the execution argument is not a valid AgentExecution: ${describeError(err)}`);
  }
}

function failedStatus(message: string): ExecutionStatus {
  const status = emptyStatus('FAILED');
  status.error = message;
  status.completedAt = new Date().toISOString();
  status.messages.push({ type: 'SYSTEM', content: `❌ Error: ${message}`, timestamp: status.completedAt, toolCalls: [] });
  return status;
}

function cancelReason(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  return reason instanceof CancelledFailure ? reason.message : describeError(reason);
}

function isWorkerShutdown(signal: AbortSignal): boolean {
  return cancelReason(signal) === 'WORKER_SHUTDOWN';
}

function cancellationOf(signal: AbortSignal): unknown {
  const reason: unknown = signal.reason;
  return reason instanceof CancelledFailure ? reason : new CancelledFailure(cancelReason(signal));
}

function noteCancellation(signal: AbortSignal, deps: ActivityDeps, log: ActivityDeps['logger']): void {
  const reason = cancelReason(signal);
  if (HEARTBEAT_REJECTED.has(reason)) {
    deps.metrics.heartbeatFailed();
    log.warn('the server no longer accepts heartbeats for this execution', { reason });
  }
}

const CANCEL_SENTENCES: Record<string, string> = {
  WORKER_SHUTDOWN: 'the worker shut down (SIGTERM) and its grace period for running executions ended',
  CANCELLED: 'the workflow was cancelled',
  TIMED_OUT: 'the activity timed out on the Temporal server',
  NOT_FOUND: 'the Temporal server no longer knows this activity',
};

/** The same cancellation, with Temporal's reason codes turned into a sentence the status can show. */
function readableCancellation(signal: AbortSignal): AbortSignal {
  const controller = new AbortController();
  const forward = () => {
    const code = cancelReason(signal);
    controller.abort(new Error(CANCEL_SENTENCES[code] ?? code));
  };
  if (signal.aborted) forward();
  else signal.addEventListener('abort', forward, { once: true });
  return controller.signal;
}
