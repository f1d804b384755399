import type { ExecutionPhase } from '../../../src/domain/status/execution-status';
import { PrometheusMetrics } from '../../../src/adapters/observability/prometheus-metrics';

/**
 * The worker's real Prometheus metrics (so /metrics keeps working), plus the two numbers a harness needs to read
 * synchronously: executions running now (to find a concurrency plateau) and finished executions by phase.
 */
export class ObservedMetrics extends PrometheusMetrics {
  private running = 0;
  private readonly finished = new Map<ExecutionPhase, number>();

  override executionStarted(): void {
    super.executionStarted();
    this.running++;
  }

  override executionFinished(phase: ExecutionPhase, durationMs: number): void {
    super.executionFinished(phase, durationMs);
    this.running = Math.max(0, this.running - 1);
    this.finished.set(phase, (this.finished.get(phase) ?? 0) + 1);
  }

  /** Executions inside ExecuteGraphton right now. */
  runningExecutions(): number {
    return this.running;
  }

  finishedExecutions(phase?: ExecutionPhase): number {
    if (phase) return this.finished.get(phase) ?? 0;
    return [...this.finished.values()].reduce((sum, n) => sum + n, 0);
  }
}
