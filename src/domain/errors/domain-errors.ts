/**
 * Typed domain errors. Every message is meant for a person: it names the field or resource involved.
 * `code` is stable and used by adapters (gRPC status mapping, metrics labels).
 */
export type DomainErrorCode =
  | 'NOT_FOUND'
  | 'INVALID_INPUT'
  | 'SANDBOX_UNAVAILABLE'
  | 'CANCELLED'
  | 'BACKEND_UNAVAILABLE'
  | 'MODEL_ERROR'
  | 'SKILL_INSTALL_FAILED'
  | 'SESSION_BUSY'
  | 'CONFIGURATION'
  | 'INTERNAL';

export abstract class DomainError extends Error {
  abstract readonly code: DomainErrorCode;
  /** Retrying the same call may succeed (e.g. backend briefly down). */
  readonly retryable: boolean = false;

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

export class NotFoundError extends DomainError {
  readonly code = 'NOT_FOUND' as const;
  constructor(
    readonly resourceKind: string,
    readonly resourceId: string,
    options?: { cause?: unknown },
  ) {
    super(`${resourceKind} ${resourceId || '(empty id)'} not found`, options);
  }
}

export class InvalidInputError extends DomainError {
  readonly code = 'INVALID_INPUT' as const;
  constructor(
    readonly field: string,
    reason: string,
    options?: { cause?: unknown },
  ) {
    super(`invalid ${field}: ${reason}`, options);
  }
}

export class SandboxUnavailableError extends DomainError {
  readonly code = 'SANDBOX_UNAVAILABLE' as const;
}

export class CancelledError extends DomainError {
  readonly code = 'CANCELLED' as const;
  constructor(reason = 'execution cancelled', options?: { cause?: unknown }) {
    super(reason, options);
  }
}

export class BackendUnavailableError extends DomainError {
  readonly code = 'BACKEND_UNAVAILABLE' as const;
  override readonly retryable = true;
}

export class ModelError extends DomainError {
  readonly code = 'MODEL_ERROR' as const;
}

export class SkillInstallError extends DomainError {
  readonly code = 'SKILL_INSTALL_FAILED' as const;
}

export class SessionBusyError extends DomainError {
  readonly code = 'SESSION_BUSY' as const;
  constructor(readonly sessionId: string, waitedMs: number) {
    super(`session ${sessionId} is busy with another execution (waited ${Math.round(waitedMs / 1000)} s)`);
  }
}

export class ConfigurationError extends DomainError {
  readonly code = 'CONFIGURATION' as const;
}

export class InternalError extends DomainError {
  readonly code = 'INTERNAL' as const;
}

export function isDomainError(err: unknown): err is DomainError {
  return err instanceof DomainError;
}

/** A short, human message for any thrown value (never a stack trace). */
export function describeError(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  return 'unknown error';
}
