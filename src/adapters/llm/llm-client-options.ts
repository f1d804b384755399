import type { LlmProvider } from '../../domain/model-selection/model-selection';

/**
 * What the chat model factory needs from configuration. Shaped like the `llm` block of the runner's Config so the
 * composition root can pass that block as it is.
 */
export interface LlmClientOptions {
  /** The worker's configured provider; STIGMER_LLM_BASE_URL (`baseUrl`) only applies to selections of it. */
  provider?: LlmProvider;
  stigmerApiKey?: string;
  openaiApiKey?: string;
  anthropicApiKey?: string;
  baseUrl?: string;
  openaiBaseUrl?: string;
  anthropicBaseUrl?: string;
  ollamaBaseUrl?: string;
  /** Script file for the `scripted` provider (STIGMER_LLM_SCRIPT). */
  scriptPath?: string;
  /** Retries after the first attempt for 429/5xx/network failures. */
  maxRetries: number;
  /** Time limit for each `check()` probe. */
  checkTimeoutMs?: number;
}
