import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ExecutionPhase } from '../../domain/status/execution-status';
import type { Metrics } from '../../ports/metrics.port';

/** What the /metrics endpoint needs: the text exposition and its content type. */
export interface MetricsExposition {
  readonly contentType: string;
  render(): Promise<string>;
}

export interface PrometheusMetricsOptions {
  /** Node.js process metrics (CPU, memory, event-loop lag, GC). On by default; tests may turn them off. */
  processMetrics?: boolean;
}

const PREFIX = 'agent_runner_';

/**
 * The Metrics port as Prometheus series, on a registry of its own (never prom-client's global one) so two
 * instances, e.g. in tests, do not collide. Durations arrive in milliseconds and are exposed in seconds.
 */
export class PrometheusMetrics implements Metrics, MetricsExposition {
  readonly registry = new Registry();
  private readonly executions: Counter<'phase'>;
  private readonly executionDuration: Histogram<'phase'>;
  private readonly firstTokenLatency: Histogram;
  private readonly statusFlushDuration: Histogram<'outcome'>;
  private readonly statusFlushFailures: Counter;
  private readonly sandboxAcquireDuration: Histogram<'provider' | 'sandbox'>;
  private readonly skillInstallDuration: Histogram;
  private readonly activeExecutions: Gauge;
  private readonly heartbeatFailures: Counter;
  /** Tracked here so a finish without a matching start never drives the gauge negative. */
  private active = 0;

  constructor(options: PrometheusMetricsOptions = {}) {
    const registers = [this.registry];
    this.executions = new Counter({
      name: `${PREFIX}executions_total`,
      help: 'Executions that reached a terminal phase, by phase.',
      labelNames: ['phase'],
      registers,
    });
    this.executionDuration = new Histogram({
      name: `${PREFIX}execution_duration_seconds`,
      help: 'Wall time of one execution from activity start to its terminal phase.',
      labelNames: ['phase'],
      buckets: [1, 5, 15, 30, 60, 120, 300, 600, 1200, 1800, 3600, 7200],
      registers,
    });
    this.firstTokenLatency = new Histogram({
      name: `${PREFIX}time_to_first_token_seconds`,
      help: 'Time from execution start to the first model token.',
      buckets: [0.1, 0.25, 0.5, 1, 2, 5, 10, 20, 30, 60, 120],
      registers,
    });
    this.statusFlushDuration = new Histogram({
      name: `${PREFIX}status_flush_duration_seconds`,
      help: 'Latency of one status update sent to stigmer-server, by outcome (ok or error).',
      labelNames: ['outcome'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
      registers,
    });
    this.statusFlushFailures = new Counter({
      name: `${PREFIX}status_flush_failures_total`,
      help: 'Status updates to stigmer-server that failed.',
      registers,
    });
    this.sandboxAcquireDuration = new Histogram({
      name: `${PREFIX}sandbox_acquire_duration_seconds`,
      help: 'Time to get a ready sandbox, by provider and whether it was reused or newly created.',
      labelNames: ['provider', 'sandbox'],
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600],
      registers,
    });
    this.skillInstallDuration = new Histogram({
      name: `${PREFIX}skill_install_duration_seconds`,
      help: "Time to download and install an execution's skills into its sandbox.",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers,
    });
    this.activeExecutions = new Gauge({
      name: `${PREFIX}active_executions`,
      help: 'Executions running in this process now.',
      registers,
    });
    this.heartbeatFailures = new Counter({
      name: `${PREFIX}heartbeat_failures_total`,
      help: 'Temporal activity heartbeats that failed.',
      registers,
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  get contentType(): string {
    return this.registry.contentType;
  }

  render(): Promise<string> {
    return this.registry.metrics();
  }

  executionStarted(): void {
    this.active++;
    this.activeExecutions.set(this.active);
  }

  executionFinished(phase: ExecutionPhase, durationMs: number): void {
    this.active = Math.max(0, this.active - 1);
    this.activeExecutions.set(this.active);
    this.executions.inc({ phase });
    observe(this.executionDuration.labels({ phase }), durationMs);
  }

  firstToken(latencyMs: number): void {
    observe(this.firstTokenLatency, latencyMs);
  }

  statusFlush(durationMs: number, ok: boolean): void {
    observe(this.statusFlushDuration.labels({ outcome: ok ? 'ok' : 'error' }), durationMs);
    if (!ok) this.statusFlushFailures.inc();
  }

  sandboxAcquired(provider: string, reused: boolean, durationMs: number): void {
    observe(this.sandboxAcquireDuration.labels({ provider, sandbox: reused ? 'reused' : 'new' }), durationMs);
  }

  skillsInstalled(durationMs: number): void {
    observe(this.skillInstallDuration, durationMs);
  }

  heartbeatFailed(): void {
    this.heartbeatFailures.inc();
  }
}

/** Milliseconds in, seconds out; a clock that went backwards or a missing value must not break the caller. */
function observe(histogram: { observe(value: number): void }, durationMs: number): void {
  if (!Number.isFinite(durationMs)) return;
  histogram.observe(Math.max(0, durationMs) / 1000);
}
