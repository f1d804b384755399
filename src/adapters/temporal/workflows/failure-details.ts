import { TimeoutType } from '@temporalio/common';
import { ActivityFailure, TimeoutFailure } from '@temporalio/workflow';

/**
 * The "Error details: ..." text written when an activity fails, classified like the Go workflow does
 * (no worker / heartbeat / start-to-close / application error). Runs inside the workflow sandbox.
 */
export function failureDetails(err: unknown, activityTaskQueue: string): string {
  if (err instanceof ActivityFailure) {
    const cause = err.cause;
    if (cause instanceof TimeoutFailure) {
      switch (cause.timeoutType) {
        case TimeoutType.SCHEDULE_TO_START:
          return `activity ${err.activityType} was never started: no agent-runner worker is polling task queue "${activityTaskQueue}"`;
        case TimeoutType.HEARTBEAT:
          return `activity ${err.activityType} stopped heartbeating (heartbeat timeout): the agent-runner worker running it stopped or crashed`;
        case TimeoutType.START_TO_CLOSE:
          return `activity ${err.activityType} did not finish within its start-to-close timeout`;
        default:
          return `activity ${err.activityType} timed out (${cause.timeoutType})`;
      }
    }
    return `activity ${err.activityType} failed: ${cause?.message ?? err.message}`;
  }
  return err instanceof Error ? err.message : String(err);
}
