import { describeError } from '../../../domain/errors/domain-errors';
import type { ActivityDeps } from './activity-deps';

/** CleanupSandbox(sandboxId): best effort, never throws (Go never calls it; registered for parity). */
export function createCleanupSandbox(deps: Pick<ActivityDeps, 'cleanupSandbox' | 'logger'>) {
  return async function CleanupSandbox(sandboxId: unknown): Promise<void> {
    if (typeof sandboxId !== 'string' || sandboxId === '') {
      deps.logger.warn('CleanupSandbox called without a sandbox id; nothing to clean up');
      return;
    }
    try {
      await deps.cleanupSandbox(sandboxId);
      deps.logger.info('sandbox cleaned up', { sandboxId });
    } catch (err) {
      deps.logger.warn('sandbox cleanup failed; ignored', { sandboxId, error: describeError(err) });
    }
  };
}
