import { Worker, type ActivityInterceptorsFactory } from '@temporalio/worker';
import type { Logger } from '../../ports/logger.port';
import type { Metrics } from '../../ports/metrics.port';
import type { ExecuteAgent } from './activities/activity-deps';
import { heartbeatPeriodMs } from './activities/heartbeat-timer';
import { createRunnerActivities } from './activities/create-activities';
import { temporalConnectionOptions } from './connection-options';
import { EXECUTE_GRAPHTON_HEARTBEAT_TIMEOUT_MS } from './contract';
import { startManagedWorker, type WorkerHandle } from './managed-worker';
import { payloadConverterPath } from './payload/payload-converter';
import { ensureTemporalRuntime } from './runtime';
import type { TemporalSettings } from './settings';

export interface RunWorkerDeps {
  temporal: TemporalSettings;
  executeAgent: ExecuteAgent;
  cleanupSandbox: (sandboxId: string) => Promise<void>;
  /** Defaults to the domain's threadIdFor with a run-scoped suffix. */
  threadIdFor?: (sessionId: string, agentId: string) => string;
  logger: Logger;
  metrics: Metrics;
  /** Default SIGTERM and SIGINT; pass [] when the caller handles signals (tests, embedding). */
  shutdownSignals?: NodeJS.Signals[];
  /** Extra activity interceptors, e.g. OpenTelemetry tracing when OTEL_EXPORTER_OTLP_ENDPOINT is set. */
  activityInterceptors?: ActivityInterceptorsFactory[];
}

/** After the grace period, cancelled executions get this long to deliver CANCELLED before the SDK gives up. */
const CANCEL_ALLOWANCE_MS = 30_000;

/**
 * The production worker: activities only (EnsureThread, ExecuteGraphton, CleanupSandbox) on the runner's task
 * queue, never workflows. Throws ConfigurationError at once for unusable TLS settings.
 */
export function runWorker(deps: RunWorkerDeps): WorkerHandle {
  const { temporal } = deps;
  const connection = temporalConnectionOptions(temporal);
  ensureTemporalRuntime(deps.logger);
  // Each timer beat must reach the server: the SDK otherwise throttles to 80% of the heartbeat timeout, which
  // would also delay delivery of server-side cancellation by up to 24 s.
  const heartbeatEveryMs = heartbeatPeriodMs(temporal.heartbeatIntervalMs, EXECUTE_GRAPHTON_HEARTBEAT_TIMEOUT_MS);
  const activities = createRunnerActivities({
    executeAgent: deps.executeAgent,
    cleanupSandbox: deps.cleanupSandbox,
    threadIdFor: deps.threadIdFor,
    logger: deps.logger.child({ component: 'activities' }),
    metrics: deps.metrics,
    heartbeatIntervalMs: temporal.heartbeatIntervalMs,
  });
  return startManagedWorker({
    name: 'activity worker',
    connection,
    logger: deps.logger,
    poller: 'activity',
    shutdownSignals: deps.shutdownSignals ?? ['SIGTERM', 'SIGINT'],
    createWorker: (nativeConnection) =>
      Worker.create({
        connection: nativeConnection,
        namespace: temporal.namespace,
        taskQueue: temporal.taskQueue,
        activities,
        maxConcurrentActivityTaskExecutions: temporal.maxConcurrency,
        shutdownGraceTime: temporal.shutdownGraceMs,
        shutdownForceTime: temporal.shutdownGraceMs + CANCEL_ALLOWANCE_MS,
        maxHeartbeatThrottleInterval: heartbeatEveryMs,
        defaultHeartbeatThrottleInterval: heartbeatEveryMs,
        dataConverter: { payloadConverterPath },
        interceptors: deps.activityInterceptors ? { activity: deps.activityInterceptors } : undefined,
      }),
  });
}
