import type { JsonObject } from '../model/json';

/**
 * The cumulative status of one execution, mirroring AgentExecutionStatus without protobuf types.
 * Timestamps are RFC 3339 strings with `Z`; empty string means "not set" (proto3 default).
 */
export type ExecutionPhase = 'UNSPECIFIED' | 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED' | 'CANCELLED';
export type MessageType = 'UNSPECIFIED' | 'HUMAN' | 'AI' | 'TOOL' | 'SYSTEM';
export type ToolCallStatus = 'UNSPECIFIED' | 'PENDING' | 'RUNNING' | 'COMPLETED' | 'FAILED';
export type TodoStatus = 'UNSPECIFIED' | 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
export type SubAgentStatus = 'UNSPECIFIED' | 'PENDING' | 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

export const TERMINAL_PHASES: readonly ExecutionPhase[] = ['COMPLETED', 'FAILED', 'CANCELLED'];

export function isTerminalPhase(phase: ExecutionPhase): boolean {
  return TERMINAL_PHASES.includes(phase);
}

export interface ToolCallRecord {
  id: string;
  name: string;
  args: JsonObject;
  result: string;
  status: ToolCallStatus;
  componentType: string;
  componentGroup: string;
  startedAt: string;
  completedAt: string;
  error: string;
  metadata?: JsonObject;
}

export interface StatusMessage {
  type: MessageType;
  content: string;
  timestamp: string;
  toolCalls: ToolCallRecord[];
  metadata?: JsonObject;
}

export interface SubAgentRecord {
  id: string;
  name: string;
  input: string;
  output: string;
  status: SubAgentStatus;
  startedAt: string;
  completedAt: string;
  error: string;
  metadata?: JsonObject;
}

export interface TodoRecord {
  id: string;
  content: string;
  status: TodoStatus;
  createdAt: string;
  updatedAt: string;
}

export interface ExecutionStatus {
  phase: ExecutionPhase;
  messages: StatusMessage[];
  toolCalls: ToolCallRecord[];
  subAgentExecutions: SubAgentRecord[];
  todos: Record<string, TodoRecord>;
  error: string;
  startedAt: string;
  completedAt: string;
}

export function emptyStatus(phase: ExecutionPhase = 'UNSPECIFIED'): ExecutionStatus {
  return { phase, messages: [], toolCalls: [], subAgentExecutions: [], todos: {}, error: '', startedAt: '', completedAt: '' };
}
