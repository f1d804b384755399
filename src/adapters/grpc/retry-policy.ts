import { status as GrpcCode } from '@grpc/grpc-js';

/** Codes that mean "the request may not have been processed; trying again is safe for idempotent calls". */
export const RETRYABLE_CODES: ReadonlySet<number> = new Set([GrpcCode.UNAVAILABLE, GrpcCode.DEADLINE_EXCEEDED]);

/**
 * Exponential backoff with "equal jitter": half the step is fixed, half random. The fixed half guarantees that
 * `maxRetries` covers a known minimum outage length; the random half spreads reconnecting runners apart.
 */
export function backoffDelayMs(attempt: number, baseMs: number, maxMs: number, random: () => number = Math.random): number {
  const step = Math.min(maxMs, baseMs * 2 ** attempt);
  return step / 2 + random() * (step / 2);
}
