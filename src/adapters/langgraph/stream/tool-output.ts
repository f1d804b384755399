import { ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { isCommand } from '@langchain/langgraph';
import { stringify } from 'safe-stable-stringify';
import type { JsonObject, JsonValue } from '../../../domain/model/json';

export interface ToolOutcome {
  text: string;
  failed: boolean;
  /** State written by the tool (e.g. `todos` from write_todos), when it returned a Command. */
  stateUpdate?: Record<string, unknown>;
}

/**
 * What a tool returned, as text: the ToolMessage's content (never its repr), also when the message travels
 * inside a Command. A ToolMessage with status "error" (an exception the tool node caught) is a failure.
 */
export function toolOutcome(output: unknown, toolCallId: string): ToolOutcome {
  if (isCommand(output)) {
    const update = (output.update ?? {}) as Record<string, unknown>;
    const messages = Array.isArray(update.messages) ? (update.messages as BaseMessage[]) : [];
    const message = messages.find((m) => ToolMessage.isInstance(m) && m.tool_call_id === toolCallId) ?? messages.find((m) => ToolMessage.isInstance(m));
    const inner = message ? toolOutcome(message, toolCallId) : { text: '', failed: false };
    return { ...inner, stateUpdate: update };
  }
  if (ToolMessage.isInstance(output)) return { text: contentText(output.content), failed: output.status === 'error' };
  if (typeof output === 'string') return { text: output, failed: false };
  return { text: stringify(output) ?? '', failed: false };
}

export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return content === undefined || content === null ? '' : (stringify(content) ?? '');
  return content
    .map((block: unknown) => {
      if (typeof block === 'string') return block;
      const { type, text } = block as { type?: unknown; text?: unknown };
      return type === 'text' && typeof text === 'string' ? text : (stringify(block) ?? '');
    })
    .join('\n');
}

/** Tool input as a JSON object: the tools stream gives a JSON string; anything that is not an object is wrapped. */
export function toolArgs(input: unknown): JsonObject {
  let value: unknown = input;
  if (typeof input === 'string') {
    try {
      value = JSON.parse(input);
    } catch {
      return { input };
    }
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return JSON.parse(stringify(value) ?? '{}') as JsonObject;
  return value === undefined ? {} : { input: JSON.parse(stringify(value) ?? 'null') as JsonValue };
}
