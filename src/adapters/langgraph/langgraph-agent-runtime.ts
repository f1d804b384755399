import { HumanMessage } from '@langchain/core/messages';
import type { AgentEvent } from '../../domain/events/agent-event';
import type { AgentRunRequest, AgentRuntime } from '../../ports/agent-runtime.port';
import type { ChatModelFactory } from '../../ports/chat-model-factory.port';
import type { ConversationStore } from '../../ports/conversation-store.port';
import type { Logger } from '../../ports/logger.port';
import { buildDeepAgent } from './agent/build-deep-agent';
import { RESERVED_TOOL_NAMES } from './agent/capabilities';
import type { LoopLimits } from './loop-guard/loop-detector';
import { connectMcpServers, EMPTY_TOOLSET, type McpToolset } from './mcp/mcp-toolset';
import { runFailure } from './run-failure';
import { createAgentBackend } from './sandbox/agent-backend';
import { PortBackedSandbox } from './sandbox/port-backed-sandbox';
import { STREAM_MODES, StreamEventMapper, type StreamChunk } from './stream/stream-event-mapper';

export interface LangGraphRuntimeOptions {
  /** Time allowed for connecting to all MCP servers of a run. */
  mcpConnectTimeoutMs?: number;
  /** Combined output cap per command. */
  maxOutputBytes?: number;
  loopLimits?: LoopLimits;
}

const DEFAULT_MCP_CONNECT_TIMEOUT_MS = 30_000;

/**
 * AgentRuntime on deepagents/LangGraph. Per run it connects the MCP servers, bridges the sandbox (with the run's
 * env, command timeout and signal), builds the deep agent with the thread's checkpointer and maps the graph stream
 * onto AgentEvents. Aborting the signal stops the model stream and kills the running command; the iterable then
 * throws CancelledError.
 */
export class LangGraphAgentRuntime implements AgentRuntime {
  constructor(
    private readonly models: ChatModelFactory,
    private readonly conversations: ConversationStore,
    private readonly logger: Logger,
    private readonly options: LangGraphRuntimeOptions = {},
  ) {}

  async *run(request: AgentRunRequest, signal: AbortSignal): AsyncIterable<AgentEvent> {
    const log = this.logger.child({ executionId: request.executionId, threadId: request.threadId });
    // Also stop the graph when the consumer stops iterating early.
    const stopped = new AbortController();
    const runSignal = AbortSignal.any([signal, stopped.signal]);
    let toolset: McpToolset = EMPTY_TOOLSET;
    try {
      // First, so a misconfigured provider fails the run before any MCP server is contacted.
      const model = this.models.create(request.model);
      toolset = await connectMcpServers(request.mcpServers, request.env, {
        reservedNames: RESERVED_TOOL_NAMES,
        timeoutMs: this.options.mcpConnectTimeoutMs ?? DEFAULT_MCP_CONNECT_TIMEOUT_MS,
        signal: runSignal,
      });
      for (const event of this.mcpNotices(toolset, log)) yield event;

      const sandbox = new PortBackedSandbox(request.sandbox, {
        env: request.env,
        commandTimeoutMs: request.commandTimeoutMs,
        signal: runSignal,
        maxOutputBytes: this.options.maxOutputBytes,
      });
      const agent = buildDeepAgent({
        request,
        model,
        backend: createAgentBackend(sandbox),
        checkpointer: this.conversations.checkpointer(),
        toolset,
        loopLimits: this.options.loopLimits,
      });
      const stream = await agent.stream(
        { messages: [new HumanMessage(request.userMessage)] },
        {
          streamMode: [...STREAM_MODES],
          subgraphs: true,
          signal: runSignal,
          recursionLimit: request.recursionLimit,
          configurable: { thread_id: request.threadId },
        },
      );
      const mapper = new StreamEventMapper();
      for await (const chunk of stream as AsyncIterable<StreamChunk>) {
        for (const event of mapper.map(chunk)) {
          if (event.kind === 'notice') log[event.level === 'warning' ? 'warn' : 'info']('agent notice', { notice: event.message, subAgentId: event.subAgentId });
          yield event;
        }
      }
    } catch (error) {
      throw runFailure(error, signal, request.recursionLimit);
    } finally {
      stopped.abort();
      await toolset.close().catch((err: unknown) => log.warn('closing MCP connections failed', { error: String(err) }));
    }
  }

  private mcpNotices(toolset: McpToolset, log: Logger): AgentEvent[] {
    const messages = [
      ...toolset.unavailable.map((server) => `MCP server ${server.name} is not available in this run: ${server.reason}`),
      ...toolset.warnings,
    ];
    for (const message of messages) log.warn(message);
    return messages.map((message) => ({ kind: 'notice', level: 'warning', message }));
  }
}
