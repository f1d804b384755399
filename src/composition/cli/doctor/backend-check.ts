import { randomBytes } from 'node:crypto';
import { status as GrpcCode } from '@grpc/grpc-js';
import { GrpcStigmerBackend } from '../../../adapters/grpc';
import { BackendUnavailableError, ConfigurationError, InvalidInputError, NotFoundError } from '../../../domain/errors/domain-errors';
import type { Config } from '../../config/config';
import { CheckFailure, duration, type DoctorCheck } from './check';

/**
 * Asks STIGMER_BACKEND_ENDPOINT for a session that cannot exist: NOT_FOUND proves the server is up, speaks the
 * protocol and accepted STIGMER_API_KEY, without reading or changing anything real.
 */
export function backendCheck(config: Config, timeoutMs: number): DoctorCheck {
  const { endpoint } = config.backend;
  const where = `${endpoint}${config.backend.tls ? ' (TLS)' : ''}`;
  return {
    name: 'Stigmer backend',
    required: true,
    fix: `start stigmer-server (or \`agent-runner dev\`, which embeds a local backend), or set STIGMER_BACKEND_ENDPOINT to its host:port (now ${endpoint})`,
    async run(signal) {
      const backend = new GrpcStigmerBackend({ ...config.backend, timeoutMs: Math.min(timeoutMs, config.backend.timeoutMs), maxRetries: 0 });
      const close = () => backend.close();
      signal.addEventListener('abort', close, { once: true });
      try {
        await backend.getSession(`doctor-probe-${randomBytes(6).toString('hex')}`);
        return `${where} answers`;
      } catch (err) {
        if (err instanceof NotFoundError) return `${where} answers (a probe for a non-existent session got NOT_FOUND, as it should)`;
        if (err instanceof InvalidInputError) return `${where} answers (it rejected the probe's session id: ${err.message})`;
        if (err instanceof ConfigurationError) {
          throw new CheckFailure(err.message, 'set STIGMER_API_KEY to a key this backend accepts');
        }
        if (err instanceof BackendUnavailableError) throw new CheckFailure(`${where} is unreachable: ${unreachableReason(err, timeoutMs)}`);
        throw err;
      } finally {
        signal.removeEventListener('abort', close);
        backend.close();
      }
    },
  };
}

/** The transport reason without grpc-js' boilerplate, e.g. "connect ECONNREFUSED 127.0.0.1:50051". */
function unreachableReason(err: BackendUnavailableError, timeoutMs: number): string {
  const cause = err.cause as { code?: unknown; details?: unknown } | undefined;
  if (cause?.code === GrpcCode.DEADLINE_EXCEEDED) return `no answer within ${duration(timeoutMs)}`;
  const details = typeof cause?.details === 'string' ? cause.details : err.message;
  const transport = /(?:connect|getaddrinfo) [A-Z_]+[^\s.]*(?: \S+?)?(?=\.?\s|\.?$)/.exec(details);
  return transport ? transport[0] : details.replace(/\s*Resolution note:\s*$/, '').trim();
}
