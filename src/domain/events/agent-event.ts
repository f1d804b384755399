import type { JsonObject } from '../model/json';

/**
 * Engine-neutral events produced by an agent run. The agent runtime adapter maps its framework's stream onto
 * these; the status builder folds them into an ExecutionStatus.
 *
 * `subAgentId` is set on events that happen inside a sub-agent: it is the tool-call id of the `task` call that
 * started that sub-agent. Events without it belong to the main agent.
 */
interface EventBase {
  subAgentId?: string;
}

export interface ModelTurnStart extends EventBase {
  kind: 'model_turn_start';
}

export interface TextToken extends EventBase {
  kind: 'text_token';
  text: string;
}

export interface RequestedToolCall {
  id: string;
  name: string;
  args: JsonObject;
}

export interface ModelTurnEnd extends EventBase {
  kind: 'model_turn_end';
  /** Tool calls the model asked for in this turn; they become PENDING until they start. */
  toolCalls: RequestedToolCall[];
}

export interface ToolStart extends EventBase {
  kind: 'tool_start';
  toolCallId: string;
  name: string;
  args: JsonObject;
}

export interface ToolEnd extends EventBase {
  kind: 'tool_end';
  toolCallId: string;
  name: string;
  result: string;
}

export interface ToolError extends EventBase {
  kind: 'tool_error';
  toolCallId: string;
  name: string;
  error: string;
}

export interface TodoInput {
  content: string;
  status: string;
}

export interface TodosWritten extends EventBase {
  kind: 'todos_written';
  todos: TodoInput[];
}

export interface SubAgentStart extends EventBase {
  kind: 'subagent_start';
  /** Tool-call id of the `task` call; also the SubAgentExecution id. */
  id: string;
  name: string;
  input: string;
}

export interface SubAgentEnd extends EventBase {
  kind: 'subagent_end';
  id: string;
  output: string;
  error?: string;
}

/** Something the runtime wants recorded for the user (e.g. the loop guard fired). */
export interface RuntimeNotice extends EventBase {
  kind: 'notice';
  level: 'info' | 'warning';
  message: string;
}

export type AgentEvent =
  | ModelTurnStart
  | TextToken
  | ModelTurnEnd
  | ToolStart
  | ToolEnd
  | ToolError
  | TodosWritten
  | SubAgentStart
  | SubAgentEnd
  | RuntimeNotice;

export type AgentEventKind = AgentEvent['kind'];
