import type { Logger } from '../../../ports/logger.port';
import type { Config } from '../../config/config';
import { sandboxProviderFor } from '../../container/sandbox-provider';
import { backendCheck } from './backend-check';
import { CheckFailure, errorText, type DoctorCheck } from './check';
import { daytonaSandboxCheck } from './daytona-check';
import { dockerSandboxCheck } from './docker-check';
import { localSandboxChecks } from './local-sandbox-check';
import { modelCheck } from './model-check';
import { redisCheck } from './redis-check';
import { temporalCheck } from './temporal-check';

/** The checks after configuration, in the order they are printed. */
export function doctorChecks(config: Config, env: NodeJS.ProcessEnv, timeoutMs: number): DoctorCheck[] {
  return [
    temporalCheck(config, timeoutMs),
    backendCheck(config, timeoutMs),
    ...(config.redis.enabled ? [redisCheck(config)] : []),
    ...sandboxChecks(config, env, timeoutMs),
    modelCheck(config, timeoutMs),
  ];
}

function sandboxChecks(config: Config, env: NodeJS.ProcessEnv, timeoutMs: number): DoctorCheck[] {
  switch (config.sandbox.kind) {
    case 'local': {
      const [root, ...rest] = localSandboxChecks(config);
      return [wired(config, root), ...rest];
    }
    case 'docker':
      return [wired(config, dockerSandboxCheck(config, env, timeoutMs))];
    case 'daytona':
      return [wired(config, daytonaSandboxCheck(config, timeoutMs))];
  }
}

/** After the kind's own probe: the worker builds its provider with sandboxProviderFor, so a kind it cannot build fails here, not at startup. */
function wired(config: Config, check: DoctorCheck): DoctorCheck {
  return {
    ...check,
    async run(signal) {
      const detail = await check.run(signal);
      try {
        sandboxProviderFor(config, SILENT);
      } catch (err) {
        throw new CheckFailure(errorText(err), 'set SANDBOX_TYPE to a sandbox this build supports (filesystem or docker)');
      }
      return detail;
    },
  };
}

const SILENT: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => SILENT,
};
