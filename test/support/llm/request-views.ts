import type { JsonBody } from './stub-server';

/**
 * Provider-neutral reads of recorded request bodies, so one test can assert what each real client sent:
 * the tools offered, the system prompt, sampling settings and the conversation text.
 */
export type ProtocolName = 'openai' | 'anthropic' | 'ollama';

export function offeredToolNames(protocol: ProtocolName, body: JsonBody): string[] {
  const tools: JsonBody[] = body?.tools ?? [];
  return tools.map((tool) => (protocol === 'anthropic' ? tool.name : tool.function?.name)).sort();
}

export function systemPrompt(protocol: ProtocolName, body: JsonBody): string {
  if (protocol === 'anthropic') return blocksText(body?.system);
  const system = (body?.messages ?? []).find((m: JsonBody) => m.role === 'system' || m.role === 'developer');
  return blocksText(system?.content);
}

export function maxTokens(protocol: ProtocolName, body: JsonBody): number | undefined {
  if (protocol === 'ollama') return body?.options?.num_predict;
  return body?.max_tokens ?? body?.max_completion_tokens;
}

export function temperature(protocol: ProtocolName, body: JsonBody): number | undefined {
  return protocol === 'ollama' ? body?.options?.temperature : body?.temperature;
}

/** Every non-system message as `role: text` (tool results and tool calls included), in order. */
export function conversation(protocol: ProtocolName, body: JsonBody): string[] {
  const messages: JsonBody[] = (body?.messages ?? []).filter((m: JsonBody) => m.role !== 'system' && m.role !== 'developer');
  return messages.map((m) => {
    const calls: JsonBody[] = m.tool_calls ?? [];
    const callText = calls.map((c) => `${c.function?.name}(${typeof c.function?.arguments === 'string' ? c.function.arguments : JSON.stringify(c.function?.arguments)})`);
    const blockCalls = Array.isArray(m.content) ? m.content.filter((b: JsonBody) => b.type === 'tool_use').map((b: JsonBody) => `${b.name}(${JSON.stringify(b.input)})`) : [];
    return `${m.role}: ${[blocksText(m.content), ...callText, ...blockCalls].filter(Boolean).join(' ')}`;
  });
}

function blocksText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: JsonBody) => {
      if (typeof block === 'string') return block;
      if (block.type === 'tool_result') return blocksText(block.content);
      return typeof block.text === 'string' ? block.text : '';
    })
    .filter(Boolean)
    .join('\n');
}
