import type { ServerResponse } from 'node:http';
import type { JsonBody } from '../llm/stub-server';
import type { RawModelHandler } from './model-router';

/**
 * An OpenAI-protocol model (streaming chat completions) whose first turn calls `toolName` with `rawArguments`
 * verbatim (e.g. JSON cut off mid-way), and whose later turns answer `recovery` once the conversation holds an
 * assistant message. Stateless: the turn is chosen from the request's history.
 */
export function malformedToolCallModel(toolName: string, rawArguments: string, recovery: string): RawModelHandler {
  return (body: JsonBody, res: ServerResponse) => {
    const assistantTurns = (body?.messages ?? []).filter((m: { role?: string }) => m.role === 'assistant').length;
    res.writeHead(200, { 'content-type': 'text/event-stream' });
    const chunk = (delta: object, finish: string | null = null) =>
      res.write(`data: ${JSON.stringify({ id: 'chatcmpl-malformed', object: 'chat.completion.chunk', created: 0, model: body?.model, choices: [{ index: 0, delta, finish_reason: finish }] })}\n\n`);
    chunk({ role: 'assistant', content: '' });
    if (assistantTurns === 0) {
      chunk({ tool_calls: [{ index: 0, id: 'call_malformed_1', type: 'function', function: { name: toolName, arguments: rawArguments } }] });
      chunk({}, 'tool_calls');
    } else {
      chunk({ content: recovery });
      chunk({}, 'stop');
    }
    res.write('data: [DONE]\n\n');
    res.end();
  };
}
