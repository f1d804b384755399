import type { ServerResponse } from 'node:http';
import { tokenize } from '../../../src/adapters/llm/scripted/tokenize';
import { splitInTwo } from './openai-stub';
import { pace, startStub, writeJson, type ChatProtocol, type StubOptions, type StubServer } from './stub-server';

/**
 * Anthropic Messages protocol stub: `POST /v1/messages` answering with the SSE event sequence message_start →
 * content_block_start/delta/stop (text_delta for text, tool_use blocks with input_json_delta) → message_delta →
 * message_stop, or one JSON message when `stream` is false. `GET /v1/models` serves the reachability check.
 */
const anthropicProtocol: ChatProtocol = {
  name: 'anthropic',
  isChatRequest: (method, path) => method === 'POST' && /\/v1\/messages$/.test(path),
  lastMessageText: (body) => blockText(body?.messages?.at(-1)?.content),
  assistantMessageCount: (body) => (body?.messages ?? []).filter((m: { role?: string }) => m.role === 'assistant').length,
  handleOther(req, res, script) {
    if (req.method === 'GET' && /\/v1\/models$/.test(req.url ?? '')) {
      writeJson(res, 200, { data: [{ id: script.name, type: 'model', display_name: `scripted ${script.name}` }], has_more: false });
      return true;
    }
    return false;
  },
  writeError(res, status, message, headers) {
    const type = status === 429 ? 'rate_limit_error' : status === 529 ? 'overloaded_error' : status >= 500 ? 'api_error' : 'invalid_request_error';
    writeJson(res, status, { type: 'error', error: { type, message } }, headers);
  },
  async writeTurn(res, body, turn, signal) {
    const id = `msg_${Date.now()}`;
    const model = String(body?.model ?? 'scripted');
    const stopReason = turn.toolCalls.length > 0 ? 'tool_use' : 'end_turn';
    const outputTokens = tokenize(turn.text).length;
    const toolUseId = (callId: string) => (callId.startsWith('toolu_') ? callId : `toolu_${callId}`);
    if (!body?.stream) {
      writeJson(res, 200, {
        id,
        type: 'message',
        role: 'assistant',
        model,
        content: [
          ...(turn.text ? [{ type: 'text', text: turn.text }] : []),
          ...turn.toolCalls.map((c) => ({ type: 'tool_use', id: toolUseId(c.id), name: c.name, input: c.args })),
        ],
        stop_reason: stopReason,
        stop_sequence: null,
        usage: { input_tokens: 10, output_tokens: outputTokens },
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    event(res, 'message_start', {
      type: 'message_start',
      message: { id, type: 'message', role: 'assistant', model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } },
    });
    let index = 0;
    if (turn.text) {
      event(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      for (const token of tokenize(turn.text)) {
        if (!(await pace(turn.tokenDelayMs, signal))) return;
        event(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'text_delta', text: token } });
      }
      event(res, 'content_block_stop', { type: 'content_block_stop', index });
      index += 1;
    }
    for (const call of turn.toolCalls) {
      if (!(await pace(turn.tokenDelayMs, signal))) return;
      event(res, 'content_block_start', { type: 'content_block_start', index, content_block: { type: 'tool_use', id: toolUseId(call.id), name: call.name, input: {} } });
      for (const piece of splitInTwo(JSON.stringify(call.args))) {
        event(res, 'content_block_delta', { type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: piece } });
      }
      event(res, 'content_block_stop', { type: 'content_block_stop', index });
      index += 1;
    }
    event(res, 'message_delta', { type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: outputTokens } });
    event(res, 'message_stop', { type: 'message_stop' });
    res.end();
  },
};

export function startAnthropicStub(options: StubOptions): Promise<StubServer> {
  return startStub(anthropicProtocol, options);
}

function event(res: ServerResponse, name: string, data: unknown): void {
  res.write(`event: ${name}\ndata: ${JSON.stringify(data)}\n\n`);
}

/** Text of a message's content: plain text, text blocks, and tool_result contents (what the model "sees" last). */
function blockText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((block: { type?: string; text?: string; content?: unknown }) => (block.type === 'tool_result' ? blockText(block.content) : (block.text ?? '')))
    .join('\n');
}
