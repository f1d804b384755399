import 'reflect-metadata';
import { Container } from 'inversify';
import { ExecuteAgent } from '../../application/execute-agent/execute-agent';
import type { ExecuteAgentSettings } from '../../application/execute-agent/execute-agent.types';
import { GrpcStigmerBackend } from '../../adapters/grpc/grpc-stigmer-backend';
import { LangGraphAgentRuntime } from '../../adapters/langgraph/langgraph-agent-runtime';
import { LangChainChatModelFactory } from '../../adapters/llm/langchain-chat-model-factory';
import { PinoLogger } from '../../adapters/logging/pino-logger';
import { PrometheusMetrics } from '../../adapters/observability/prometheus-metrics';
import { SandboxSkillInstaller } from '../../adapters/skills/sandbox-skill-installer';
import { SystemClock } from '../../adapters/system/system-clock';
import type { AgentRuntime } from '../../ports/agent-runtime.port';
import type { ChatModelFactory } from '../../ports/chat-model-factory.port';
import type { Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import type { Metrics } from '../../ports/metrics.port';
import type { SandboxProvider } from '../../ports/sandbox.port';
import type { SkillInstaller } from '../../ports/skill-installer.port';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';
import { TOKENS } from '../../ports/tokens';
import { SECRET_VARIABLES, type Config } from '../config/config';
import { sandboxProviderFor } from './sandbox-provider';
import { stateAdaptersFor, type StateAdapters } from './state-adapters';

/** Instances the caller may supply instead of the configured adapters (tests, the dev stack). */
export interface ContainerOverrides {
  logger?: Logger;
  backend?: StigmerBackend;
  sandboxProvider?: SandboxProvider;
  chatModels?: ChatModelFactory;
  metrics?: Metrics;
}

/**
 * The composition root: every adapter is chosen from configuration here and nowhere else. Everything is a
 * singleton for the life of the process.
 */
export function buildContainer(config: Config, overrides: ContainerOverrides = {}, env: NodeJS.ProcessEnv = process.env): Container {
  const c = new Container({ defaultScope: 'Singleton' });
  c.bind(TOKENS.Config).toConstantValue(config);
  c.bind<Logger>(TOKENS.Logger).toConstantValue(
    overrides.logger ?? new PinoLogger({ level: config.logLevel, secrets: workerSecrets(env) }),
  );
  c.bind<Clock>(TOKENS.Clock).toConstantValue(new SystemClock());
  c.bind<Metrics>(TOKENS.Metrics).toDynamicValue(() => overrides.metrics ?? new PrometheusMetrics());
  c.bind<StigmerBackend>(TOKENS.StigmerBackend).toDynamicValue(
    (ctx) => overrides.backend ?? new GrpcStigmerBackend({ ...config.backend, logger: ctx.get<Logger>(TOKENS.Logger).child({ component: 'backend' }) }),
  );
  c.bind<SandboxProvider>(TOKENS.SandboxProvider).toDynamicValue(
    (ctx) => overrides.sandboxProvider ?? sandboxProviderFor(config, ctx.get<Logger>(TOKENS.Logger)),
  );
  c.bind<SkillInstaller>(TOKENS.SkillInstaller).toDynamicValue((ctx) => {
    const backend = ctx.get<StigmerBackend>(TOKENS.StigmerBackend);
    return new SandboxSkillInstaller({
      fetchArtifact: (key) => backend.getSkillArtifact(key),
      skillsRoot: config.skills.root,
      cacheDir: config.skills.cacheDir,
      downloadConcurrency: config.skills.downloadConcurrency,
      logger: ctx.get<Logger>(TOKENS.Logger).child({ component: 'skills' }),
    });
  });
  c.bind<ChatModelFactory>(TOKENS.ChatModelFactory).toDynamicValue(() => overrides.chatModels ?? new LangChainChatModelFactory(config.llm));
  c.bind<StateAdapters>(STATE).toDynamicValue((ctx) => stateAdaptersFor(config, ctx.get<Logger>(TOKENS.Logger)));
  c.bind(TOKENS.ConversationStore).toDynamicValue((ctx) => ctx.get<StateAdapters>(STATE).conversations);
  c.bind(TOKENS.SessionLock).toDynamicValue((ctx) => ctx.get<StateAdapters>(STATE).sessionLock);
  c.bind(TOKENS.LiveEventPublisher).toDynamicValue((ctx) => ctx.get<StateAdapters>(STATE).livePublisher);
  c.bind(TOKENS.LiveEventReader).toDynamicValue((ctx) => ctx.get<StateAdapters>(STATE).liveReader);
  c.bind<AgentRuntime>(TOKENS.AgentRuntime).toDynamicValue(
    (ctx) =>
      new LangGraphAgentRuntime(
        ctx.get<ChatModelFactory>(TOKENS.ChatModelFactory),
        ctx.get<StateAdapters>(STATE).conversations,
        ctx.get<Logger>(TOKENS.Logger).child({ component: 'runtime' }),
        { maxOutputBytes: config.execution.maxOutputBytes },
      ),
  );
  c.bind(TOKENS.ExecuteAgent).toDynamicValue(
    (ctx) =>
      new ExecuteAgent({
        backend: ctx.get(TOKENS.StigmerBackend),
        sandboxProvider: ctx.get(TOKENS.SandboxProvider),
        skillInstaller: ctx.get(TOKENS.SkillInstaller),
        runtime: ctx.get(TOKENS.AgentRuntime),
        sessionLock: ctx.get(TOKENS.SessionLock),
        livePublisher: ctx.get(TOKENS.LiveEventPublisher),
        clock: ctx.get(TOKENS.Clock),
        logger: ctx.get(TOKENS.Logger),
        metrics: ctx.get(TOKENS.Metrics),
        settings: executeAgentSettings(config),
      }),
  );
  return c;
}

/** Token for the state adapter bundle (Redis or in-memory), so they share one Redis client. */
export const STATE = Symbol.for('agent-runner.StateAdapters');

export function executeAgentSettings(config: Config): ExecuteAgentSettings {
  return {
    statusFlushIntervalMs: config.execution.statusFlushIntervalMs,
    maxToolResultChars: config.execution.maxToolResultChars,
    finalStatusRetryMs: config.execution.finalStatusRetryMs,
    recursionLimit: config.execution.recursionLimit,
    commandTimeoutMs: config.execution.commandTimeoutMs,
    sessionLockWaitMs: config.execution.sessionLockWaitMs,
    skillsRoot: config.skills.root,
    llm: { provider: config.llm.provider, model: config.llm.model, maxTokens: config.llm.maxTokens, temperature: config.llm.temperature },
  };
}

/** The worker's own secret values, masked in every log line. */
export function workerSecrets(env: NodeJS.ProcessEnv): string[] {
  return SECRET_VARIABLES.map((name) => env[name]).filter((v): v is string => typeof v === 'string' && v.length > 0);
}
