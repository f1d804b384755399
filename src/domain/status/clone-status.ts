import type { JsonObject } from '../model/json';
import type { ExecutionStatus, StatusMessage, SubAgentRecord, TodoRecord, ToolCallRecord } from './execution-status';

/** A deep copy sharing nothing with the original (tool calls inside messages are copied separately). */
export function cloneStatus(status: ExecutionStatus): ExecutionStatus {
  return {
    ...status,
    messages: status.messages.map(cloneMessage),
    toolCalls: status.toolCalls.map(cloneToolCall),
    subAgentExecutions: status.subAgentExecutions.map(cloneSubAgent),
    todos: Object.fromEntries(Object.entries(status.todos).map(([id, todo]): [string, TodoRecord] => [id, { ...todo }])),
  };
}

function cloneMessage(message: StatusMessage): StatusMessage {
  return withMetadata({ ...message, toolCalls: message.toolCalls.map(cloneToolCall) }, message.metadata);
}

function cloneToolCall(call: ToolCallRecord): ToolCallRecord {
  return withMetadata({ ...call, args: cloneJson(call.args) }, call.metadata);
}

function cloneSubAgent(sub: SubAgentRecord): SubAgentRecord {
  return withMetadata({ ...sub }, sub.metadata);
}

function withMetadata<T extends { metadata?: JsonObject }>(copy: T, metadata: JsonObject | undefined): T {
  if (metadata !== undefined) copy.metadata = cloneJson(metadata);
  return copy;
}

function cloneJson(value: JsonObject): JsonObject {
  return JSON.parse(JSON.stringify(value)) as JsonObject;
}
