import type { RegisteredCapabilities } from '../../../domain/prompt/capabilities-section';

/** The built-in tools every agent of a run gets (deepagents filesystem + execute, and our todo list). */
export const FILESYSTEM_TOOLS = ['ls', 'read_file', 'write_file', 'edit_file', 'delete', 'glob', 'grep', 'execute'] as const;
export const TODO_TOOL = 'write_todos';
export const TASK_TOOL = 'task';

/** Names an MCP tool may not take. */
export const RESERVED_TOOL_NAMES: ReadonlySet<string> = new Set([...FILESYSTEM_TOOLS, TODO_TOOL, TASK_TOOL]);

export interface AgentToolInputs {
  /** Whether the agent can delegate with `task` (the main agent only: deepagents sub-agents cannot). */
  delegates: boolean;
  mcpTools: readonly { name: string }[];
  subAgents: readonly string[];
  isolation: string;
  workdir: string;
}

/**
 * Exactly the tools the model of one agent is offered (built-in first, then MCP), as the domain prompt builder
 * wants them. `toolNames` of the result matches the tool list in the model request; tests hold it to that.
 */
export function registeredCapabilities(inputs: AgentToolInputs): RegisteredCapabilities {
  return {
    tools: [...FILESYSTEM_TOOLS, TODO_TOOL, ...(inputs.delegates ? [TASK_TOOL] : [])],
    subAgents: inputs.delegates ? inputs.subAgents : [],
    mcpTools: inputs.mcpTools.map((tool) => tool.name),
    isolation: inputs.isolation,
    workdir: inputs.workdir,
  };
}

/** Every tool name an agent's model receives. */
export function toolNames(capabilities: RegisteredCapabilities): string[] {
  return [...capabilities.tools, ...capabilities.mcpTools];
}

