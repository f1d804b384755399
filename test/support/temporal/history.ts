import type { WorkflowHandle } from '@temporalio/client';
import type { Payload } from '@temporalio/common';

export interface ActivityOutcome {
  activityType: string;
  /** The raw result payload of a completed activity (undefined when it failed, timed out or was cancelled). */
  result?: Payload;
  outcome: 'completed' | 'failed' | 'timed out' | 'cancelled' | 'pending';
}

/** Each scheduled activity of a workflow run with its raw result payload, read from the event history. */
export async function activityOutcomes(handle: WorkflowHandle): Promise<ActivityOutcome[]> {
  const history = await handle.fetchHistory();
  const byScheduledId = new Map<string, ActivityOutcome>();
  const order: ActivityOutcome[] = [];
  for (const event of history.events ?? []) {
    const id = String(event.eventId);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (scheduled) {
      const outcome: ActivityOutcome = { activityType: scheduled.activityType?.name ?? '', outcome: 'pending' };
      byScheduledId.set(id, outcome);
      order.push(outcome);
    }
    const completed = event.activityTaskCompletedEventAttributes;
    if (completed) {
      const outcome = byScheduledId.get(String(completed.scheduledEventId));
      if (outcome) Object.assign(outcome, { outcome: 'completed', result: completed.result?.payloads?.[0] ?? undefined });
    }
    const failed = event.activityTaskFailedEventAttributes;
    if (failed) byScheduledId.get(String(failed.scheduledEventId))!.outcome = 'failed';
    const timedOut = event.activityTaskTimedOutEventAttributes;
    if (timedOut) byScheduledId.get(String(timedOut.scheduledEventId))!.outcome = 'timed out';
    const cancelled = event.activityTaskCanceledEventAttributes;
    if (cancelled) byScheduledId.get(String(cancelled.scheduledEventId))!.outcome = 'cancelled';
  }
  return order;
}

export function text(bytes: Uint8Array | null | undefined): string {
  return new TextDecoder().decode(bytes ?? new Uint8Array());
}
