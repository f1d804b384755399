import type { AgentCapabilities } from '../../../ports/agent-runtime.port';
import type { McpToolset } from '../mcp/mcp-toolset';

/** The built-in tools every agent of a run gets (deepagents filesystem + execute, and our todo list). */
export const FILESYSTEM_TOOLS = ['ls', 'read_file', 'write_file', 'edit_file', 'delete', 'glob', 'grep', 'execute'] as const;
export const TODO_TOOL = 'write_todos';
export const TASK_TOOL = 'task';
/** deepagents' always-present sub-agent. */
export const GENERAL_PURPOSE_SUBAGENT = 'general-purpose';

/** Names an MCP tool may not take. */
export const RESERVED_TOOL_NAMES: ReadonlySet<string> = new Set([...FILESYSTEM_TOOLS, TODO_TOOL, TASK_TOOL]);

export interface CapabilityInputs {
  agent: string;
  /** The agent's MCP tools by server. */
  mcpTools: Record<string, string[]>;
  subAgents: string[];
  workdir: string;
  toolset: McpToolset;
}

/** What one agent is offered; `tools` matches what the model receives in its tool list. */
export function capabilitiesOf(inputs: CapabilityInputs): AgentCapabilities {
  const builtIn = [...FILESYSTEM_TOOLS, TODO_TOOL, ...(inputs.agent === 'main' ? [TASK_TOOL] : [])];
  return {
    agent: inputs.agent,
    tools: [...builtIn, ...Object.values(inputs.mcpTools).flat()].sort(),
    mcpTools: inputs.mcpTools,
    subAgents: inputs.subAgents,
    canExecute: true,
    workdir: inputs.workdir,
    unavailableMcpServers: inputs.toolset.unavailable,
  };
}

/** Tool names by server for a list of MCP tools. */
export function namesByServer(toolset: McpToolset, selected: { name: string }[]): Record<string, string[]> {
  const chosen = new Set(selected.map((tool) => tool.name));
  return Object.fromEntries(
    Object.entries(toolset.byServer)
      .map(([server, tools]) => [server, tools.map((t) => t.name).filter((n) => chosen.has(n))] as const)
      .filter(([, names]) => names.length > 0),
  );
}
