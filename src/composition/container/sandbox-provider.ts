import type { Logger } from '../../ports/logger.port';
import type { SandboxProvider } from '../../ports/sandbox.port';
import { DaytonaSandboxProvider } from '../../adapters/sandbox/daytona/daytona-sandbox-provider';
import { DockerSandboxProvider } from '../../adapters/sandbox/docker/docker-sandbox-provider';
import { LocalSandboxProvider } from '../../adapters/sandbox/local/local-sandbox-provider';
import type { Config } from '../config/config';

/** The one place that turns SANDBOX_TYPE (and friends) into a sandbox adapter. */
export function sandboxProviderFor(config: Config, logger: Logger): SandboxProvider {
  const { sandbox, execution, skills } = config;
  switch (sandbox.kind) {
    case 'local':
      return new LocalSandboxProvider({
        rootDir: sandbox.rootDir,
        isolation: sandbox.isolation,
        shareNetwork: sandbox.network !== 'none',
        commandTimeoutMs: execution.commandTimeoutMs,
        maxOutputBytes: execution.maxOutputBytes,
      });
    case 'docker':
      return new DockerSandboxProvider({
        image: sandbox.image,
        autoPull: sandbox.autoPull,
        cleanup: sandbox.cleanup,
        ttlSeconds: sandbox.ttlSeconds,
        network: sandbox.network,
        memoryMb: sandbox.memoryMb,
        cpus: sandbox.cpus,
        pidsLimit: sandbox.pidsLimit,
        user: sandbox.user,
        skillsRoot: skills.root,
        commandTimeoutMs: execution.commandTimeoutMs,
        maxOutputBytes: execution.maxOutputBytes,
        logger: logger.child({ component: 'docker-sandbox' }),
      });
    case 'daytona':
      return new DaytonaSandboxProvider({
        apiKey: sandbox.daytona.apiKey ?? '',
        apiUrl: sandbox.daytona.apiUrl,
        target: sandbox.daytona.target,
        snapshot: sandbox.daytona.snapshotId,
        image: sandbox.daytona.image,
        autoStopMinutes: sandbox.daytona.autoStopMinutes,
        readyTimeoutMs: sandbox.daytona.readyTimeoutMs,
        skillsRoot: skills.root,
        commandTimeoutMs: execution.commandTimeoutMs,
        maxOutputBytes: execution.maxOutputBytes,
        logger: logger.child({ component: 'daytona-sandbox' }),
      });
  }
}

/** Background upkeep a provider needs while the worker runs (the Docker idle reaper); returns a stop function. */
export function startSandboxUpkeep(provider: SandboxProvider): () => void {
  return provider instanceof DockerSandboxProvider ? provider.startReaper() : () => undefined;
}
