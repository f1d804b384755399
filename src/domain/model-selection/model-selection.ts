export type LlmProvider = 'openai' | 'anthropic' | 'ollama' | 'scripted';

export const LLM_PROVIDERS: readonly LlmProvider[] = ['openai', 'anthropic', 'ollama', 'scripted'];

/** The model one execution runs with, after the cascade and friendly-name mapping. */
export interface ModelSelection {
  provider: LlmProvider;
  /** The id sent to the provider (friendly names already mapped). */
  model: string;
  maxTokens?: number;
  temperature?: number;
  /** Where the selection came from, for logs and errors. */
  source: 'execution' | 'environment' | 'default';
}
