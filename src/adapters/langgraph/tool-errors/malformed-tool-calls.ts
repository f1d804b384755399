import { AIMessage, AIMessageChunk, type ToolCall } from '@langchain/core/messages';

/** A tool call the model asked for that must not run: its arguments could not be read. */
export interface MalformedToolCall {
  id: string;
  name: string;
  reason: string;
}

const SHOWN_ARGS_CHARS = 200;

/**
 * The calls of a model answer whose arguments are not a JSON object: the ones LangChain already set aside as
 * `invalid_tool_calls`, and the ones it "repaired" from a cut-off stream (partial JSON is closed for it, so a
 * truncated `{"command": "rm -rf /tmp/a` would run as `rm -rf /tmp/a`). The raw text of a streamed call is in its
 * tool_call_chunks.
 */
export function malformedToolCalls(message: AIMessage): MalformedToolCall[] {
  const found: MalformedToolCall[] = [];
  (message.invalid_tool_calls ?? []).forEach((call, i) => {
    const name = call.name ?? '(no name)';
    found.push({ id: call.id || `invalid_call_${i}`, name, reason: invalidArguments(name, call.args ?? '', call.error) });
  });
  const chunks = AIMessageChunk.isInstance(message) ? (message.tool_call_chunks ?? []) : [];
  for (const call of message.tool_calls ?? []) {
    const raw = chunks.find((chunk) => chunk.id !== undefined && chunk.id === call.id)?.args;
    if (raw === undefined || parsesToObject(raw)) continue;
    found.push({ id: call.id ?? '', name: call.name, reason: invalidArguments(call.name, raw, 'not valid JSON, probably cut off') });
  }
  return found;
}

/**
 * The same answer with every malformed call turned into a call with no arguments, so the tool node reaches it
 * and the caller can answer it with an error the model sees (instead of running it, or silently dropping it).
 */
export function withMalformedCallsNeutralised(message: AIMessage, malformed: MalformedToolCall[]): AIMessage {
  const ids = new Set(malformed.map((m) => m.id));
  const kept = (message.tool_calls ?? []).filter((call) => !ids.has(call.id ?? ''));
  const neutral: ToolCall[] = malformed.map((m) => ({ id: m.id, name: m.name, args: {}, type: 'tool_call' }));
  return new AIMessage({
    id: message.id,
    content: message.content,
    name: message.name,
    response_metadata: message.response_metadata,
    usage_metadata: message.usage_metadata,
    tool_calls: [...kept, ...neutral],
    invalid_tool_calls: [],
  });
}

function invalidArguments(name: string, raw: string, error: string | undefined): string {
  const shown = raw.length > SHOWN_ARGS_CHARS ? `${raw.slice(0, SHOWN_ARGS_CHARS)}…` : raw;
  return `Error: the arguments of this ${name} call could not be used (${error || 'not a JSON object'}): ${JSON.stringify(shown)}. It was not run; send the call again with complete JSON object arguments.`;
}

function parsesToObject(raw: string): boolean {
  if (raw.trim() === '') return true; // no arguments at all is an empty object
  try {
    const value: unknown = JSON.parse(raw);
    return typeof value === 'object' && value !== null && !Array.isArray(value);
  } catch {
    return false;
  }
}
