import { ACTIVITY } from '../contract';
import type { ActivityDeps } from './activity-deps';
import { createCleanupSandbox } from './cleanup-sandbox.activity';
import { createEnsureThread } from './ensure-thread.activity';
import { createExecuteGraphton } from './execute-graphton.activity';

/** The runner's activities, keyed by the exact type names the Go workflow schedules. */
export function createRunnerActivities(deps: ActivityDeps) {
  return {
    [ACTIVITY.ensureThread]: createEnsureThread(deps),
    [ACTIVITY.executeGraphton]: createExecuteGraphton(deps),
    [ACTIVITY.cleanupSandbox]: createCleanupSandbox(deps),
  };
}
