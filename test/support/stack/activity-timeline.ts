import type { WorkflowHandle } from '@temporalio/client';

/** Server-side times (ms since the epoch, sub-ms precision) of one activity, from the workflow's event history. */
export interface ActivityTimeline {
  activityType: string;
  scheduledAt: number;
  startedAt?: number;
  /** Completed, failed, timed out or cancelled: whichever closed it. */
  closedAt?: number;
  outcome: 'completed' | 'failed' | 'timed out' | 'cancelled' | 'pending';
}

interface Timestamp {
  seconds?: { toNumber(): number } | number | null;
  nanos?: number | null;
}

/**
 * The first activity of `activityType` in the workflow's history. Temporal records ActivityTaskStarted when it hands
 * the task to a poller, and the close event when the worker's response arrives: both are Temporal's own clock.
 */
export async function activityTimeline(handle: WorkflowHandle, activityType: string): Promise<ActivityTimeline | undefined> {
  const history = await handle.fetchHistory();
  let found: ActivityTimeline | undefined;
  let scheduledId = '';
  for (const event of history.events ?? []) {
    const at = timestampMs(event.eventTime as Timestamp | null | undefined);
    const scheduled = event.activityTaskScheduledEventAttributes;
    if (!found && scheduled?.activityType?.name === activityType) {
      found = { activityType, scheduledAt: at, outcome: 'pending' };
      scheduledId = String(event.eventId);
      continue;
    }
    if (!found) continue;
    const started = event.activityTaskStartedEventAttributes;
    if (started && String(started.scheduledEventId) === scheduledId) found.startedAt = at;
    const closes: [unknown, ActivityTimeline['outcome']][] = [
      [event.activityTaskCompletedEventAttributes, 'completed'],
      [event.activityTaskFailedEventAttributes, 'failed'],
      [event.activityTaskTimedOutEventAttributes, 'timed out'],
      [event.activityTaskCanceledEventAttributes, 'cancelled'],
    ];
    for (const [attributes, outcome] of closes) {
      if (attributes && String((attributes as { scheduledEventId?: unknown }).scheduledEventId) === scheduledId) {
        found.closedAt = at;
        found.outcome = outcome;
      }
    }
  }
  return found;
}

function timestampMs(ts: Timestamp | null | undefined): number {
  if (!ts) return Number.NaN;
  const seconds = typeof ts.seconds === 'number' ? ts.seconds : (ts.seconds?.toNumber() ?? 0);
  return seconds * 1000 + (ts.nanos ?? 0) / 1e6;
}
