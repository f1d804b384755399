import { ConfigurationError } from '../../domain/errors/domain-errors';
import type { Logger } from '../../ports/logger.port';
import type { SandboxProvider } from '../../ports/sandbox.port';
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
      throw new ConfigurationError('SANDBOX_TYPE=daytona: the Daytona adapter is not wired yet');
  }
}
