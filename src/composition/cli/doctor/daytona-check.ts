import type { Config } from '../../config/config';
import { CheckFailure, type DoctorCheck } from './check';

/** Same default as the Daytona SDK. */
const DEFAULT_DAYTONA_API_URL = 'https://app.daytona.io/api';

/** The Daytona sandbox: DAYTONA_API_KEY present, and the API answers and accepts it (GET /api-keys/current). */
export function daytonaSandboxCheck(config: Config, timeoutMs: number): DoctorCheck {
  const { apiKey, apiUrl } = config.sandbox.daytona;
  const base = (apiUrl ?? DEFAULT_DAYTONA_API_URL).replace(/\/+$/, '');
  return {
    name: 'sandbox (daytona)',
    required: true,
    fix: `check that ${base} is reachable from this host (DAYTONA_API_URL), or use SANDBOX_TYPE=docker or filesystem`,
    async run(signal) {
      if (!apiKey) {
        throw new CheckFailure('DAYTONA_API_KEY is not set', 'set DAYTONA_API_KEY to an API key from the Daytona dashboard, or use SANDBOX_TYPE=docker or filesystem');
      }
      let response: Response;
      try {
        response = await fetch(`${base}/api-keys/current`, {
          headers: { authorization: `Bearer ${apiKey}` },
          signal: AbortSignal.any([signal, AbortSignal.timeout(timeoutMs)]),
        });
      } catch (err) {
        throw new CheckFailure(`cannot reach the Daytona API at ${base}: ${networkReason(err, timeoutMs)}`);
      }
      await response.body?.cancel();
      if (response.status === 401 || response.status === 403) {
        throw new CheckFailure(`the Daytona API at ${base} rejected DAYTONA_API_KEY (HTTP ${response.status})`, 'set DAYTONA_API_KEY to a valid API key');
      }
      if (!response.ok) throw new CheckFailure(`the Daytona API at ${base} answered HTTP ${response.status}`);
      return `API at ${base} answers and accepted DAYTONA_API_KEY`;
    },
  };
}

function networkReason(err: unknown, timeoutMs: number): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) return `no answer within ${timeoutMs} ms`;
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (typeof cause?.code === 'string') return cause.code;
  return err instanceof Error ? err.message : String(err);
}
