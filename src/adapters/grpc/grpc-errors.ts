import { status as GrpcCode, type ServiceError } from '@grpc/grpc-js';
import {
  BackendUnavailableError,
  ConfigurationError,
  type DomainError,
  InternalError,
  InvalidInputError,
  NotFoundError,
} from '../../domain/errors/domain-errors';

/** What a call was about, so errors can name the resource instead of a method path. */
export interface CallTarget {
  /** e.g. "get session" — used in sentences. */
  operation: string;
  /** e.g. "session", "skill reference". */
  resource: string;
  /** id or reference label of the resource. */
  id: string;
}

export function isServiceError(err: unknown): err is ServiceError {
  return typeof err === 'object' && err !== null && typeof (err as ServiceError).code === 'number' && 'details' in err;
}

export function codeName(code: number): string {
  return GrpcCode[code] ?? `code ${code}`;
}

/** Maps a gRPC failure onto a domain error whose message names the resource and, for outages, the endpoint. */
export function toDomainError(err: unknown, target: CallTarget, endpoint: string, attempts: number): DomainError {
  if (!isServiceError(err)) {
    return new InternalError(`could not ${target.operation} ${target.id}: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
  }
  const reason = err.details || codeName(err.code);
  switch (err.code) {
    case GrpcCode.NOT_FOUND:
      return new NotFoundError(target.resource, target.id, { cause: err });
    case GrpcCode.INVALID_ARGUMENT:
    case GrpcCode.FAILED_PRECONDITION:
    case GrpcCode.OUT_OF_RANGE:
      return new InvalidInputError(`${target.resource} ${target.id}`.trim(), reason, { cause: err });
    case GrpcCode.UNAVAILABLE:
    case GrpcCode.DEADLINE_EXCEEDED:
      return new BackendUnavailableError(
        `stigmer backend at ${endpoint} is unavailable: could not ${target.operation} ${target.id} after ${attempts} attempt(s) (${codeName(err.code)}: ${reason})`,
        { cause: err },
      );
    case GrpcCode.UNAUTHENTICATED:
    case GrpcCode.PERMISSION_DENIED:
      return new ConfigurationError(
        `stigmer backend at ${endpoint} refused to ${target.operation} ${target.id} (${codeName(err.code)}): check STIGMER_API_KEY`,
        { cause: err },
      );
    default:
      return new InternalError(`stigmer backend failed to ${target.operation} ${target.id}: ${codeName(err.code)}: ${reason}`, { cause: err });
  }
}
