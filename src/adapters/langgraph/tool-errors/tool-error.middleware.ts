import { ToolMessage } from '@langchain/core/messages';
import { isGraphBubbleUp } from '@langchain/langgraph';
import { createMiddleware } from 'langchain';
import { describeError } from '../../../domain/errors/domain-errors';

export const TOOL_ERROR_MIDDLEWARE = 'ToolErrorMiddleware';

/**
 * A tool that throws (an MCP tool reporting an error, a sandbox that went away) fails that call, not the run:
 * the exception becomes a ToolMessage with status "error" the model can react to. Aborts and LangGraph control
 * flow (interrupts, parent commands) still propagate.
 */
export function createToolErrorMiddleware() {
  return createMiddleware({
    name: TOOL_ERROR_MIDDLEWARE,
    wrapToolCall: async (request, handler) => {
      try {
        return await handler(request);
      } catch (error) {
        if (isGraphBubbleUp(error) || request.runtime.signal?.aborted) throw error;
        return new ToolMessage({
          content: `Error: ${describeError(error)}`,
          tool_call_id: request.toolCall.id ?? '',
          name: request.toolCall.name,
          status: 'error',
        });
      }
    },
  });
}
