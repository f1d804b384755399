import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { createDeepAgent, GENERAL_PURPOSE_SUBAGENT, type CompositeBackend, type SubAgent } from 'deepagents';
import { todoListMiddleware } from 'langchain';
import { withCapabilities } from '../../../domain/prompt/capabilities-section';
import type { AgentRunRequest } from '../../../ports/agent-runtime.port';
import { DEFAULT_LOOP_LIMITS, type LoopLimits } from '../loop-guard/loop-detector';
import { createLoopGuardMiddleware } from '../loop-guard/loop-guard.middleware';
import { allMcpTools, selectMcpTools, type McpToolset } from '../mcp/mcp-toolset';
import { createMalformedToolCallMiddleware } from '../tool-errors/malformed-tool-call.middleware';
import { createToolErrorMiddleware } from '../tool-errors/tool-error.middleware';
import { registeredCapabilities } from './capabilities';

export interface DeepAgentInputs {
  request: AgentRunRequest;
  model: BaseChatModel;
  backend: CompositeBackend;
  checkpointer: BaseCheckpointSaver;
  toolset: McpToolset;
  loopLimits?: LoopLimits;
}

export const MAIN_AGENT_NAME = 'main';

/**
 * The run's deep agent: the request's prompt plus a capabilities section generated from the tools actually
 * registered, the request's model, deepagents' filesystem/execute/task tools over the sandbox backend,
 * `write_todos`, the loop guard and tool-error handling on the main agent and on every declared sub-agent (each with its own prompt
 * and MCP tool selection), MCP tools, and the conversation checkpointer.
 */
export function buildDeepAgent(inputs: DeepAgentInputs) {
  const { request, toolset } = inputs;
  const limits = inputs.loopLimits ?? DEFAULT_LOOP_LIMITS;
  // Order matters: the loop guard wraps the tool-error handler, so it sees failed calls as tool results too.
  const agentMiddleware = () => [todoListMiddleware(), createLoopGuardMiddleware(limits), createToolErrorMiddleware(), createMalformedToolCallMiddleware()];
  const common = { isolation: request.sandboxIsolation, workdir: request.sandbox.workdir };
  const mainTools = allMcpTools(toolset);

  const subAgent = (name: string, description: string, prompt: string, tools: typeof mainTools): SubAgent => ({
    name,
    description,
    systemPrompt: withCapabilities(prompt, registeredCapabilities({ ...common, delegates: false, mcpTools: tools, subAgents: [] })),
    tools,
    middleware: agentMiddleware(),
  });
  const declared = request.subAgents.map((spec) => subAgent(spec.name, spec.description, spec.systemPrompt, selectMcpTools(toolset, spec.mcpToolSelections)));
  // deepagents' own general-purpose sub-agent does not get custom middleware (no todos, loop guard or tool-error
  // handling); declaring it here, with the main agent's MCP tools, replaces it.
  const generalPurpose = declared.some((s) => s.name === GENERAL_PURPOSE_SUBAGENT.name)
    ? []
    : [subAgent(GENERAL_PURPOSE_SUBAGENT.name, GENERAL_PURPOSE_SUBAGENT.description, GENERAL_PURPOSE_SUBAGENT.systemPrompt, mainTools)];
  const subagents = [...generalPurpose, ...declared];

  const capabilities = registeredCapabilities({ ...common, delegates: true, mcpTools: mainTools, subAgents: subagents.map((s) => s.name) });
  return createDeepAgent({
    name: MAIN_AGENT_NAME,
    model: inputs.model,
    systemPrompt: withCapabilities(request.systemPrompt, capabilities),
    tools: mainTools,
    backend: inputs.backend,
    checkpointer: inputs.checkpointer,
    middleware: agentMiddleware(),
    subagents,
  });
}
