import { ExecuteAgent, type ExecuteAgentDeps } from '../../src/application/execute-agent/execute-agent';
import type { ExecuteAgentSettings } from '../../src/application/execute-agent/execute-agent.types';
import { FakeAgentRuntime, type FakeRunStep } from '../../src/adapters/fakes/fake-agent-runtime';
import { FakeSandboxProvider } from '../../src/adapters/fakes/fake-sandbox';
import type { FakeStigmerBackend } from '../../src/adapters/fakes/fake-stigmer-backend';
import { RecordingLogger } from '../../src/adapters/fakes/recording-logger';
import { RecordingMetrics } from '../../src/adapters/fakes/recording-metrics';
import { SystemClock } from '../../src/adapters/system/system-clock';
import { InMemorySessionLock } from '../../src/adapters/memory/in-memory-session-lock';
import { InMemoryLiveEvents } from '../../src/adapters/memory/in-memory-live-events';
import type { Sandbox } from '../../src/ports/sandbox.port';
import type { InstalledSkill, SkillInstaller } from '../../src/ports/skill-installer.port';
import type { Skill } from '../../src/domain/model/resources';
import { skillDirectoryName } from '../../src/domain/skills/skill-directory';
import { seededBackend } from './fixtures';

export const testSettings: ExecuteAgentSettings = {
  statusFlushIntervalMs: 20,
  maxToolResultChars: 4096,
  finalStatusRetryMs: 10_000,
  recursionLimit: 50,
  commandTimeoutMs: 10_000,
  sessionLockWaitMs: 5_000,
  skillsRoot: '/bin/skills',
  llm: { provider: 'scripted', model: 'example' },
};

/** Writes SKILL.md only: enough for use-case tests that are not about archives (those use the real installer). */
export class SkillMdInstaller implements SkillInstaller {
  readonly calls: Skill[][] = [];
  async install(sandbox: Sandbox, skills: Skill[]): Promise<InstalledSkill[]> {
    this.calls.push(skills);
    const root = sandbox.skillsRoot ?? '/bin/skills';
    const installed: InstalledSkill[] = [];
    for (const skill of skills) {
      const location = `${root}/${skillDirectoryName(skill)}`;
      await sandbox.upload([{ path: `${location}/SKILL.md`, content: new TextEncoder().encode(skill.skillMd) }]);
      installed.push({ skill, location, skillMdOnly: true, alreadyPresent: false });
    }
    return installed;
  }
}

export interface Harness {
  useCase: ExecuteAgent;
  backend: FakeStigmerBackend;
  sandboxes: FakeSandboxProvider;
  runtime: FakeAgentRuntime;
  logger: RecordingLogger;
  metrics: RecordingMetrics;
  live: InMemoryLiveEvents;
  installer: SkillInstaller;
}

export function buildHarness(
  steps: ConstructorParameters<typeof FakeAgentRuntime>[0] = [],
  overrides: Partial<ExecuteAgentDeps> & { backend?: FakeStigmerBackend } = {},
): Harness {
  const backend = overrides.backend ?? seededBackend();
  const sandboxes = (overrides.sandboxProvider as FakeSandboxProvider | undefined) ?? new FakeSandboxProvider();
  const runtime = (overrides.runtime as FakeAgentRuntime | undefined) ?? new FakeAgentRuntime(steps);
  const logger = new RecordingLogger();
  const metrics = new RecordingMetrics();
  const live = new InMemoryLiveEvents();
  const installer = overrides.skillInstaller ?? new SkillMdInstaller();
  const useCase = new ExecuteAgent({
    backend,
    sandboxProvider: sandboxes,
    skillInstaller: installer,
    runtime,
    sessionLock: overrides.sessionLock ?? new InMemorySessionLock(),
    livePublisher: live,
    clock: overrides.clock ?? new SystemClock(),
    logger,
    metrics,
    settings: overrides.settings ?? testSettings,
  });
  return { useCase, backend, sandboxes, runtime, logger, metrics, live, installer };
}

export type { FakeRunStep };
