/**
 * What the Temporal adapter needs from configuration. Structurally the same as `Config['temporal']`, declared here
 * because adapters may not import the composition root.
 */
export interface TemporalSettings {
  address: string;
  namespace: string;
  /** The runner's activity task queue (`agent_execution_runner`). */
  taskQueue: string;
  maxConcurrency: number;
  tls: boolean;
  tlsCaPath?: string;
  tlsCertPath?: string;
  tlsKeyPath?: string;
  apiKey?: string;
  /** How long running executions may keep going after shutdown starts before they are cancelled. */
  shutdownGraceMs: number;
  heartbeatIntervalMs: number;
}
