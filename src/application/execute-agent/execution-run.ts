import { mergeEnvironment } from '../../domain/env/merge-environment';
import { Redactor } from '../../domain/env/redactor';
import { CancelledError, describeError, InvalidInputError } from '../../domain/errors/domain-errors';
import type { AgentEvent } from '../../domain/events/agent-event';
import type { ExecutionRequest } from '../../domain/model/execution';
import type { LlmProvider } from '../../domain/model-selection/model-selection';
import { selectModel } from '../../domain/model-selection/select-model';
import { buildBasePrompt, buildUserMessage } from '../../domain/prompt/prompt-builder';
import { skillsPromptSection } from '../../domain/skills/skills-prompt';
import { StatusBuilder, shouldFlushImmediately } from '../../domain/status/status-builder';
import type { ExecutionStatus } from '../../domain/status/execution-status';
import type { AgentRunRequest, SubAgentSpec } from '../../ports/agent-runtime.port';
import type { Logger } from '../../ports/logger.port';
import type { Sandbox } from '../../ports/sandbox.port';
import type { SessionLockHandle } from '../../ports/session-lock.port';
import type { InstalledSkill } from '../../ports/skill-installer.port';
import type { ExecuteAgentDeps } from './execute-agent';
import { toLiveEvent } from './live-event-mapping';
import { redactingLogger } from './redacting-logger';
import { resolveAgent, skillsForRefs, type ResolvedAgent } from './resolve-agent';
import { acquireSessionSandbox } from './session-sandbox';
import { StatusReporter } from './status-reporter';

/** State and steps of one execution; a new instance per ExecuteGraphton call. */
export class ExecutionRun {
  private readonly builder: StatusBuilder;
  private redactor = new Redactor([]);
  /** The merged environment (plain values) every command of the run gets. */
  private env: Record<string, string> = {};
  private log: Logger;
  private readonly reporter: StatusReporter;
  private readonly startedAt: number;
  private firstTokenSeen = false;

  constructor(
    private readonly deps: ExecuteAgentDeps,
    private readonly request: ExecutionRequest,
    private readonly threadId: string,
  ) {
    const { settings, clock } = deps;
    this.startedAt = clock.now().getTime();
    this.builder = new StatusBuilder({
      initial: request.initialStatus,
      userMessage: request.message,
      now: clock.now(),
      limits: { maxToolResultChars: settings.maxToolResultChars },
    });
    this.log = redactingLogger(
      deps.logger.child({ execution_id: request.executionId, session_id: request.sessionId, workflow_id: request.workflowId ?? '' }),
      (text) => this.redactor.redact(text),
    );
    this.reporter = new StatusReporter({
      executionId: request.executionId,
      backend: deps.backend,
      source: this.builder,
      clock,
      logger: this.log,
      metrics: deps.metrics,
      flushIntervalMs: settings.statusFlushIntervalMs,
      finalRetryMs: settings.finalStatusRetryMs,
      redact: (status) => this.redactor.redactJson(status) as ExecutionStatus,
    });
  }

  async execute(signal: AbortSignal): Promise<ExecutionStatus> {
    const { metrics, clock, livePublisher } = this.deps;
    metrics.executionStarted();
    this.log.info('execution started', { thread_id: this.threadId });
    let lock: SessionLockHandle | undefined;
    try {
      if (!this.request.executionId) throw new InvalidInputError('metadata.id', 'the execution id is empty');
      const resolved = await resolveAgent(this.deps.backend, this.request.sessionId);
      this.useEnvironment(resolved);
      lock = await this.deps.sessionLock.acquire(this.request.sessionId, { waitMs: this.deps.settings.sessionLockWaitMs, signal });
      const runSignal = AbortSignal.any([signal, lock.lost]);
      await this.runAgent(resolved, runSignal);
      this.builder.complete(clock.now());
    } catch (err) {
      this.recordFailure(err, signal, lock);
    } finally {
      await this.finish(lock);
    }
    const status = this.redactor.redactJson(this.builder.snapshot()) as ExecutionStatus;
    metrics.executionFinished(status.phase, clock.now().getTime() - this.startedAt);
    livePublisher.publish(this.request.executionId, { type: 'phase', phase: status.phase, error: status.error || undefined });
    await livePublisher.flush(this.request.executionId).catch(() => undefined);
    this.log.info('execution finished', { phase: status.phase, error: status.error || undefined });
    return status;
  }

  private useEnvironment(resolved: ResolvedAgent): void {
    const merged = mergeEnvironment({
      agentEnv: resolved.agent.envSpec,
      environments: resolved.environments.map((e) => ({ source: `environment ${e.meta.slug}`, values: e.data })),
      runtimeEnv: this.request.runtimeEnv,
    });
    this.env = merged.values;
    this.redactor = Redactor.forSecrets(merged.secretValues);
    // The publisher also redacts the text it coalesces, catching a secret split across tokens.
    this.deps.livePublisher.registerRedactor?.(this.request.executionId, (text) => this.redactor.redact(text));
  }


  private async runAgent(resolved: ResolvedAgent, signal: AbortSignal): Promise<void> {
    const { deps, request } = this;
    const { settings, clock } = deps;
    const model = selectModel({
      override: request.modelName,
      worker: { provider: settings.llm.provider as LlmProvider, model: settings.llm.model, maxTokens: settings.llm.maxTokens, temperature: settings.llm.temperature },
    });
    // Re-read the session under the lock: a concurrent first turn may have just bound a sandbox to it.
    const session = await deps.backend.getSession(request.sessionId);
    const { sandbox } = await acquireSessionSandbox(
      { backend: deps.backend, provider: deps.sandboxProvider, clock, logger: this.log, metrics: deps.metrics },
      session.sandboxId,
      { org: request.org, sessionId: request.sessionId, executionId: request.executionId },
    );
    const installed = await this.installSkills(sandbox, resolved, signal);
    this.builder.start(clock.now());
    this.publishPhase();
    this.reporter.notify(true);

    const runRequest: AgentRunRequest = {
      executionId: request.executionId,
      threadId: this.threadId,
      systemPrompt: buildBasePrompt(resolved.agent.instructions, skillsPromptSection(installed.map(toPromptSkill))),
      userMessage: buildUserMessage(request.message, request.org),
      model,
      sandbox,
      sandboxIsolation: deps.sandboxProvider.describeIsolation(),
      env: this.env,
      subAgents: this.subAgentSpecs(resolved, installed),
      mcpServers: resolved.agent.mcpServers,
      recursionLimit: settings.recursionLimit,
      commandTimeoutMs: settings.commandTimeoutMs,
    };
    for await (const event of deps.runtime.run(runRequest, signal)) {
      signal.throwIfAborted();
      this.onEvent(event);
    }
    signal.throwIfAborted();
  }

  private async installSkills(sandbox: Sandbox, resolved: ResolvedAgent, signal: AbortSignal): Promise<InstalledSkill[]> {
    if (resolved.skills.length === 0) return [];
    const started = this.deps.clock.now().getTime();
    const installed = await this.deps.skillInstaller.install(sandbox, resolved.skills, signal);
    this.deps.metrics.skillsInstalled(this.deps.clock.now().getTime() - started);
    for (const s of installed.filter((i) => i.skillMdOnly)) {
      this.log.warn('skill artifact unavailable; installed SKILL.md only', { skill: s.skill.meta.slug });
    }
    return installed;
  }

  private subAgentSpecs(resolved: ResolvedAgent, installed: InstalledSkill[]): SubAgentSpec[] {
    return resolved.agent.subAgents.map((sub) => {
      const own = skillsForRefs(
        installed.map((i) => i.skill),
        sub.skillRefs,
      );
      const ownInstalled = installed.filter((i) => own.includes(i.skill));
      return {
        name: sub.name,
        description: sub.description,
        systemPrompt: buildBasePrompt(sub.instructions, skillsPromptSection(ownInstalled.map(toPromptSkill))),
        mcpToolSelections: Object.fromEntries(
          sub.mcpServers.map((server) => [server, sub.mcpToolSelections[server]?.enabledTools ?? []]),
        ),
      };
    });
  }

  private onEvent(event: AgentEvent): void {
    const { clock, metrics, livePublisher } = this.deps;
    if (event.kind === 'text_token' && !this.firstTokenSeen) {
      this.firstTokenSeen = true;
      metrics.firstToken(clock.now().getTime() - this.startedAt);
    }
    this.builder.apply(event, clock.now());
    const live = toLiveEvent(event);
    if (live) livePublisher.publish(this.request.executionId, this.redactLive(live));
    this.reporter.notify(shouldFlushImmediately(event));
  }

  private recordFailure(err: unknown, signal: AbortSignal, lock: SessionLockHandle | undefined): void {
    const now = this.deps.clock.now();
    if (!signal.aborted && lock?.lost.aborted) {
      // Nobody cancelled this run: it stopped because its session lock is gone, so it fails with the lock's reason.
      const message = this.redactor.redact(describeError(lock.lost.reason));
      this.log.error('execution failed: the session lock was lost', { error: message });
      this.builder.fail(message, now);
      return;
    }
    if (signal.aborted || err instanceof CancelledError) {
      const reason = signal.aborted ? describeError(signal.reason) || 'execution cancelled' : describeError(err);
      this.log.warn('execution cancelled', { reason });
      this.builder.cancel(reason, now);
      return;
    }
    const message = this.redactor.redact(describeError(err));
    this.log.error('execution failed', { error: message, code: (err as { code?: string }).code });
    this.builder.fail(message, now);
  }

  private async finish(lock: SessionLockHandle | undefined): Promise<void> {
    const delivered = await this.reporter.finish();
    if (!delivered) this.log.error('terminal status was not delivered to the backend');
    if (lock) await lock.release().catch((err) => this.log.warn('session lock release failed', { error: describeError(err) }));
  }

  private publishPhase(): void {
    this.deps.livePublisher.publish(this.request.executionId, { type: 'phase', phase: 'IN_PROGRESS' });
  }

  private redactLive<T>(event: T): T {
    return this.redactor.redactJson(event as never) as T;
  }
}

function toPromptSkill(installed: InstalledSkill): { name: string; location: string; skillMd: string } {
  return { name: installed.skill.meta.name || installed.skill.meta.slug, location: installed.location, skillMd: installed.skill.skillMd };
}
