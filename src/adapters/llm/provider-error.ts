import { describeError, isDomainError, ModelError } from '../../domain/errors/domain-errors';
import { displayUrl } from './display-url';
import { httpStatusOf, isAbort } from './retry-policy';

/** What a failed model call is reported against. `apiKey` is only used to scrub it from provider messages. */
export interface ProviderCallContext {
  provider: string;
  model: string;
  baseUrl: string;
  maxRetries: number;
  keyVariable?: string;
  apiKey?: string;
}

/**
 * Turns a provider SDK failure into a ModelError a person can act on (which endpoint, which variable, which HTTP
 * status). Aborts and domain errors pass through unchanged. The API key is scrubbed from any provider text.
 */
export function translateProviderError(context: ProviderCallContext, error: unknown): unknown {
  if (isAbort(error) || isDomainError(error)) return error;
  const where = `${context.provider} at ${displayUrl(context.baseUrl)}`;
  const status = httpStatusOf(error);
  const detail = scrub(describeError(error), context.apiKey);
  const retried = context.maxRetries > 0 ? ` after ${context.maxRetries} retries` : '';
  let message: string;
  if (status === undefined) message = `cannot reach ${where}${retried}: ${networkReason(error) ?? detail}`;
  else if (status === 401 || status === 403) message = `${where} rejected the API key${context.keyVariable ? ` from ${context.keyVariable}` : ''} (HTTP ${status})`;
  else if (status === 404) message = `${where} answered HTTP 404 for model "${context.model}" (unknown model or wrong base URL): ${detail}`;
  else if (status === 429) message = `${where} is rate limiting requests (HTTP 429${retried}): ${detail}`;
  else if (status >= 500) message = `${where} failed with HTTP ${status}${retried}: ${detail}`;
  else message = `${where} rejected the request (HTTP ${status}): ${detail}`;
  return new ModelError(message, { cause: error });
}

/** Re-throws stream failures translated; the stream's values pass through untouched. */
export async function* translateStreamErrors<T>(context: ProviderCallContext, stream: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    yield* stream;
  } catch (error) {
    throw translateProviderError(context, error);
  }
}

export async function translateCallErrors<T>(context: ProviderCallContext, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw translateProviderError(context, error);
  }
}

function networkReason(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth += 1) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && /^E[A-Z]+/.test(code)) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function scrub(text: string, secret: string | undefined): string {
  return secret && secret.length >= 4 ? text.split(secret).join('[redacted]') : text;
}
