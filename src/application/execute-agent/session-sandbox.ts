import { describeError } from '../../domain/errors/domain-errors';
import type { Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import type { Metrics } from '../../ports/metrics.port';
import type { Sandbox, SandboxProvider, SandboxSpec } from '../../ports/sandbox.port';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';

export interface SessionSandboxDeps {
  backend: StigmerBackend;
  provider: SandboxProvider;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
}

/**
 * Reuses the session's sandbox when it is alive, otherwise creates one and records its id on the Session.
 * Must run under the session lock: the caller re-reads the Session after locking, so two concurrent first turns
 * see each other's sandbox instead of creating two.
 */
export async function acquireSessionSandbox(
  deps: SessionSandboxDeps,
  existingSandboxId: string,
  spec: SandboxSpec,
): Promise<{ sandbox: Sandbox; reused: boolean }> {
  const { provider, backend, logger, metrics, clock } = deps;
  const started = clock.now().getTime();
  if (existingSandboxId) {
    const sandbox = await provider.open(existingSandboxId, spec);
    if (sandbox && (await sandbox.health())) {
      metrics.sandboxAcquired(provider.kind, true, clock.now().getTime() - started);
      logger.info('reusing the session sandbox', { sandbox_id: sandbox.id });
      return { sandbox, reused: true };
    }
    logger.warn('session sandbox is gone or unhealthy; creating a new one', { sandbox_id: existingSandboxId });
  }
  const sandbox = await provider.create(spec);
  metrics.sandboxAcquired(provider.kind, false, clock.now().getTime() - started);
  logger.info('created a sandbox for the session', { sandbox_id: sandbox.id, provider: provider.kind });
  if (sandbox.id !== existingSandboxId) {
    try {
      await backend.bindSandboxToSession(spec.sessionId, sandbox.id);
    } catch (err) {
      // The run can proceed; the next turn will just create another sandbox.
      logger.warn('could not record the sandbox on the session', { sandbox_id: sandbox.id, error: describeError(err) });
    }
  }
  return { sandbox, reused: false };
}
