import { InvalidInputError } from '../errors/domain-errors';
import { LLM_PROVIDERS, type LlmProvider } from './model-selection';

export const MODEL_NAME_FIELD = 'executionConfig.modelName';

/**
 * Provider ids other LangChain tooling accepts in `provider:model` strings. They are not supported here; naming
 * them lets us reject `google-genai:gemini-pro` clearly instead of sending it to the worker's provider. A prefix
 * that is neither known nor listed here is part of the model name (e.g. the Ollama tag in `mistral:7b`).
 */
const UNSUPPORTED_PROVIDERS: readonly string[] = [
  'azure',
  'azure_openai',
  'bedrock',
  'cerebras',
  'cohere',
  'deepseek',
  'fireworks',
  'gemini',
  'google',
  'google-genai',
  'google-vertexai',
  'groq',
  'huggingface',
  'mistralai',
  'openrouter',
  'perplexity',
  'together',
  'vertexai',
  'xai',
];

export interface ParsedModelName {
  provider?: LlmProvider;
  model: string;
}

/** Splits an optional `provider:model` prefix off an execution's model name. */
export function parseModelName(raw: string): ParsedModelName {
  const colon = raw.indexOf(':');
  if (colon < 0) return { model: raw };
  const prefix = raw.slice(0, colon).toLowerCase();
  const rest = raw.slice(colon + 1);
  if ((LLM_PROVIDERS as readonly string[]).includes(prefix)) {
    if (rest.trim() === '') throw new InvalidInputError(MODEL_NAME_FIELD, `"${raw}" names provider ${prefix} but no model`);
    return { provider: prefix as LlmProvider, model: rest };
  }
  if (UNSUPPORTED_PROVIDERS.includes(prefix)) {
    throw new InvalidInputError(
      MODEL_NAME_FIELD,
      `provider "${prefix}" is not supported; use one of ${LLM_PROVIDERS.join(', ')} (e.g. "anthropic:claude-sonnet-4.5")`,
    );
  }
  return { model: raw };
}
