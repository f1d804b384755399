import { AsyncLocalStorage } from 'node:async_hooks';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import type { ChatModelStreamEvent } from '@langchain/core/language_models/event';
import type { BaseMessage } from '@langchain/core/messages';
import type { ChatGenerationChunk, ChatResult } from '@langchain/core/outputs';
import { AsyncCaller } from '@langchain/core/utils/async_caller';
import { ChatOllama, type ChatOllamaInput } from '@langchain/ollama';
import type { ModelSelection } from '../../../domain/model-selection/model-selection';
import type { LlmClientOptions } from '../llm-client-options';
import { ollamaBaseUrl } from '../provider-credentials';
import { translateCallErrors, translateStreamErrors, type ProviderCallContext } from '../provider-error';
import { retryTransientFailures } from '../retry-policy';

/**
 * The abort signal of the model call in progress. ChatOllama's client only aborts a stream after its first chunk;
 * carrying the call's signal down to `fetch` also cancels a request still waiting for the server.
 */
const callSignal = new AsyncLocalStorage<AbortSignal | undefined>();

class OllamaHttpError extends Error {
  constructor(
    readonly status: number,
    body: string,
  ) {
    super(`HTTP ${status}${body ? `: ${body.slice(0, 300)}` : ''}`);
    this.name = 'OllamaHttpError';
  }
}

/**
 * ChatOllama with what the upstream client lacks: retries on 429/5xx/network failures (the shared policy) and
 * cancellation of requests that have not produced a chunk yet. Failures become ModelErrors naming the endpoint.
 */
export class OllamaChatModel extends ChatOllama {
  constructor(
    fields: ChatOllamaInput,
    private readonly callContext: ProviderCallContext,
  ) {
    super(fields);
  }

  override async *_streamResponseChunks(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatGenerationChunk> {
    const chunks = super._streamResponseChunks(messages, options, runManager);
    yield* translateStreamErrors(this.callContext, withSignalInScope(options.signal, chunks));
  }

  /** The content-block event protocol (streamEvents v3) gets the same error reporting. */
  override async *_streamChatModelEvents(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): AsyncGenerator<ChatModelStreamEvent> {
    yield* translateStreamErrors(this.callContext, withSignalInScope(options.signal, super._streamChatModelEvents(messages, options, runManager)));
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    return translateCallErrors(this.callContext, () => callSignal.run(options.signal, () => super._generate(messages, options, runManager)));
  }
}

export function createOllamaChatModel(selection: ModelSelection, options: LlmClientOptions): OllamaChatModel {
  const baseUrl = ollamaBaseUrl(options);
  const caller = new AsyncCaller({ maxRetries: options.maxRetries, onFailedAttempt: retryTransientFailures });
  return new OllamaChatModel(
    {
      model: selection.model,
      baseUrl,
      numPredict: selection.maxTokens,
      temperature: selection.temperature,
      fetch: retryingFetch(caller),
    },
    { provider: 'ollama', model: selection.model, baseUrl, maxRetries: options.maxRetries },
  );
}

/** Drives each step of the generator inside the signal's scope (generators run in their caller's context). */
async function* withSignalInScope<T>(signal: AbortSignal | undefined, source: AsyncGenerator<T>): AsyncGenerator<T> {
  try {
    for (;;) {
      const step = await callSignal.run(signal, () => source.next());
      if (step.done) return;
      yield step.value;
    }
  } finally {
    await source.return(undefined);
  }
}

function retryingFetch(caller: AsyncCaller): typeof fetch {
  return (input, init) => {
    const runSignal = callSignal.getStore();
    const signals = [init?.signal, runSignal].filter((s): s is AbortSignal => Boolean(s));
    const signal = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    return caller.callWithOptions({ signal }, async () => {
      const response = await fetch(input, { ...init, signal });
      if (response.status === 429 || response.status >= 500) throw new OllamaHttpError(response.status, await response.text());
      return response;
    });
  };
}
