import type { ExecutionRequest } from '../../domain/model/execution';
import type { ExecutionStatus } from '../../domain/status/execution-status';
import type { AgentRuntime } from '../../ports/agent-runtime.port';
import type { Clock } from '../../ports/clock.port';
import type { LiveEventPublisher } from '../../ports/live-events.port';
import type { Logger } from '../../ports/logger.port';
import type { Metrics } from '../../ports/metrics.port';
import type { SandboxProvider } from '../../ports/sandbox.port';
import type { SessionLock } from '../../ports/session-lock.port';
import type { SkillInstaller } from '../../ports/skill-installer.port';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';
import type { ExecuteAgentSettings, ExecuteAgentUseCase } from './execute-agent.types';
import { ExecutionRun } from './execution-run';

export interface ExecuteAgentDeps {
  backend: StigmerBackend;
  sandboxProvider: SandboxProvider;
  skillInstaller: SkillInstaller;
  runtime: AgentRuntime;
  sessionLock: SessionLock;
  livePublisher: LiveEventPublisher;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  settings: ExecuteAgentSettings;
}

/**
 * ExecuteGraphton as a use case over ports. Every failure ends in a FAILED status with `error` set, cancellation in
 * CANCELLED; the terminal snapshot is always delivered last. It never throws for an execution failure.
 */
export class ExecuteAgent implements ExecuteAgentUseCase {
  constructor(private readonly deps: ExecuteAgentDeps) {}

  async execute(request: ExecutionRequest, threadId: string, signal: AbortSignal): Promise<ExecutionStatus> {
    const run = new ExecutionRun(this.deps, request, threadId);
    return run.execute(signal);
  }
}
