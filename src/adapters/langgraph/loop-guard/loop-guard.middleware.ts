import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { Command } from '@langchain/langgraph';
import { createMiddleware } from 'langchain';
import {
  checkForStop,
  currentRunMessages,
  DEFAULT_LOOP_LIMITS,
  LOOP_GUARD_MARK,
  shouldWarn,
  stopNotice,
  stopRequested,
  stopRequestText,
  warningText,
  type LoopLimits,
} from './loop-detector';

/** What the guard writes to the graph's `custom` stream; the runtime turns it into `notice` and `tool_error` events. */
export type LoopGuardSignal =
  | { source: 'loop_guard'; type: 'notice'; level: 'info' | 'warning'; message: string }
  | { source: 'loop_guard'; type: 'refused_call'; toolCallId: string; name: string; reason: string };

export const LOOP_GUARD_MIDDLEWARE = 'LoopGuardMiddleware';

/** The final answer when the model still only wants to call tools after being asked to stop. */
export const STOPPED_ANSWER = 'I stopped because I kept repeating the same tool call without making progress.';

/**
 * Stops a model that keeps making the same tool call, in a way every provider accepts (no mid-conversation
 * system messages):
 * - `consecutive` identical calls in a row → one warning appended to that call's tool result;
 * - `repeats` identical calls within `window` → the calls are answered "not run", a user message asks for the
 *   final answer, the model is called once more with tool choice "none", and any tool call it still makes is
 *   dropped so the run ends on a final AI message. A `loop_guard` signal on the custom stream says why.
 */
export function createLoopGuardMiddleware(limits: LoopLimits = DEFAULT_LOOP_LIMITS) {
  return createMiddleware({
    name: LOOP_GUARD_MIDDLEWARE,
    afterModel: {
      canJumpTo: ['model'],
      hook: (state, runtime) => {
        const run = currentRunMessages(state.messages);
        if (stopRequested(run)) return undefined;
        const verdict = checkForStop(run, limits);
        if (!verdict) return undefined;
        const last = state.messages.at(-1);
        const pending = last && AIMessage.isInstance(last) ? (last.tool_calls ?? []) : [];
        emit(runtime.writer, { source: 'loop_guard', type: 'notice', level: 'warning', message: stopNotice(verdict, limits) });
        const refusal = `${LOOP_GUARD_MARK} Not run: repeated identical call to \`${verdict.name}\`.`;
        // The requested calls never reach the tools node; report them as failed so none stays pending.
        for (const call of pending) emit(runtime.writer, { source: 'loop_guard', type: 'refused_call', toolCallId: call.id ?? '', name: call.name, reason: refusal });
        return {
          messages: [
            ...pending.map((call) => new ToolMessage({ content: refusal, tool_call_id: call.id ?? '', name: call.name, status: 'error' })),
            new HumanMessage(stopRequestText(verdict, limits)),
          ],
          jumpTo: 'model' as const,
        };
      },
    },
    wrapModelCall: async (request, handler) => {
      if (!stopRequested(currentRunMessages(request.messages))) return handler(request);
      // Tools stay declared (Anthropic rejects tool_use history without tool definitions); the choice forbids them.
      const response = await handler({ ...request, toolChoice: 'none' });
      if ((response.tool_calls?.length ?? 0) === 0) return response;
      // Its text was already streamed under its id; a message with a new id is streamed again, so only a
      // replacement for an empty answer gets one.
      const text = response.text;
      return new AIMessage({
        id: text ? response.id : undefined,
        content: text || STOPPED_ANSWER,
        response_metadata: response.response_metadata,
      });
    },
    wrapToolCall: async (request, handler) => {
      const result = await handler(request);
      const run = currentRunMessages(request.state.messages);
      const callId = request.toolCall.id ?? '';
      if (!shouldWarn(run, callId, limits)) return result;
      const warning = warningText(request.toolCall.name, limits.consecutive);
      emit(request.runtime.writer, { source: 'loop_guard', type: 'notice', level: 'info', message: `loop guard warned the model: ${warning.slice(LOOP_GUARD_MARK.length + 1)}` });
      return appendToToolResult(result, callId, warning);
    },
  });
}

function emit(writer: ((chunk: unknown) => void) | undefined, signal: LoopGuardSignal): void {
  writer?.(signal);
}

/** Adds the warning to the tool's own result, whether the tool returned a ToolMessage or a Command carrying one. */
function appendToToolResult(result: ToolMessage | Command, toolCallId: string, warning: string): ToolMessage | Command {
  if (ToolMessage.isInstance(result)) return withWarning(result, warning);
  const update = result.update as { messages?: BaseMessage[] } | undefined;
  if (!update || !Array.isArray(update.messages)) return result;
  const messages = update.messages.map((m) => (ToolMessage.isInstance(m) && m.tool_call_id === toolCallId ? withWarning(m, warning) : m));
  return new Command({ update: { ...update, messages }, goto: result.goto, graph: result.graph });
}

function withWarning(message: ToolMessage, warning: string): ToolMessage {
  const content = typeof message.content === 'string' ? `${message.content}\n\n${warning}` : [...message.content, { type: 'text' as const, text: warning }];
  return new ToolMessage({
    id: message.id,
    content,
    tool_call_id: message.tool_call_id,
    name: message.name,
    status: message.status,
    artifact: message.artifact,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
  });
}
