import { createRedisClient, verifyRedis } from '../../../adapters/redis';
import type { Config } from '../../config/config';
import { CheckFailure, errorText, type DoctorCheck } from './check';

/** PINGs the configured Redis; only added when Redis is enabled. Required in cloud mode or with several replicas. */
export function redisCheck(config: Config): DoctorCheck {
  const { host, port, tls, required } = config.redis;
  const address = `${host}:${port}${tls ? ' (TLS)' : ''}`;
  const why = required
    ? `required: ${config.mode === 'cloud' ? 'MODE=cloud' : 'AGENT_RUNNER_REPLICAS > 1'}`
    : 'REDIS_HOST is set; without it state stays in memory';
  return {
    name: 'Redis',
    required,
    fix: required
      ? `start Redis at ${host}:${port} or set REDIS_HOST / REDIS_PORT (and REDIS_PASSWORD, REDIS_TLS) to the one the workers share`
      : `start Redis at ${host}:${port}, fix REDIS_HOST / REDIS_PORT / REDIS_PASSWORD, or unset REDIS_HOST to keep state in memory`,
    async run(signal) {
      const client = createRedisClient({ host, port, password: config.redis.password, tls, connectionName: 'agent-runner-doctor' });
      // The driver's first connection error says why (ECONNREFUSED, NOAUTH…); the failed PING only says "closed".
      let firstError: unknown;
      client.on('error', (err: unknown) => (firstError ??= err));
      const stop = () => client.disconnect();
      signal.addEventListener('abort', stop, { once: true });
      try {
        await verifyRedis(client);
        return `${address} answers PING (${why})`;
      } catch (err) {
        throw new CheckFailure(`${address} does not answer PING: ${errorText(firstError ?? err)}`);
      } finally {
        signal.removeEventListener('abort', stop);
        client.disconnect();
      }
    },
  };
}
