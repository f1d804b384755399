import { activityTimeline } from '../../test/support/stack';
import type { ModelRequestTiming } from '../model-server';
import type { TimedRun } from './throughput';

/** Per-execution worker overhead, from sequential (concurrency 1) runs. */
export interface OverheadSamples {
  /** ExecuteGraphton started (Temporal's ActivityTaskStarted) → the first model request reached the model server. */
  startToFirstRequestMs: number[];
  /** The last model response fully written by the model server → ExecuteGraphton completed (Temporal's event). */
  lastTokenToCompletionMs: number[];
  /** ExecuteGraphton scheduled → started: Temporal dispatch to the polling worker, for context. */
  scheduleToStartMs: number[];
  /** Model calls per execution (a sanity check on the correlation). */
  modelCallsPerExecution: number[];
}

/**
 * Joins Temporal's own activity times with the model server's request times. At concurrency 1 the activities do not
 * overlap, so the model requests of an execution are exactly those that arrived inside its activity window.
 */
export async function overheadOf(runs: TimedRun[], timings: ModelRequestTiming[]): Promise<OverheadSamples> {
  const samples: OverheadSamples = { startToFirstRequestMs: [], lastTokenToCompletionMs: [], scheduleToStartMs: [], modelCallsPerExecution: [] };
  for (const { run } of runs) {
    const activity = await activityTimeline(run.handle, 'ExecuteGraphton');
    if (!activity?.startedAt || !activity.closedAt || activity.outcome !== 'completed') {
      throw new Error(`execution ${run.executionId}: ExecuteGraphton did not complete (${activity?.outcome ?? 'not scheduled'})`);
    }
    const calls = timings.filter((t) => t.startedAt >= activity.startedAt! && t.startedAt <= activity.closedAt!);
    const lastFinished = Math.max(...calls.map((t) => t.finishedAt ?? Number.NaN));
    if (calls.length === 0 || !Number.isFinite(lastFinished)) throw new Error(`execution ${run.executionId}: no model request inside its activity`);
    samples.startToFirstRequestMs.push(calls[0].startedAt - activity.startedAt);
    samples.lastTokenToCompletionMs.push(activity.closedAt - lastFinished);
    samples.scheduleToStartMs.push(activity.startedAt - activity.scheduledAt);
    samples.modelCallsPerExecution.push(calls.length);
  }
  return samples;
}
