import { create } from '@bufbuild/protobuf';
import type { JsonObject } from '../../../domain/model/json';
import type {
  ExecutionPhase,
  ExecutionStatus,
  MessageType,
  StatusMessage,
  SubAgentRecord,
  SubAgentStatus,
  TodoRecord,
  TodoStatus,
  ToolCallRecord,
  ToolCallStatus,
} from '../../../domain/status/execution-status';
import {
  AgentExecutionStatusSchema,
  AgentMessageSchema,
  ComponentMetadataSchema,
  SubAgentExecutionSchema,
  TodoItemSchema,
  ToolCallSchema,
  type AgentExecutionStatus,
  type AgentMessage,
  type SubAgentExecution,
  type TodoItem,
  type ToolCall,
} from '../gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import {
  ExecutionPhase as PbPhase,
  MessageType as PbMessageType,
  SubAgentStatus as PbSubAgentStatus,
  TodoStatus as PbTodoStatus,
  ToolCallStatus as PbToolCallStatus,
} from '../gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';

/**
 * Domain ExecutionStatus <-> wire AgentExecutionStatus. Struct fields are JsonObject on both sides
 * (protobuf-es unwraps google.protobuf.Struct), so only enums and nesting need translating.
 * The audit and callback_token fields are server-owned and ignored by updateStatus, so they are not carried.
 */

/** Builds a two-way table between domain enum strings and wire enum numbers. */
function enumTable<D extends string>(pairs: readonly (readonly [D, number])[]) {
  const toWire = new Map<D, number>(pairs);
  const fromWire = new Map<number, D>(pairs.map(([d, n]) => [n, d]));
  const unspecified = pairs[0][0];
  return {
    // Unknown values fall back to UNSPECIFIED so a newer server enum never crashes the runner.
    toProto: (value: D): number => toWire.get(value) ?? 0,
    fromProto: (value: number): D => fromWire.get(value) ?? unspecified,
  };
}

export const phaseEnum = enumTable<ExecutionPhase>([
  ['UNSPECIFIED', PbPhase.EXECUTION_PHASE_UNSPECIFIED],
  ['PENDING', PbPhase.EXECUTION_PENDING],
  ['IN_PROGRESS', PbPhase.EXECUTION_IN_PROGRESS],
  ['COMPLETED', PbPhase.EXECUTION_COMPLETED],
  ['FAILED', PbPhase.EXECUTION_FAILED],
  ['CANCELLED', PbPhase.EXECUTION_CANCELLED],
]);

const messageTypeEnum = enumTable<MessageType>([
  ['UNSPECIFIED', PbMessageType.MESSAGE_TYPE_UNSPECIFIED],
  ['HUMAN', PbMessageType.MESSAGE_HUMAN],
  ['AI', PbMessageType.MESSAGE_AI],
  ['TOOL', PbMessageType.MESSAGE_TOOL],
  ['SYSTEM', PbMessageType.MESSAGE_SYSTEM],
]);

const toolCallStatusEnum = enumTable<ToolCallStatus>([
  ['UNSPECIFIED', PbToolCallStatus.TOOL_CALL_STATUS_UNSPECIFIED],
  ['PENDING', PbToolCallStatus.TOOL_CALL_PENDING],
  ['RUNNING', PbToolCallStatus.TOOL_CALL_RUNNING],
  ['COMPLETED', PbToolCallStatus.TOOL_CALL_COMPLETED],
  ['FAILED', PbToolCallStatus.TOOL_CALL_FAILED],
]);

const todoStatusEnum = enumTable<TodoStatus>([
  ['UNSPECIFIED', PbTodoStatus.TODO_STATUS_UNSPECIFIED],
  ['PENDING', PbTodoStatus.TODO_PENDING],
  ['IN_PROGRESS', PbTodoStatus.TODO_IN_PROGRESS],
  ['COMPLETED', PbTodoStatus.TODO_COMPLETED],
  ['CANCELLED', PbTodoStatus.TODO_CANCELLED],
]);

const subAgentStatusEnum = enumTable<SubAgentStatus>([
  ['UNSPECIFIED', PbSubAgentStatus.SUB_AGENT_STATUS_UNSPECIFIED],
  ['PENDING', PbSubAgentStatus.SUB_AGENT_PENDING],
  ['IN_PROGRESS', PbSubAgentStatus.SUB_AGENT_IN_PROGRESS],
  ['COMPLETED', PbSubAgentStatus.SUB_AGENT_COMPLETED],
  ['FAILED', PbSubAgentStatus.SUB_AGENT_FAILED],
]);

export function statusToProto(status: ExecutionStatus): AgentExecutionStatus {
  return create(AgentExecutionStatusSchema, {
    phase: phaseEnum.toProto(status.phase),
    messages: status.messages.map(messageToProto),
    toolCalls: status.toolCalls.map(toolCallToProto),
    subAgentExecutions: status.subAgentExecutions.map(subAgentToProto),
    todos: Object.fromEntries(Object.entries(status.todos).map(([key, todo]) => [key, todoToProto(todo)])),
    error: status.error,
    startedAt: status.startedAt,
    completedAt: status.completedAt,
  });
}

export function statusFromProto(status: AgentExecutionStatus): ExecutionStatus {
  return {
    phase: phaseEnum.fromProto(status.phase),
    messages: status.messages.map(messageFromProto),
    toolCalls: status.toolCalls.map(toolCallFromProto),
    subAgentExecutions: status.subAgentExecutions.map(subAgentFromProto),
    todos: Object.fromEntries(Object.entries(status.todos).map(([key, todo]) => [key, todoFromProto(todo)])),
    error: status.error,
    startedAt: status.startedAt,
    completedAt: status.completedAt,
  };
}

function messageToProto(message: StatusMessage): AgentMessage {
  return create(AgentMessageSchema, {
    type: messageTypeEnum.toProto(message.type),
    content: message.content,
    timestamp: message.timestamp,
    toolCalls: message.toolCalls.map(toolCallToProto),
    metadata: message.metadata,
  });
}

function messageFromProto(message: AgentMessage): StatusMessage {
  return withMetadata(
    {
      type: messageTypeEnum.fromProto(message.type),
      content: message.content,
      timestamp: message.timestamp,
      toolCalls: message.toolCalls.map(toolCallFromProto),
    },
    message.metadata,
  );
}

function toolCallToProto(call: ToolCallRecord): ToolCall {
  const hasComponent = call.componentType !== '' || call.componentGroup !== '' || call.metadata !== undefined;
  return create(ToolCallSchema, {
    id: call.id,
    name: call.name,
    args: call.args,
    result: call.result,
    status: toolCallStatusEnum.toProto(call.status),
    componentMetadata: hasComponent
      ? create(ComponentMetadataSchema, {
          componentType: call.componentType,
          componentGroup: call.componentGroup,
          metadata: call.metadata,
        })
      : undefined,
    startedAt: call.startedAt,
    completedAt: call.completedAt,
    error: call.error,
  });
}

function toolCallFromProto(call: ToolCall): ToolCallRecord {
  return withMetadata(
    {
      id: call.id,
      name: call.name,
      args: call.args ?? {},
      result: call.result,
      status: toolCallStatusEnum.fromProto(call.status),
      componentType: call.componentMetadata?.componentType ?? '',
      componentGroup: call.componentMetadata?.componentGroup ?? '',
      startedAt: call.startedAt,
      completedAt: call.completedAt,
      error: call.error,
    },
    call.componentMetadata?.metadata,
  );
}

function subAgentToProto(sub: SubAgentRecord): SubAgentExecution {
  return create(SubAgentExecutionSchema, {
    id: sub.id,
    name: sub.name,
    input: sub.input,
    output: sub.output,
    status: subAgentStatusEnum.toProto(sub.status),
    startedAt: sub.startedAt,
    completedAt: sub.completedAt,
    error: sub.error,
    metadata: sub.metadata,
  });
}

function subAgentFromProto(sub: SubAgentExecution): SubAgentRecord {
  return withMetadata(
    {
      id: sub.id,
      name: sub.name,
      input: sub.input,
      output: sub.output,
      status: subAgentStatusEnum.fromProto(sub.status),
      startedAt: sub.startedAt,
      completedAt: sub.completedAt,
      error: sub.error,
    },
    sub.metadata,
  );
}

function todoToProto(todo: TodoRecord): TodoItem {
  return create(TodoItemSchema, {
    id: todo.id,
    content: todo.content,
    status: todoStatusEnum.toProto(todo.status),
    createdAt: todo.createdAt,
    updatedAt: todo.updatedAt,
  });
}

function todoFromProto(todo: TodoItem): TodoRecord {
  return {
    id: todo.id,
    content: todo.content,
    status: todoStatusEnum.fromProto(todo.status),
    createdAt: todo.createdAt,
    updatedAt: todo.updatedAt,
  };
}

/** Adds `metadata` only when the wire carried a Struct, so "absent" survives a round trip. */
function withMetadata<T extends object>(record: T, metadata: JsonObject | undefined): T & { metadata?: JsonObject } {
  return metadata === undefined ? record : { ...record, metadata };
}
