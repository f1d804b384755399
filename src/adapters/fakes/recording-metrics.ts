import type { ExecutionPhase } from '../../domain/status/execution-status';
import type { Metrics } from '../../ports/metrics.port';

/** Metrics that count calls, for tests. */
export class RecordingMetrics implements Metrics {
  started = 0;
  finished: { phase: ExecutionPhase; durationMs: number }[] = [];
  firstTokens: number[] = [];
  flushes: { durationMs: number; ok: boolean }[] = [];
  sandboxes: { provider: string; reused: boolean }[] = [];
  skillInstalls = 0;
  heartbeatFailures = 0;

  executionStarted(): void {
    this.started++;
  }
  executionFinished(phase: ExecutionPhase, durationMs: number): void {
    this.finished.push({ phase, durationMs });
  }
  firstToken(latencyMs: number): void {
    this.firstTokens.push(latencyMs);
  }
  statusFlush(durationMs: number, ok: boolean): void {
    this.flushes.push({ durationMs, ok });
  }
  sandboxAcquired(provider: string, reused: boolean): void {
    this.sandboxes.push({ provider, reused });
  }
  skillsInstalled(): void {
    this.skillInstalls++;
  }
  heartbeatFailed(): void {
    this.heartbeatFailures++;
  }
}
