import { setTimeout as sleep } from 'node:timers/promises';
import type { CallbackManagerForLLMRun } from '@langchain/core/callbacks/manager';
import {
  BaseChatModel,
  type BaseChatModelCallOptions,
  type BaseChatModelParams,
  type BindToolsInput,
  type LangSmithParams,
} from '@langchain/core/language_models/chat_models';
import type { BaseLanguageModelInput } from '@langchain/core/language_models/base';
import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import { ChatGenerationChunk, type ChatResult } from '@langchain/core/outputs';
import type { Runnable } from '@langchain/core/runnables';
import { concat } from '@langchain/core/utils/stream';
import type { PlayedTurn, ScriptPlayer } from './script-player';
import type { ScriptFault } from './script.schema';
import { tokenize } from './tokenize';

export const SCRIPTED_PROVIDER = 'scripted';

export interface ScriptedCallOptions extends BaseChatModelCallOptions {
  /** Names of the tools bound for this call (kept for introspection; the script decides what to call). */
  tools?: string[];
}

/** A scripted fault, shaped like a provider HTTP error so the shared retry policy treats it the same way. */
export class ScriptedFaultError extends Error {
  readonly status: number;
  readonly headers: Record<string, string>;
  constructor(fault: ScriptFault) {
    super(fault.message ?? `scripted fault: HTTP ${fault.status}`);
    this.name = 'ScriptedFaultError';
    this.status = fault.status;
    this.headers = fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) };
  }
}

/**
 * An in-process chat model that plays a script: streams text token by token and emits tool calls, with bindTools
 * support so agents accept it. Labelled "scripted" in LangSmith params and response metadata; it never calls out.
 */
export class ScriptedChatModel extends BaseChatModel<ScriptedCallOptions, AIMessageChunk> {
  constructor(
    readonly player: ScriptPlayer,
    fields: BaseChatModelParams = {},
  ) {
    super(fields);
  }

  static override lc_name(): string {
    return 'ScriptedChatModel';
  }

  override _llmType(): string {
    return SCRIPTED_PROVIDER;
  }

  override getLsParams(_options: this['ParsedCallOptions']): LangSmithParams {
    return { ls_provider: SCRIPTED_PROVIDER, ls_model_name: this.player.script.name, ls_model_type: 'chat' };
  }

  override bindTools(
    tools: BindToolsInput[],
    kwargs?: Partial<ScriptedCallOptions>,
  ): Runnable<BaseLanguageModelInput, AIMessageChunk, ScriptedCallOptions> {
    return this.withConfig({ ...kwargs, tools: tools.map(toolName) });
  }

  override async *_streamResponseChunks(
    messages: BaseMessage[],
    options: this['ParsedCallOptions'],
    runManager?: CallbackManagerForLLMRun,
  ): AsyncGenerator<ChatGenerationChunk> {
    const turn = await this.nextTurn(messages, options.signal);
    await pause(turn.latencyMs, options.signal);
    for (const token of tokenize(turn.text)) {
      await pause(turn.tokenDelayMs, options.signal);
      const chunk = new ChatGenerationChunk({ message: new AIMessageChunk({ content: token }), text: token });
      yield chunk;
      await runManager?.handleLLMNewToken(token, undefined, undefined, undefined, undefined, { chunk });
    }
    if (turn.toolCalls.length > 0) {
      yield new ChatGenerationChunk({
        text: '',
        message: new AIMessageChunk({
          content: '',
          tool_call_chunks: turn.toolCalls.map((call, index) => ({
            type: 'tool_call_chunk' as const,
            id: call.id,
            name: call.name,
            args: JSON.stringify(call.args),
            index,
          })),
        }),
      });
    }
    yield new ChatGenerationChunk({
      text: '',
      message: new AIMessageChunk({
        content: '',
        response_metadata: { model_provider: SCRIPTED_PROVIDER, model_name: this.player.script.name, script_turn: turn.index },
      }),
    });
  }

  override async _generate(messages: BaseMessage[], options: this['ParsedCallOptions'], runManager?: CallbackManagerForLLMRun): Promise<ChatResult> {
    let merged: AIMessageChunk | undefined;
    for await (const chunk of this._streamResponseChunks(messages, options, runManager)) {
      merged = merged ? concat(merged, chunk.message as AIMessageChunk) : (chunk.message as AIMessageChunk);
    }
    const message = new AIMessage({
      content: merged?.content ?? '',
      tool_calls: merged?.tool_calls ?? [],
      response_metadata: merged?.response_metadata ?? {},
    });
    return { generations: [{ text: message.text, message }] };
  }

  /** Faults are thrown inside the caller so the configured retry policy applies to them as to a real provider. */
  private nextTurn(messages: BaseMessage[], signal?: AbortSignal): Promise<PlayedTurn> {
    const lastMessageText = messages.at(-1)?.text ?? '';
    return this.caller.callWithOptions({ signal }, async () => {
      const step = this.player.next({ lastMessageText });
      if (step.kind === 'fault') throw new ScriptedFaultError(step.fault);
      return step;
    });
  }
}

function toolName(tool: BindToolsInput): string {
  const candidate = tool as { name?: unknown; function?: { name?: unknown } };
  if (typeof candidate.name === 'string') return candidate.name;
  if (typeof candidate.function?.name === 'string') return candidate.function.name;
  return 'unknown';
}

async function pause(ms: number, signal?: AbortSignal): Promise<void> {
  signal?.throwIfAborted();
  if (ms > 0) await sleep(ms, undefined, { signal });
}
