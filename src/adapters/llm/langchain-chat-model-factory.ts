import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ConfigurationError } from '../../domain/errors/domain-errors';
import type { ModelSelection } from '../../domain/model-selection/model-selection';
import type { ChatModelFactory } from '../../ports/chat-model-factory.port';
import { createAnthropicChatModel } from './anthropic/anthropic-chat-model';
import type { LlmClientOptions } from './llm-client-options';
import { createOllamaChatModel } from './ollama/ollama-chat-model';
import { createOpenAiChatModel } from './openai/openai-chat-model';
import { anthropicEndpoint, defaultBaseUrl, ollamaBaseUrl, openAiEndpoint } from './provider-credentials';
import { probe } from './reachability';
import { ScriptedModelSource } from './scripted/create-scripted-model';

const DEFAULT_CHECK_TIMEOUT_MS = 5000;

/** Builds LangChain chat models for openai, anthropic, ollama and the offline `scripted` provider. */
export class LangChainChatModelFactory implements ChatModelFactory {
  private readonly scripted: ScriptedModelSource;

  constructor(private readonly options: LlmClientOptions) {
    this.scripted = new ScriptedModelSource(options);
  }

  create(selection: ModelSelection): BaseChatModel {
    switch (selection.provider) {
      case 'openai':
        return createOpenAiChatModel(selection, this.options);
      case 'anthropic':
        return createAnthropicChatModel(selection, this.options);
      case 'ollama':
        return createOllamaChatModel(selection, this.options);
      case 'scripted':
        return this.scripted.create(selection);
      default:
        throw new ConfigurationError(`unknown LLM provider "${String(selection.provider)}" (STIGMER_LLM_PROVIDER accepts openai, anthropic, ollama, scripted)`);
    }
  }

  async check(selection: ModelSelection): Promise<void> {
    const timeoutMs = this.options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
    switch (selection.provider) {
      case 'openai': {
        const endpoint = openAiEndpoint(this.options);
        const base = trimSlash(endpoint.baseUrl ?? defaultBaseUrl('openai'));
        await probe({ provider: 'openai', url: `${base}/models`, headers: { authorization: `Bearer ${endpoint.apiKey}` }, keyVariable: endpoint.keyVariable, timeoutMs });
        return;
      }
      case 'anthropic': {
        const endpoint = anthropicEndpoint(this.options);
        const base = trimSlash(endpoint.baseUrl ?? defaultBaseUrl('anthropic'));
        await probe({
          provider: 'anthropic',
          url: `${base}/v1/models`,
          headers: { 'x-api-key': endpoint.apiKey, 'anthropic-version': '2023-06-01' },
          keyVariable: endpoint.keyVariable,
          timeoutMs,
        });
        return;
      }
      case 'ollama': {
        const base = trimSlash(ollamaBaseUrl(this.options));
        const tags = await probe({ provider: 'ollama', url: `${base}/api/tags`, headers: {}, timeoutMs });
        assertOllamaHasModel(tags, selection.model, base);
        return;
      }
      case 'scripted':
        this.scripted.script(selection);
        return;
      default:
        throw new ConfigurationError(`unknown LLM provider "${String(selection.provider)}"`);
    }
  }
}

/** A missing Ollama model is the most common local setup mistake; say how to fix it. */
function assertOllamaHasModel(tags: unknown, model: string, base: string): void {
  const models = (tags as { models?: { name?: unknown }[] } | undefined)?.models;
  if (!Array.isArray(models)) return;
  const names = models.map((m) => m.name).filter((n): n is string => typeof n === 'string');
  if (!names.some((name) => name === model || name === `${model}:latest`)) {
    throw new ConfigurationError(`ollama at ${base} does not have model "${model}" (run: ollama pull ${model}); it has: ${names.join(', ') || 'no models'}`);
  }
}

function trimSlash(url: string): string {
  return url.replace(/\/+$/, '');
}
