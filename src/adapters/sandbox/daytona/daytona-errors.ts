import {
  DaytonaAuthenticationError,
  DaytonaAuthorizationError,
  DaytonaError,
  DaytonaForbiddenError,
  DaytonaNotFoundError,
} from '@daytonaio/sdk';
import { ConfigurationError, DomainError, SandboxUnavailableError } from '../../../domain/errors/domain-errors';

export function isDaytonaNotFound(err: unknown): boolean {
  return err instanceof DaytonaNotFoundError;
}

/** SDK errors as domain errors: bad credentials are a configuration problem, everything else "sandbox unavailable". */
export function toDomainError(action: string, err: unknown): Error {
  if (err instanceof DomainError) return err;
  const detail = err instanceof Error ? err.message : String(err);
  if (err instanceof DaytonaAuthenticationError || err instanceof DaytonaAuthorizationError || err instanceof DaytonaForbiddenError) {
    return new ConfigurationError(`${action}: Daytona rejected the credentials (check DAYTONA_API_KEY): ${detail}`, { cause: err });
  }
  const status = err instanceof DaytonaError && err.statusCode ? ` (HTTP ${err.statusCode})` : '';
  return new SandboxUnavailableError(`${action}: ${detail}${status}`, { cause: err });
}
