import { CancelledError, describeError, InternalError, isDomainError, ModelError } from '../../domain/errors/domain-errors';

/**
 * The error a failed run is reported with: cancellation when the caller aborted, the recursion limit in words,
 * domain errors (e.g. a provider failure already translated by the model adapter) as they are.
 */
export function runFailure(error: unknown, callerSignal: AbortSignal, recursionLimit: number): Error {
  if (callerSignal.aborted) return new CancelledError(reasonOf(callerSignal), { cause: error });
  if (isDomainError(error)) return error;
  const name = error instanceof Error ? error.name : '';
  if (name === 'GraphRecursionError') {
    return new ModelError(`the agent did not finish within the recursion limit of ${recursionLimit} steps (AGENT_RECURSION_LIMIT)`, { cause: error });
  }
  return new InternalError(`agent run failed: ${describeError(error)}`, { cause: error });
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return reason.message;
  if (typeof reason === 'string' && reason) return reason;
  return 'execution cancelled';
}
