/**
 * A runner worker in its own process, for tests that kill or signal it. Configured by env:
 * TEMPORAL_ADDRESS, TASK_QUEUE, SHUTDOWN_GRACE_MS. Every run waits until cancelled. Reports on stdout as JSON
 * lines: {"event":"ready"}, {"event":"started","executionId"}, {"event":"status","executionId","phase"},
 * {"event":"stopped"}. Uses the real SIGTERM/SIGINT handling of runWorker.
 */
import { runWorker } from '../../../src/adapters/temporal';
import { RecordingLogger } from '../../../src/adapters/fakes/recording-logger';
import { RecordingMetrics } from '../../../src/adapters/fakes/recording-metrics';
import type { ExecutionStatus } from '../../../src/domain/status/execution-status';
import { ScriptedExecuteAgent, untilCancelled } from './scripted-execute-agent';

function report(event: Record<string, unknown>): void {
  process.stdout.write(`${JSON.stringify(event)}\n`);
}

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`child-worker: ${name} is required`);
  return value;
}

const backend = {
  async updateExecutionStatus(executionId: string, status: ExecutionStatus): Promise<void> {
    report({ event: 'status', executionId, phase: status.phase });
  },
};
const agent = new ScriptedExecuteAgent(backend, async (call, deliver) => {
  report({ event: 'started', executionId: call.request.executionId });
  return untilCancelled(call, deliver);
});

const handle = runWorker({
  temporal: {
    address: required('TEMPORAL_ADDRESS'),
    namespace: 'default',
    taskQueue: required('TASK_QUEUE'),
    maxConcurrency: 2,
    tls: false,
    shutdownGraceMs: Number(process.env.SHUTDOWN_GRACE_MS ?? '2000'),
    heartbeatIntervalMs: 1_000,
  },
  executeAgent: agent,
  cleanupSandbox: async () => undefined,
  logger: new RecordingLogger(),
  metrics: new RecordingMetrics(),
});

handle.started.then(() => report({ event: 'ready' }), () => undefined);
handle.done.then(
  () => {
    report({ event: 'stopped' });
    process.exit(0);
  },
  (err: unknown) => {
    console.error('child worker failed:', err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
