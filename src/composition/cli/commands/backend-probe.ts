import { isDomainError } from '../../../domain/errors/domain-errors';
import type { StigmerBackend } from '../../../ports/stigmer-backend.port';

const PROBE_SESSION_ID = 'ses-readyz-probe';

/**
 * Backend reachability for /readyz, refreshed in the background: a `get` of a session that does not exist answers
 * NOT_FOUND when the backend is up (stigmer-server has no health service).
 */
export function startBackendProbe(backend: StigmerBackend, intervalMs = 10_000): { reachable(): boolean; stop(): void } {
  let reachable = false;
  const probe = async () => {
    try {
      await backend.getSession(PROBE_SESSION_ID);
      reachable = true;
    } catch (err) {
      reachable = isDomainError(err) && (err.code === 'NOT_FOUND' || err.code === 'INVALID_INPUT');
    }
  };
  void probe();
  const timer = setInterval(() => void probe(), intervalMs);
  timer.unref();
  return { reachable: () => reachable, stop: () => clearInterval(timer) };
}
