import { tokenize } from '../../../src/adapters/llm/scripted/tokenize';
import { pace, startStub, writeJson, type ChatProtocol, type StubOptions, type StubServer } from './stub-server';

/**
 * Ollama protocol stub: `POST /api/chat` answering with NDJSON lines (one per token, tool calls as
 * `message.tool_calls` with object arguments, then a `done: true` line with counters), or one JSON object when
 * `stream` is false. `GET /api/tags` lists the script name (and `extraModels`) for the reachability check.
 */
function ollamaProtocol(extraModels: string[]): ChatProtocol {
  return {
    name: 'ollama',
    isChatRequest: (method, path) => method === 'POST' && path === '/api/chat',
    lastMessageText: (body) => String(body?.messages?.at(-1)?.content ?? ''),
    assistantMessageCount: (body) => (body?.messages ?? []).filter((m: { role?: string }) => m.role === 'assistant').length,
    handleOther(req, res, script) {
      if (req.method === 'GET' && req.url === '/api/tags') {
        writeJson(res, 200, { models: [script.name, ...extraModels].map((name) => ({ name, model: name, size: 1 })) });
        return true;
      }
      if (req.method === 'GET' && req.url === '/api/version') {
        writeJson(res, 200, { version: '0.0.0-stub' });
        return true;
      }
      return false;
    },
    writeError(res, status, message, headers) {
      writeJson(res, status, { error: message }, headers);
    },
    async writeTurn(res, body, turn, signal) {
      const model = String(body?.model ?? 'scripted');
      const line = (value: object) => res.write(`${JSON.stringify({ model, created_at: new Date().toISOString(), ...value })}\n`);
      const toolCalls = turn.toolCalls.map((c) => ({ function: { name: c.name, arguments: c.args } }));
      const final = { done: true, done_reason: 'stop', total_duration: 1, load_duration: 1, prompt_eval_count: 10, prompt_eval_duration: 1, eval_count: tokenize(turn.text).length, eval_duration: 1 };
      if (body?.stream === false) {
        writeJson(res, 200, { model, created_at: new Date().toISOString(), message: { role: 'assistant', content: turn.text, ...(toolCalls.length > 0 && { tool_calls: toolCalls }) }, ...final });
        return;
      }
      res.writeHead(200, { 'content-type': 'application/x-ndjson' });
      for (const token of tokenize(turn.text)) {
        if (!(await pace(turn.tokenDelayMs, signal))) return;
        line({ message: { role: 'assistant', content: token }, done: false });
      }
      if (toolCalls.length > 0) line({ message: { role: 'assistant', content: '', tool_calls: toolCalls }, done: false });
      line({ message: { role: 'assistant', content: '' }, ...final });
      res.end();
    },
  };
}

export function startOllamaStub(options: StubOptions & { extraModels?: string[] }): Promise<StubServer> {
  return startStub(ollamaProtocol(options.extraModels ?? []), options);
}
