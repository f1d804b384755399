import type { Container } from 'inversify';
import { runWorker } from '../../../adapters/temporal';
import { startHealthServer } from '../../../adapters/observability/health-server';
import { createTracingInterceptors } from '../../../adapters/observability/tracing';
import { describeError } from '../../../domain/errors/domain-errors';
import type { ExecuteAgentUseCase } from '../../../application/execute-agent/execute-agent.types';
import type { Logger } from '../../../ports/logger.port';
import type { Metrics } from '../../../ports/metrics.port';
import type { SandboxProvider } from '../../../ports/sandbox.port';
import type { StigmerBackend } from '../../../ports/stigmer-backend.port';
import { TOKENS } from '../../../ports/tokens';
import type { Config } from '../../config/config';
import { buildContainer, STATE, type ContainerOverrides } from '../../container/build-container';
import type { StateAdapters } from '../../container/state-adapters';
import type { PrometheusMetrics } from '../../../adapters/observability/prometheus-metrics';
import { startBackendProbe } from './backend-probe';
import { startSandboxUpkeep } from '../../container/sandbox-provider';

export interface RunningWorker {
  container: Container;
  /** Resolves once connected to Temporal and polling. */
  started: Promise<void>;
  /** Settles when the worker has stopped and every resource is closed. */
  done: Promise<void>;
  sandboxDescription: string;
  shutdown(): Promise<void>;
  isReady(): boolean;
  httpPort: number;
}

/**
 * Starts the production worker: health/metrics endpoints first (so /healthz answers even while Temporal is
 * unreachable), then the activities-only Temporal worker. SIGTERM/SIGINT drain it.
 */
export async function startWorker(config: Config, overrides: ContainerOverrides = {}, shutdownSignals?: NodeJS.Signals[]): Promise<RunningWorker> {
  const container = buildContainer(config, overrides);
  const logger = container.get<Logger>(TOKENS.Logger);
  const metrics = container.get<Metrics>(TOKENS.Metrics);
  const backend = container.get<StigmerBackend>(TOKENS.StigmerBackend);
  const sandboxes = container.get<SandboxProvider>(TOKENS.SandboxProvider);
  const executeAgent = container.get<ExecuteAgentUseCase>(TOKENS.ExecuteAgent);
  const state = container.get<StateAdapters>(STATE);

  let temporalReady: () => boolean = () => false;
  const backendProbe = startBackendProbe(backend);
  const stopUpkeep = startSandboxUpkeep(sandboxes);
  const health = await startHealthServer({
    host: config.http.host,
    port: config.http.port,
    metrics: metrics as PrometheusMetrics,
    readiness: () => ({ temporal: temporalReady(), backend: backendProbe.reachable() }),
  });
  logger.info('agent-runner worker starting', {
    mode: config.mode,
    temporal: config.temporal.address,
    namespace: config.temporal.namespace,
    task_queue: config.temporal.taskQueue,
    max_concurrency: config.temporal.maxConcurrency,
    backend: config.backend.endpoint,
    sandbox: sandboxes.kind,
    isolation: sandboxes.describeIsolation(),
    llm_provider: config.llm.provider,
    llm_model: config.llm.model,
    state: config.redis.enabled ? `redis ${config.redis.host}:${config.redis.port}` : 'in memory',
    http_port: health.port,
  });
  const tracing = config.otlpEndpoint ? createTracingInterceptors(config.otlpEndpoint) : undefined;
  if (tracing) logger.info('OpenTelemetry tracing of activities is on', { endpoint: config.otlpEndpoint });
  const worker = runWorker({
    temporal: config.temporal,
    executeAgent,
    cleanupSandbox: (id) => sandboxes.destroy(id),
    logger,
    metrics,
    shutdownSignals,
    activityInterceptors: tracing?.activityInterceptors,
  });
  temporalReady = () => worker.isReady();
  const done = worker.done.finally(async () => {
    backendProbe.stop();
    stopUpkeep();
    await Promise.allSettled([state.close(), health.close(), closeBackend(backend), tracing?.shutdown()]);
    logger.info('agent-runner worker stopped');
  });
  worker.started.then(
    () => logger.info('worker is polling', { task_queue: config.temporal.taskQueue }),
    (err) => logger.warn('worker did not start', { error: describeError(err) }),
  );
  return {
    container,
    started: worker.started,
    done,
    sandboxDescription: `${sandboxes.kind}: ${sandboxes.describeIsolation()}`,
    shutdown: () => worker.shutdown(),
    isReady: () => worker.isReady(),
    httpPort: health.port,
  };
}

async function closeBackend(backend: StigmerBackend): Promise<void> {
  const closable = backend as StigmerBackend & { close?: () => void | Promise<void> };
  await closable.close?.();
}
