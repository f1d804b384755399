import type { AgentEvent } from '../domain/events/agent-event';
import type { McpServerDefinition } from '../domain/model/resources';
import type { ModelSelection } from '../domain/model-selection/model-selection';
import type { Sandbox } from './sandbox.port';

export interface SubAgentSpec {
  name: string;
  description: string;
  systemPrompt: string;
  /** MCP server name → tools enabled for this sub-agent (empty list = all the server's enabled tools). */
  mcpToolSelections: Record<string, string[]>;
}

/** The tools one agent (the main agent or a declared sub-agent) really has in a run. */
export interface AgentCapabilities {
  /** 'main', or the sub-agent's name. */
  agent: string;
  /** Every tool name the model is offered, built-in and MCP, sorted. */
  tools: string[];
  /** MCP tool names by server. */
  mcpTools: Record<string, string[]>;
  /** Sub-agents reachable through `task` (main agent only; includes the built-in general-purpose one). */
  subAgents: string[];
  /** True when `execute` runs shell commands in the sandbox. */
  canExecute: boolean;
  /** Where commands start and relative paths resolve. */
  workdir: string;
  /** Configured MCP servers that are not available in this run, with the reason. */
  unavailableMcpServers: { name: string; reason: string }[];
}

export interface AgentRunRequest {
  executionId: string;
  threadId: string;
  /**
   * Agent instructions + skills section. The runtime appends the capabilities section itself, generated from the
   * tools it actually registered (domain prompt builder), so the prompt never claims a tool that is not there.
   */
  systemPrompt: string;
  /** How the sandbox is isolated, as SandboxProvider.describeIsolation() says; used in the capabilities section. */
  sandboxIsolation: string;
  /** The user message including the context suffix. */
  userMessage: string;
  model: ModelSelection;
  sandbox: Sandbox;
  /** Merged environment (plain values) injected into every command and MCP placeholder. */
  env: Record<string, string>;
  subAgents: SubAgentSpec[];
  mcpServers: McpServerDefinition[];
  recursionLimit: number;
  commandTimeoutMs: number;
  /**
   * Optional: called once the run's tools are known (after MCP servers are connected), for the main agent and
   * each declared sub-agent; the returned text is appended to that agent's system prompt. Lets the caller write
   * an honest capabilities section from the tools actually registered.
   */
  describeCapabilities?: (capabilities: AgentCapabilities) => string;
}

/** Runs one agent turn and reports what happens as AgentEvents; aborting the signal stops model and commands. */
export interface AgentRuntime {
  run(request: AgentRunRequest, signal: AbortSignal): AsyncIterable<AgentEvent>;
}
