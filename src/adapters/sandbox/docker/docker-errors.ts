import { SandboxUnavailableError } from '../../../domain/errors/domain-errors';

interface ModemError {
  statusCode?: number;
  code?: string;
  json?: { message?: string } | null;
  reason?: string;
  message?: string;
}

export function statusCodeOf(err: unknown): number | undefined {
  return (err as ModemError | undefined)?.statusCode;
}

export function isNotFound(err: unknown): boolean {
  return statusCodeOf(err) === 404;
}

/** The daemon's own message when it sent one, else the transport error. */
export function dockerMessage(err: unknown): string {
  const e = err as ModemError | undefined;
  return e?.json?.message ?? e?.reason ?? e?.message ?? String(err);
}

/** Errors that mean "no daemon to talk to" rather than "the daemon said no". */
export function isConnectionError(err: unknown): boolean {
  const code = (err as ModemError | undefined)?.code;
  return code === 'ECONNREFUSED' || code === 'ENOENT' || code === 'EACCES' || code === 'ECONNRESET' || code === 'ETIMEDOUT' || code === 'EHOSTUNREACH';
}

export function toSandboxUnavailable(action: string, err: unknown): SandboxUnavailableError {
  const detail = isConnectionError(err) ? `the Docker daemon is not reachable (${dockerMessage(err)})` : dockerMessage(err);
  return new SandboxUnavailableError(`${action}: ${detail}`, { cause: err });
}
