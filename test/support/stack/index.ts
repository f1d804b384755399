/**
 * A reusable in-process stack for load, fault, bad-input and benchmark suites: the real worker, a real Temporal
 * (dev server or given address), the embedded backend and optionally the OpenAI protocol stub; plus /proc probes
 * for leak checks, a status-size recorder and Temporal activity timings.
 */
export { startStackHarness, type FinishedRun, type StackHarness, type StackHarnessOptions, type StartedRun } from './stack-harness';
export { StatusRecordingBackend, type StatusUpdates } from './status-recorder';
export { ObservedMetrics } from './observed-metrics';
export { activityTimeline, type ActivityTimeline } from './activity-timeline';
export { runPool } from './run-pool';
export { cpuTimeMs, descendantPids, describePid, forceGc, openFdCount, openFdTargets, openSocketCount, rssBytes } from './process-probe';
export { describeWithTemporalCli } from './temporal-requirement';
export { startScratchTemporal, type ScratchTemporal } from './scratch-temporal';
