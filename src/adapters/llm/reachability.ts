import { ConfigurationError, describeError } from '../../domain/errors/domain-errors';
import { displayUrl } from './display-url';

export interface ReachabilityProbe {
  provider: string;
  /** Full URL of a cheap authenticated GET (model list). */
  url: string;
  headers: Record<string, string>;
  keyVariable?: string;
  timeoutMs: number;
}

/**
 * GETs the probe URL. Any answer other than an auth failure or a 5xx proves the endpoint is there; a refused
 * connection, DNS failure or timeout becomes a ConfigurationError naming the URL. Returns the parsed JSON body.
 */
export async function probe(target: ReachabilityProbe): Promise<unknown> {
  const where = `${target.provider} at ${displayUrl(target.url)}`;
  let response: Response;
  try {
    response = await fetch(target.url, { headers: target.headers, signal: AbortSignal.timeout(target.timeoutMs) });
  } catch (err) {
    throw new ConfigurationError(`cannot reach ${where}: ${failureReason(err, target.timeoutMs)}`);
  }
  if (response.status === 401 || response.status === 403) {
    throw new ConfigurationError(`${where} rejected the API key${target.keyVariable ? ` from ${target.keyVariable}` : ''} (HTTP ${response.status})`);
  }
  if (response.status >= 500) throw new ConfigurationError(`${where} is not healthy (HTTP ${response.status})`);
  return response.ok ? response.json().catch(() => undefined) : undefined;
}

function failureReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return typeof cause?.message === 'string' ? cause.message : describeError(err);
}
