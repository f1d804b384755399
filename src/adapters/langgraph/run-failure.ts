import { CancelledError, describeError, InternalError, isDomainError, ModelError, type DomainError } from '../../domain/errors/domain-errors';

/**
 * The error a failed run is reported with: cancellation when the caller aborted, the recursion limit in words,
 * and otherwise the first domain error in the cause chain (langchain wraps errors raised under middleware in a
 * MiddlewareError), e.g. a provider failure already translated by the model adapter.
 */
export function runFailure(error: unknown, callerSignal: AbortSignal, recursionLimit: number): Error {
  if (callerSignal.aborted) return new CancelledError(reasonOf(callerSignal), { cause: error });
  const chain = causeChain(error);
  const domain = chain.find(isDomainError) as DomainError | undefined;
  if (domain) return domain;
  if (chain.some((e) => e instanceof Error && e.name === 'GraphRecursionError')) {
    return new ModelError(`the agent did not finish within the recursion limit of ${recursionLimit} steps (AGENT_RECURSION_LIMIT)`, { cause: error });
  }
  const innermost = chain.at(-1);
  return new InternalError(`agent run failed: ${describeError(innermost)}`, { cause: error });
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 8; current = (current as { cause?: unknown }).cause) {
    chain.push(current);
    if (typeof current !== 'object' || current === null) break;
  }
  return chain;
}

function reasonOf(signal: AbortSignal): string {
  const reason: unknown = signal.reason;
  if (reason instanceof Error && reason.name !== 'AbortError' && reason.message) return reason.message;
  if (typeof reason === 'string' && reason) return reason;
  return 'execution cancelled';
}
