import { ChatAnthropic, type AnthropicInput } from '@langchain/anthropic';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { BaseChatModelParams } from '@langchain/core/language_models/chat_models';
import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import type { ModelSelection } from '../../../domain/model-selection/model-selection';
import type { LlmClientOptions } from '../llm-client-options';
import { anthropicEndpoint, defaultBaseUrl } from '../provider-credentials';
import { translateCallErrors, translateStreamErrors, type ProviderCallContext } from '../provider-error';
import { retryTransientFailures } from '../retry-policy';

/** ChatAnthropic whose failures are reported as ModelErrors naming the endpoint and key variable. */
export class AnthropicChatModel extends ChatAnthropic {
  constructor(
    fields: Partial<AnthropicInput> & BaseChatModelParams,
    private readonly callContext: ProviderCallContext,
  ) {
    super(fields);
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    yield* translateStreamErrors(this.callContext, super._streamResponseChunks(messages, options, runManager));
  }

  /** The content-block event protocol (streamEvents v3) gets the same error reporting. */
  override async *_streamChatModelEvents(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatModelStreamEvent> {
    yield* translateStreamErrors(this.callContext, super._streamChatModelEvents(messages, options, runManager));
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    return translateCallErrors(this.callContext, () => super._generate(messages, options, runManager));
  }
}

export function createAnthropicChatModel(selection: ModelSelection, options: LlmClientOptions): AnthropicChatModel {
  const endpoint = anthropicEndpoint(options);
  const baseUrl = endpoint.baseUrl ?? defaultBaseUrl('anthropic');
  return new AnthropicChatModel(
    {
      model: selection.model,
      apiKey: endpoint.apiKey,
      anthropicApiUrl: baseUrl,
      maxTokens: selection.maxTokens,
      temperature: selection.temperature,
      maxRetries: options.maxRetries,
      onFailedAttempt: retryTransientFailures,
    },
    {
      provider: 'anthropic',
      model: selection.model,
      baseUrl,
      maxRetries: options.maxRetries,
      keyVariable: endpoint.keyVariable,
      apiKey: endpoint.apiKey,
    },
  );
}
