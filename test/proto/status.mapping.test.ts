import { create, fromJson, toJson } from '@bufbuild/protobuf';
import { statusFromProto, statusToProto } from '../../src/adapters/proto/mapping/status.mapping';
import { AgentExecutionStatusSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import {
  ExecutionPhase,
  MessageType,
  SubAgentStatus,
  TodoStatus,
  ToolCallStatus,
} from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { emptyStatus, type ExecutionStatus } from '../../src/domain/status/execution-status';

function fullStatus(): ExecutionStatus {
  const toolCall = {
    id: 'call-1',
    name: 'execute',
    args: { command: 'ls -la', nested: { depth: 2, list: [1, 'two', true, null] } },
    result: 'file.txt',
    status: 'COMPLETED' as const,
    componentType: 'terminal',
    componentGroup: 'main-agent-tools',
    startedAt: '2026-01-22T10:00:00Z',
    completedAt: '2026-01-22T10:00:01Z',
    error: '',
    metadata: { exitCode: 0 },
  };
  return {
    phase: 'COMPLETED',
    messages: [
      { type: 'HUMAN', content: 'hi', timestamp: '2026-01-22T10:00:00Z', toolCalls: [] },
      { type: 'TOOL', content: '', timestamp: '2026-01-22T10:00:00Z', toolCalls: [toolCall], metadata: { source: 'x' } },
      { type: 'AI', content: 'done', timestamp: '2026-01-22T10:00:02Z', toolCalls: [] },
      { type: 'SYSTEM', content: 'note', timestamp: '2026-01-22T10:00:03Z', toolCalls: [] },
    ],
    toolCalls: [toolCall],
    subAgentExecutions: [
      {
        id: 'sub-1',
        name: 'researcher',
        input: 'find',
        output: 'found',
        status: 'FAILED',
        startedAt: 'a',
        completedAt: 'b',
        error: 'boom',
        metadata: { k: 'v' },
      },
    ],
    todos: {
      t1: { id: 't1', content: 'write', status: 'IN_PROGRESS', createdAt: 'c', updatedAt: 'd' },
      t2: { id: 't2', content: 'test', status: 'CANCELLED', createdAt: 'c', updatedAt: 'd' },
    },
    error: 'none',
    startedAt: '2026-01-22T10:00:00Z',
    completedAt: '2026-01-22T10:00:05Z',
  };
}

describe('status mapping', () => {
  it('maps every domain enum value to the wire enum of the same name', () => {
    const proto = statusToProto(fullStatus());
    expect(proto.phase).toBe(ExecutionPhase.EXECUTION_COMPLETED);
    expect(proto.messages.map((m) => m.type)).toEqual([
      MessageType.MESSAGE_HUMAN,
      MessageType.MESSAGE_TOOL,
      MessageType.MESSAGE_AI,
      MessageType.MESSAGE_SYSTEM,
    ]);
    expect(proto.toolCalls[0].status).toBe(ToolCallStatus.TOOL_CALL_COMPLETED);
    expect(proto.toolCalls[0].componentMetadata?.componentType).toBe('terminal');
    expect(proto.toolCalls[0].componentMetadata?.metadata).toEqual({ exitCode: 0 });
    expect(proto.subAgentExecutions[0].status).toBe(SubAgentStatus.SUB_AGENT_FAILED);
    expect(proto.todos.t1.status).toBe(TodoStatus.TODO_IN_PROGRESS);
    expect(proto.todos.t2.status).toBe(TodoStatus.TODO_CANCELLED);
  });

  it.each(['UNSPECIFIED', 'PENDING', 'IN_PROGRESS', 'COMPLETED', 'FAILED', 'CANCELLED'] as const)(
    'round-trips phase %s through the wire JSON',
    (phase) => {
      const json = toJson(AgentExecutionStatusSchema, statusToProto(emptyStatus(phase)));
      expect(statusFromProto(fromJson(AgentExecutionStatusSchema, json)).phase).toBe(phase);
    },
  );

  it('round-trips a full status, Struct values included, through protojson', () => {
    const original = fullStatus();
    const json = toJson(AgentExecutionStatusSchema, statusToProto(original));
    expect(json).toMatchObject({
      phase: 'EXECUTION_COMPLETED',
      toolCalls: [{ args: { command: 'ls -la', nested: { depth: 2, list: [1, 'two', true, null] } }, status: 'TOOL_CALL_COMPLETED' }],
      todos: { t1: { status: 'TODO_IN_PROGRESS' } },
    });
    const back = statusFromProto(fromJson(AgentExecutionStatusSchema, json));
    expect(back).toEqual(original);
  });

  it('keeps an absent Struct absent and an empty status empty', () => {
    const status = emptyStatus('PENDING');
    status.messages.push({ type: 'AI', content: 'x', timestamp: '', toolCalls: [] });
    const back = statusFromProto(statusToProto(status));
    expect(back).toEqual(status);
    expect('metadata' in back.messages[0]).toBe(false);
  });

  it('maps wire enum numbers it does not know to UNSPECIFIED instead of crashing', () => {
    const proto = create(AgentExecutionStatusSchema, { phase: 42 as ExecutionPhase });
    expect(statusFromProto(proto).phase).toBe('UNSPECIFIED');
  });
});
