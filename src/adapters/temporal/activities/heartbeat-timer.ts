/** Upper bound on the heartbeat period whatever is configured: Go's heartbeat timeout is 30 s. */
export const MAX_HEARTBEAT_INTERVAL_MS = 10_000;

export interface HeartbeatTimerOptions {
  intervalMs: number;
  /** The activity's heartbeat timeout, when it has one: beats come at least three times within it. */
  heartbeatTimeoutMs?: number;
  heartbeat: () => void;
  onFailure: (err: unknown) => void;
}

/** The effective period: configured, but never above 10 s nor above a third of the heartbeat timeout. */
export function heartbeatPeriodMs(intervalMs: number, heartbeatTimeoutMs?: number): number {
  const bounds = [intervalMs, MAX_HEARTBEAT_INTERVAL_MS];
  if (heartbeatTimeoutMs && heartbeatTimeoutMs > 0) bounds.push(Math.floor(heartbeatTimeoutMs / 3));
  return Math.max(100, Math.min(...bounds));
}

/**
 * Heartbeats on a timer, independent of agent events, so a model that stays silent longer than the heartbeat
 * timeout is not mistaken for a dead worker. Beats once at once, then every period. Returns `stop`.
 */
export function startHeartbeatTimer(options: HeartbeatTimerOptions): () => void {
  const beat = (): void => {
    try {
      options.heartbeat();
    } catch (err) {
      options.onFailure(err);
    }
  };
  beat();
  const timer = setInterval(beat, heartbeatPeriodMs(options.intervalMs, options.heartbeatTimeoutMs));
  return () => clearInterval(timer);
}
