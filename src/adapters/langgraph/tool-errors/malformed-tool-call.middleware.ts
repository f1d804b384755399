import { AIMessage, ToolMessage } from '@langchain/core/messages';
import { createMiddleware } from 'langchain';
import { contentText } from '../stream/tool-output';
import { malformedToolCalls, withMalformedCallsNeutralised } from './malformed-tool-calls';
import { emitRefusedCall } from './tool-call-signal';

export const MALFORMED_TOOL_CALL_MIDDLEWARE = 'MalformedToolCallMiddleware';

/**
 * Calls the model got wrong end as failed calls the model is told about, never as silent no-ops or half-parsed
 * runs: arguments that are not a JSON object are answered "not run" (see malformedToolCalls), and a call to a tool
 * that does not exist keeps LangChain's error answer. Both are reported on the custom stream, so the status shows
 * the call FAILED with that reason. One instance per agent run (it remembers the calls it neutralised).
 */
export function createMalformedToolCallMiddleware() {
  const refused = new Map<string, string>();
  return createMiddleware({
    name: MALFORMED_TOOL_CALL_MIDDLEWARE,
    wrapModelCall: async (request, handler) => {
      const response = await handler(request);
      if (!AIMessage.isInstance(response)) return response;
      const malformed = malformedToolCalls(response);
      if (malformed.length === 0) return response;
      for (const call of malformed) refused.set(call.id, call.reason);
      return withMalformedCallsNeutralised(response, malformed);
    },
    wrapToolCall: async (request, handler) => {
      const id = request.toolCall.id ?? '';
      const reason = refused.get(id);
      if (reason !== undefined) {
        emitRefusedCall(request.runtime.writer, id, request.toolCall.name, reason);
        return new ToolMessage({ content: reason, tool_call_id: id, name: request.toolCall.name, status: 'error' });
      }
      const result = await handler(request);
      // No such tool: LangChain answers with an error message and never starts a tool, so nothing else reports it.
      if (!request.tool && ToolMessage.isInstance(result) && result.status === 'error') {
        emitRefusedCall(request.runtime.writer, id, request.toolCall.name, contentText(result.content));
      }
      return result;
    },
  });
}
