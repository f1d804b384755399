import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { ChatOpenAI, type ChatOpenAICallOptions, type ChatOpenAIFields } from '@langchain/openai';
import type { ModelSelection } from '../../../domain/model-selection/model-selection';
import type { LlmClientOptions } from '../llm-client-options';
import { defaultBaseUrl, openAiEndpoint } from '../provider-credentials';
import { translateCallErrors, translateStreamErrors, type ProviderCallContext } from '../provider-error';
import { retryTransientFailures } from '../retry-policy';

/** ChatOpenAI whose failures are reported as ModelErrors naming the endpoint and key variable. */
export class OpenAiChatModel extends ChatOpenAI {
  constructor(
    fields: ChatOpenAIFields,
    private readonly callContext: ProviderCallContext,
  ) {
    super(fields);
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    yield* translateStreamErrors(this.callContext, super._streamResponseChunks(messages, options, runManager));
  }

  /** ChatOpenAI.withConfig (used by bindTools) builds a plain ChatOpenAI; keep this class and its error reporting. */
  override withConfig(config: Partial<ChatOpenAICallOptions>): OpenAiChatModel {
    const bound = new OpenAiChatModel(this.fields ?? {}, this.callContext);
    bound.defaultOptions = { ...this.defaultOptions, ...config };
    return bound;
  }

  /** The content-block event protocol (streamEvents v3) gets the same error reporting. */
  override async *_streamChatModelEvents(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatModelStreamEvent> {
    yield* translateStreamErrors(this.callContext, super._streamChatModelEvents(messages, options, runManager));
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    return translateCallErrors(this.callContext, () => super._generate(messages, options, runManager));
  }
}

/** OpenAI chat completions, or any OpenAI-compatible endpoint through OPENAI_BASE_URL / STIGMER_LLM_BASE_URL. */
export function createOpenAiChatModel(selection: ModelSelection, options: LlmClientOptions): OpenAiChatModel {
  const endpoint = openAiEndpoint(options);
  const baseUrl = endpoint.baseUrl ?? defaultBaseUrl('openai');
  return new OpenAiChatModel(
    {
      model: selection.model,
      apiKey: endpoint.apiKey,
      configuration: { baseURL: baseUrl },
      maxTokens: selection.maxTokens,
      temperature: selection.temperature,
      maxRetries: options.maxRetries,
      onFailedAttempt: retryTransientFailures,
      // Chat completions is what OpenAI-compatible servers implement; never switch to the Responses API.
      useResponsesApi: false,
      streamUsage: true,
    },
    {
      provider: 'openai',
      model: selection.model,
      baseUrl,
      maxRetries: options.maxRetries,
      keyVariable: endpoint.keyVariable,
      apiKey: endpoint.apiKey,
    },
  );
}
