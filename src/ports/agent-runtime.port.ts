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
}

/** Runs one agent turn and reports what happens as AgentEvents; aborting the signal stops model and commands. */
export interface AgentRuntime {
  run(request: AgentRunRequest, signal: AbortSignal): AsyncIterable<AgentEvent>;
}
