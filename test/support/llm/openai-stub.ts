import type { ServerResponse } from 'node:http';
import { tokenize } from '../../../src/adapters/llm/scripted/tokenize';
import { pace, startStub, writeJson, type ChatProtocol, type StubOptions, type StubServer } from './stub-server';

/**
 * OpenAI chat completions protocol stub: `POST /v1/chat/completions` answering with SSE `chat.completion.chunk`
 * events (text deltas, then tool-call deltas with streamed `arguments`, then usage and `[DONE]`), or one JSON
 * `chat.completion` when `stream` is false. `GET /v1/models` serves the reachability check.
 */
const openAiProtocol: ChatProtocol = {
  name: 'openai',
  isChatRequest: (method, path) => method === 'POST' && /\/chat\/completions$/.test(path),
  lastMessageText: (body) => contentText(body?.messages?.at(-1)?.content),
  assistantMessageCount: (body) => (body?.messages ?? []).filter((m: { role?: string }) => m.role === 'assistant').length,
  handleOther(req, res, script) {
    if (req.method === 'GET' && /\/models$/.test(req.url ?? '')) {
      writeJson(res, 200, { object: 'list', data: [{ id: script.name, object: 'model', owned_by: 'scripted' }] });
      return true;
    }
    return false;
  },
  writeError(res, status, message, headers) {
    writeJson(res, status, { error: { message, type: status === 429 ? 'rate_limit_error' : 'server_error', code: null } }, headers);
  },
  async writeTurn(res, body, turn, signal) {
    const id = `chatcmpl-${Date.now()}`;
    const model = String(body?.model ?? 'scripted');
    const finishReason = turn.toolCalls.length > 0 ? 'tool_calls' : 'stop';
    const usage = { prompt_tokens: 10, completion_tokens: tokenize(turn.text).length, total_tokens: 10 + tokenize(turn.text).length };
    if (!body?.stream) {
      writeJson(res, 200, {
        id,
        object: 'chat.completion',
        created: Math.floor(Date.now() / 1000),
        model,
        choices: [
          {
            index: 0,
            message: {
              role: 'assistant',
              content: turn.text || null,
              ...(turn.toolCalls.length > 0 && {
                tool_calls: turn.toolCalls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: JSON.stringify(c.args) } })),
              }),
            },
            finish_reason: finishReason,
          },
        ],
        usage,
      });
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    const chunk = (delta: object, finish: string | null = null) =>
      sse(res, { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [{ index: 0, delta, finish_reason: finish }] });
    chunk({ role: 'assistant', content: '' });
    for (const token of tokenize(turn.text)) {
      if (!(await pace(turn.tokenDelayMs, signal))) return;
      chunk({ content: token });
    }
    for (const [index, call] of turn.toolCalls.entries()) {
      if (!(await pace(turn.tokenDelayMs, signal))) return;
      chunk({ tool_calls: [{ index, id: call.id, type: 'function', function: { name: call.name, arguments: '' } }] });
      for (const piece of splitInTwo(JSON.stringify(call.args))) chunk({ tool_calls: [{ index, function: { arguments: piece } }] });
    }
    chunk({}, finishReason);
    if (body?.stream_options?.include_usage) sse(res, { id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model, choices: [], usage });
    res.write('data: [DONE]\n\n');
    res.end();
  },
};

export function startOpenAiStub(options: StubOptions): Promise<StubServer> {
  return startStub(openAiProtocol, options);
}

function sse(res: ServerResponse, value: unknown): void {
  res.write(`data: ${JSON.stringify(value)}\n\n`);
}

/** Streams arguments in two fragments so clients must reassemble partial JSON, as with the real API. */
export function splitInTwo(text: string): string[] {
  const middle = Math.ceil(text.length / 2);
  return text.length < 2 ? [text] : [text.slice(0, middle), text.slice(middle)];
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part: { text?: string }) => part.text ?? '').join('');
  return '';
}
