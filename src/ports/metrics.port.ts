import type { ExecutionPhase } from '../domain/status/execution-status';

/** What the runner measures; the Prometheus adapter turns these into series. */
export interface Metrics {
  executionStarted(): void;
  executionFinished(phase: ExecutionPhase, durationMs: number): void;
  firstToken(latencyMs: number): void;
  statusFlush(durationMs: number, ok: boolean): void;
  sandboxAcquired(provider: string, reused: boolean, durationMs: number): void;
  skillsInstalled(durationMs: number): void;
  heartbeatFailed(): void;
}
