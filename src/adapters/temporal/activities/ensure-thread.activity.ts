import { createHash, randomBytes } from 'node:crypto';
import { Context } from '@temporalio/activity';
import { threadIdFor } from '../../../domain/thread/thread-id';
import type { ActivityDeps } from './activity-deps';

/**
 * EnsureThread(sessionId, agentId) -> thread id. No side effects. Idempotent across Temporal retries: the
 * ephemeral suffix (no session) is derived from the workflow run, so every attempt of one run returns the same id.
 */
export function createEnsureThread(deps: Pick<ActivityDeps, 'threadIdFor' | 'logger'>) {
  return async function EnsureThread(sessionId: unknown, agentId: unknown): Promise<string> {
    const session = asIdString(sessionId);
    const agent = asIdString(agentId);
    const threadId = deps.threadIdFor ? deps.threadIdFor(session, agent) : threadIdFor(session, agent, runScopedSuffix);
    deps.logger.debug('thread ensured', { sessionId: session, agentId: agent, threadId });
    return threadId;
  };
}

/** Go sends `""` for an empty id; treat a missing argument the same way rather than failing the workflow. */
function asIdString(value: unknown): string {
  return typeof value === 'string' ? value : '';
}

function runScopedSuffix(): string {
  const run = currentWorkflowRun();
  if (!run) return randomBytes(4).toString('hex');
  return createHash('sha256').update(run).digest('hex').slice(0, 8);
}

function currentWorkflowRun(): string | undefined {
  try {
    const execution = Context.current().info.workflowExecution;
    return execution ? `${execution.workflowId}/${execution.runId}` : undefined;
  } catch {
    return undefined; // called outside an activity (tests, direct use)
  }
}
