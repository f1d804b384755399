import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { BaseCheckpointSaver } from '@langchain/langgraph-checkpoint';
import { createDeepAgent, type SubAgent } from 'deepagents';
import { todoListMiddleware } from 'langchain';
import type { AgentCapabilities, AgentRunRequest } from '../../../ports/agent-runtime.port';
import { DEFAULT_LOOP_LIMITS, type LoopLimits } from '../loop-guard/loop-detector';
import { createLoopGuardMiddleware } from '../loop-guard/loop-guard.middleware';
import { allMcpTools, selectMcpTools, type McpToolset } from '../mcp/mcp-toolset';
import type { CompositeBackend } from 'deepagents';
import { capabilitiesOf, GENERAL_PURPOSE_SUBAGENT, namesByServer } from './capabilities';

export interface DeepAgentInputs {
  request: AgentRunRequest;
  model: BaseChatModel;
  backend: CompositeBackend;
  checkpointer: BaseCheckpointSaver;
  toolset: McpToolset;
  workdir: string;
  loopLimits?: LoopLimits;
}

export const MAIN_AGENT_NAME = 'main';

/**
 * The run's deep agent: the request's prompt and model, deepagents' filesystem/execute/task tools over the
 * sandbox backend, `write_todos` and the loop guard on the main agent and every declared sub-agent (each with its
 * own prompt and MCP tool selection), MCP tools, and the conversation checkpointer.
 */
export function buildDeepAgent(inputs: DeepAgentInputs) {
  const { request, toolset } = inputs;
  const limits = inputs.loopLimits ?? DEFAULT_LOOP_LIMITS;
  const agentMiddleware = () => [todoListMiddleware(), createLoopGuardMiddleware(limits)];
  const mainTools = allMcpTools(toolset);

  const subagents: SubAgent[] = request.subAgents.map((spec) => {
    const tools = selectMcpTools(toolset, spec.mcpToolSelections);
    const capabilities = capabilitiesOf({ agent: spec.name, mcpTools: namesByServer(toolset, tools), subAgents: [], workdir: inputs.workdir, toolset });
    return {
      name: spec.name,
      description: spec.description,
      systemPrompt: withCapabilities(spec.systemPrompt, capabilities, request),
      tools,
      middleware: agentMiddleware(),
    };
  });

  const mainCapabilities = capabilitiesOf({
    agent: MAIN_AGENT_NAME,
    mcpTools: namesByServer(toolset, mainTools),
    subAgents: [GENERAL_PURPOSE_SUBAGENT, ...request.subAgents.map((s) => s.name)],
    workdir: inputs.workdir,
    toolset,
  });

  return createDeepAgent({
    name: MAIN_AGENT_NAME,
    model: inputs.model,
    systemPrompt: withCapabilities(request.systemPrompt, mainCapabilities, request),
    tools: mainTools,
    backend: inputs.backend,
    checkpointer: inputs.checkpointer,
    middleware: agentMiddleware(),
    subagents,
  });
}

function withCapabilities(prompt: string, capabilities: AgentCapabilities, request: AgentRunRequest): string {
  const section = request.describeCapabilities?.(capabilities);
  return section ? `${prompt}${section}` : prompt;
}
