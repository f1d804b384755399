import { Metadata, type ServiceError, status as GrpcCode } from '@grpc/grpc-js';
import { DomainError, InvalidInputError, NotFoundError } from '../../domain/errors/domain-errors';
import type { Logger } from '../../ports/logger.port';

/**
 * Domain errors → gRPC status the way stigmer-server reports them: NOT_FOUND "<Kind> not found: <id>",
 * INVALID_ARGUMENT with the reason, anything else INTERNAL (logged here, details kept generic).
 */
export function toServiceError(err: unknown, logger: Logger | undefined, method: string): Partial<ServiceError> {
  if (err instanceof NotFoundError) return status(GrpcCode.NOT_FOUND, `${err.resourceKind} not found: ${err.resourceId}`);
  if (err instanceof InvalidInputError) return status(GrpcCode.INVALID_ARGUMENT, err.message);
  logger?.error('local backend request failed', { method, error: err instanceof Error ? err.message : String(err) });
  const detail = err instanceof DomainError ? err.message : 'internal error';
  return status(GrpcCode.INTERNAL, detail);
}

function status(code: GrpcCode, details: string): Partial<ServiceError> {
  return { code, details, metadata: new Metadata() };
}
