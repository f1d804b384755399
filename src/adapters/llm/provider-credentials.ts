import { ConfigurationError } from '../../domain/errors/domain-errors';
import type { LlmProvider } from '../../domain/model-selection/model-selection';
import type { LlmClientOptions } from './llm-client-options';

/** Where one provider's key and endpoint come from. `keyVariable` names the variable the key was read from. */
export interface ProviderEndpoint {
  apiKey: string;
  keyVariable: string;
  baseUrl?: string;
}

const DEFAULT_BASE_URLS = {
  openai: 'https://api.openai.com/v1',
  anthropic: 'https://api.anthropic.com',
} as const;

/** OpenAI reads OPENAI_API_KEY then STIGMER_LLM_API_KEY; it never borrows the Anthropic key. */
export function openAiEndpoint(options: LlmClientOptions): ProviderEndpoint {
  return keyedEndpoint('openai', options.openaiApiKey, 'OPENAI_API_KEY', options, options.openaiBaseUrl);
}

/** Anthropic reads ANTHROPIC_API_KEY then STIGMER_LLM_API_KEY; it never borrows the OpenAI key. */
export function anthropicEndpoint(options: LlmClientOptions): ProviderEndpoint {
  return keyedEndpoint('anthropic', options.anthropicApiKey, 'ANTHROPIC_API_KEY', options, options.anthropicBaseUrl);
}

export function ollamaBaseUrl(options: LlmClientOptions): string {
  const url = options.ollamaBaseUrl ?? configuredBaseUrl('ollama', options);
  if (!url) {
    throw new ConfigurationError('OLLAMA_BASE_URL is not set: the ollama provider needs the server address, e.g. http://localhost:11434');
  }
  return url;
}

export function defaultBaseUrl(provider: 'openai' | 'anthropic'): string {
  return DEFAULT_BASE_URLS[provider];
}

function keyedEndpoint(
  provider: 'openai' | 'anthropic',
  ownKey: string | undefined,
  ownVariable: string,
  options: LlmClientOptions,
  ownBaseUrl: string | undefined,
): ProviderEndpoint {
  const apiKey = ownKey ?? options.stigmerApiKey;
  if (!apiKey) {
    throw new ConfigurationError(
      `${ownVariable} is not set: the ${provider} provider needs an API key (set ${ownVariable}, or STIGMER_LLM_API_KEY; any value works for endpoints that need none)`,
    );
  }
  return {
    apiKey,
    keyVariable: ownKey ? ownVariable : 'STIGMER_LLM_API_KEY',
    baseUrl: ownBaseUrl ?? configuredBaseUrl(provider, options),
  };
}

function configuredBaseUrl(provider: LlmProvider, options: LlmClientOptions): string | undefined {
  return options.provider === provider ? options.baseUrl : undefined;
}
