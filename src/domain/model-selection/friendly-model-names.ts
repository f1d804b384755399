import type { LlmProvider } from './model-selection';

/** Short names users and the original defaults use, mapped to the ids each provider actually accepts. */
const FRIENDLY_MODEL_NAMES: Readonly<Record<LlmProvider, Readonly<Record<string, string>>>> = {
  anthropic: {
    'claude-sonnet-4.5': 'claude-sonnet-4-5-20250929',
    'claude-opus-4': 'claude-opus-4-20250514',
    'claude-haiku-4': 'claude-haiku-4-20250313',
  },
  ollama: {
    'qwen2.5-coder': 'qwen2.5-coder:7b',
    'llama3.2': 'llama3.2:3b',
    'deepseek-coder': 'deepseek-coder-v2:16b',
    codellama: 'codellama:13b',
  },
  openai: {},
  scripted: {},
};

export function resolveFriendlyModelName(provider: LlmProvider, model: string): string {
  return Object.hasOwn(FRIENDLY_MODEL_NAMES[provider], model) ? FRIENDLY_MODEL_NAMES[provider][model] : model;
}
