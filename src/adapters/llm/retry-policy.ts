/**
 * One retry decision for every provider, plugged into LangChain's AsyncCaller (`onFailedAttempt`): it returns to
 * retry (with the caller's exponential backoff) and throws to give up. Retried: HTTP 429 (even without a
 * retry-after header, which LangChain's default gives up on), 5xx and network failures. Never retried: aborts and
 * other 4xx (bad key, bad request, unknown model).
 */
export function retryTransientFailures(error: unknown): void {
  if (isAbort(error)) throw error;
  const status = httpStatusOf(error);
  if (status === undefined) return;
  if (status === 429 || status >= 500) return;
  throw error;
}

export function httpStatusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const candidate = error as { status?: unknown; status_code?: unknown; statusCode?: unknown; response?: { status?: unknown } };
  for (const value of [candidate.status, candidate.status_code, candidate.statusCode, candidate.response?.status]) {
    if (typeof value === 'number') return value;
  }
  return undefined;
}

export function isAbort(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { name, message } = error as { name?: unknown; message?: unknown };
  return name === 'AbortError' || (typeof message === 'string' && (message.startsWith('Abort') || message === 'Aborted'));
}
