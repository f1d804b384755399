import { create, fromJson, type JsonObject } from '@bufbuild/protobuf';
import { timestampDate } from '@bufbuild/protobuf/wkt';
import type { Payload } from '@temporalio/common';
import { payloadConverter } from '../../src/adapters/temporal/payload/payload-converter';
import { stigmerRegistry } from '../../src/adapters/temporal/payload/proto-registry';
import { statusToProto } from '../../src/adapters/proto/mapping/status.mapping';
import {
  AgentExecutionStatusSchema,
  type AgentExecution,
  type AgentExecutionStatus,
} from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/api_pb';
import { ExecutionPhase, MessageType, ToolCallStatus } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agentexecution/v1/enum_pb';
import { ApiResourceOwnerScope } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/enum_pb';
import { ApiResourceKind } from '../../src/adapters/proto/gen/ai/stigmer/commons/apiresource/apiresourcekind/api_resource_kind_pb';
import { AgentSchema } from '../../src/adapters/proto/gen/ai/stigmer/agentic/agent/v1/api_pb';

const EXECUTION_TYPE = 'ai.stigmer.agentic.agentexecution.v1.AgentExecution';
const STATUS_TYPE = 'ai.stigmer.agentic.agentexecution.v1.AgentExecutionStatus';
const utf8 = (s: string) => new TextEncoder().encode(s);
const text = (b: Uint8Array | null | undefined) => new TextDecoder().decode(b ?? new Uint8Array());

/** A payload built by hand, byte for byte what the Go SDK's ProtoJSON converter sends. */
function goPayload(messageType: string, json: unknown): Payload {
  return {
    metadata: { encoding: utf8('json/protobuf'), messageType: utf8(messageType) },
    data: utf8(JSON.stringify(json)),
  };
}

/** The contract §1.11 example with the elided parts filled in, plus a Struct-carrying message. */
const goExecutionJson = {
  apiVersion: 'agentic.stigmer.ai/v1',
  kind: 'AgentExecution',
  metadata: {
    name: 'x',
    slug: 'x',
    id: 'aex-01jabc',
    org: 'local',
    ownerScope: 'organization',
    labels: { team: 'core' },
    tags: ['a', 'b'],
  },
  spec: {
    sessionId: 'ses-01jabc',
    agentId: 'agt-01jabc',
    message: 'hi',
    executionConfig: { modelName: 'm' },
    runtimeEnv: { K: { value: 'v', isSecret: true }, PLAIN: { value: 'p' } },
    callbackToken: 'AQL/',
  },
  status: {
    phase: 'EXECUTION_PENDING',
    messages: [
      {
        type: 'MESSAGE_TOOL',
        content: 'c',
        toolCalls: [{ id: 't1', name: 'ls', args: { path: '/tmp', depth: 2, flags: ['-l', true, null] }, status: 'TOOL_CALL_RUNNING' }],
        metadata: { nested: { n: 1.5 } },
      },
    ],
    todos: { td1: { id: 'td1', content: 'write', status: 'TODO_PENDING' } },
    audit: {
      specAudit: { createdBy: { id: 'system' }, createdAt: '2026-01-22T10:00:00.500Z', event: 'created' },
      statusAudit: { createdAt: '2026-01-22T10:00:00Z', updatedAt: '2026-01-22T10:00:01.123456789Z' },
    },
  },
};

describe('payload converter: json/protobuf decoding of Go-shaped input', () => {
  it('decodes every field kind of an AgentExecution to the right values', () => {
    const execution = payloadConverter.fromPayload<AgentExecution>(goPayload(EXECUTION_TYPE, goExecutionJson));
    expect(execution.$typeName).toBe(EXECUTION_TYPE);
    expect(execution.metadata?.id).toBe('aex-01jabc');
    expect(execution.metadata?.ownerScope).toBe(ApiResourceOwnerScope.organization);
    expect(execution.metadata?.labels).toEqual({ team: 'core' });
    expect(execution.metadata?.tags).toEqual(['a', 'b']);
    expect(execution.spec?.executionConfig?.modelName).toBe('m');
    expect(execution.spec?.runtimeEnv.K.value).toBe('v');
    expect(execution.spec?.runtimeEnv.K.isSecret).toBe(true);
    expect(execution.spec?.runtimeEnv.PLAIN.isSecret).toBe(false);
    expect(Array.from(execution.spec?.callbackToken ?? [])).toEqual([1, 2, 255]);
    const status = execution.status!;
    expect(status.phase).toBe(ExecutionPhase.EXECUTION_PENDING);
    expect(status.messages[0].type).toBe(MessageType.MESSAGE_TOOL);
    expect(status.messages[0].metadata).toEqual({ nested: { n: 1.5 } });
    expect(status.messages[0].toolCalls[0].args).toEqual({ path: '/tmp', depth: 2, flags: ['-l', true, null] });
    expect(status.messages[0].toolCalls[0].status).toBe(ToolCallStatus.TOOL_CALL_RUNNING);
    expect(status.todos.td1.content).toBe('write');
    expect(timestampDate(status.audit!.specAudit!.createdAt!).toISOString()).toBe('2026-01-22T10:00:00.500Z');
    expect(status.audit!.statusAudit!.updatedAt!.nanos).toBe(123456789);
  });

  it('accepts snake_case keys, enum numbers and nulls the way Go protojson does', () => {
    const execution = payloadConverter.fromPayload<AgentExecution>(
      goPayload(EXECUTION_TYPE, {
        api_version: 'agentic.stigmer.ai/v1',
        metadata: { id: 'aex-2', owner_scope: 2 },
        spec: { session_id: 'ses-2', execution_config: { model_name: 'mm' }, runtime_env: { A: { value: '1', is_secret: true } } },
        status: { phase: 1, tool_calls: [{ status: 3 }], audit: null },
      }),
    );
    expect(execution.apiVersion).toBe('agentic.stigmer.ai/v1');
    expect(execution.metadata?.ownerScope).toBe(ApiResourceOwnerScope.organization);
    expect(execution.spec?.sessionId).toBe('ses-2');
    expect(execution.spec?.executionConfig?.modelName).toBe('mm');
    expect(execution.spec?.runtimeEnv.A.isSecret).toBe(true);
    expect(execution.status?.phase).toBe(ExecutionPhase.EXECUTION_PENDING);
    expect(execution.status?.toolCalls[0].status).toBe(ToolCallStatus.TOOL_CALL_COMPLETED);
    expect(execution.status?.audit).toBeUndefined();
  });

  it('ignores keys it does not know, so a newer server cannot break decoding', () => {
    const execution = payloadConverter.fromPayload<AgentExecution>(
      goPayload(EXECUTION_TYPE, { metadata: { id: 'aex-3', brandNew: 1 }, futureField: { x: 1 } }),
    );
    expect(execution.metadata?.id).toBe('aex-3');
  });

  it('resolves duplicate simple names by their fully-qualified messageType', () => {
    const sessionId = payloadConverter.fromPayload<{ $typeName: string; value: string }>(
      goPayload('ai.stigmer.agentic.session.v1.SessionId', { value: 'ses-1' }),
    );
    const executionSessionId = payloadConverter.fromPayload<{ $typeName: string; value: string }>(
      goPayload('ai.stigmer.agentic.agentexecution.v1.SessionId', { value: 'ses-2' }),
    );
    expect(sessionId).toMatchObject({ $typeName: 'ai.stigmer.agentic.session.v1.SessionId', value: 'ses-1' });
    expect(executionSessionId.$typeName).toBe('ai.stigmer.agentic.agentexecution.v1.SessionId');
  });

  it('rejects a payload without messageType or with an unknown one, naming the problem', () => {
    const noType: Payload = { metadata: { encoding: utf8('json/protobuf') }, data: utf8('{}') };
    expect(() => payloadConverter.fromPayload(noType)).toThrow(/messageType/);
    expect(() => payloadConverter.fromPayload(goPayload('acme.Nope', {}))).toThrow(/unknown messageType "acme.Nope"/);
    expect(() => payloadConverter.fromPayload(goPayload(EXECUTION_TYPE, { metadata: 'not an object' }))).toThrow(
      /cannot decode json\/protobuf payload of type ai\.stigmer\.agentic\.agentexecution\.v1\.AgentExecution/,
    );
    const notJson: Payload = { metadata: { encoding: utf8('json/protobuf'), messageType: utf8(EXECUTION_TYPE) }, data: utf8('{') };
    expect(() => payloadConverter.fromPayload(notJson)).toThrow(/cannot decode/);
  });
});

describe('payload converter: encoding what the runner returns', () => {
  function encodeStatus(status: AgentExecutionStatus): { payload: Payload; json: JsonObject } {
    const payload = payloadConverter.toPayload(status);
    return { payload, json: JSON.parse(text(payload.data)) as JsonObject };
  }

  it('encodes a status as json/protobuf with its fully-qualified messageType', () => {
    const { payload } = encodeStatus(create(AgentExecutionStatusSchema, { phase: ExecutionPhase.EXECUTION_COMPLETED }));
    expect(text(payload.metadata?.encoding)).toBe('json/protobuf');
    expect(text(payload.metadata?.messageType)).toBe(STATUS_TYPE);
  });

  it('produces JSON a strict decoder (unknown keys rejected, like Go) accepts, with enum names and lowerCamelCase', () => {
    const status = statusToProto({
      phase: 'FAILED',
      messages: [{ type: 'SYSTEM', content: 'boom', timestamp: '2026-01-22T10:00:00Z', toolCalls: [], metadata: { k: [1, 'x'] } }],
      toolCalls: [
        {
          id: 'c1',
          name: 'execute',
          args: { command: 'ls' },
          result: '',
          status: 'FAILED',
          componentType: 'terminal',
          componentGroup: 'main-agent-tools',
          startedAt: 's',
          completedAt: 'e',
          error: 'exit 1',
        },
      ],
      subAgentExecutions: [],
      todos: { t: { id: 't', content: 'c', status: 'COMPLETED', createdAt: '', updatedAt: '' } },
      error: 'boom',
      startedAt: 's',
      completedAt: 'e',
    });
    const { json } = encodeStatus(status);
    expect(() => fromJson(AgentExecutionStatusSchema, json, { ignoreUnknownFields: false })).not.toThrow();
    expect(json).toEqual({
      messages: [{ type: 'MESSAGE_SYSTEM', content: 'boom', timestamp: '2026-01-22T10:00:00Z', metadata: { k: [1, 'x'] } }],
      phase: 'EXECUTION_FAILED',
      toolCalls: [
        {
          id: 'c1',
          name: 'execute',
          args: { command: 'ls' },
          status: 'TOOL_CALL_FAILED',
          componentMetadata: { componentType: 'terminal', componentGroup: 'main-agent-tools' },
          startedAt: 's',
          completedAt: 'e',
          error: 'exit 1',
        },
      ],
      error: 'boom',
      startedAt: 's',
      completedAt: 'e',
      todos: { t: { id: 't', content: 'c', status: 'TODO_COMPLETED' } },
    });
    expect(JSON.stringify(json)).not.toMatch(/\$typeName|tool_calls|null/);
  });

  it('round-trips the contract example: enum names, base64 bytes, Timestamps and Struct values intact', () => {
    const decoded = payloadConverter.fromPayload<AgentExecution>(goPayload(EXECUTION_TYPE, goExecutionJson));
    const reencoded = JSON.parse(text(payloadConverter.toPayload(decoded).data)) as JsonObject;
    expect(reencoded).toEqual(goExecutionJson);
  });

  it('never encodes undefined as null and keeps strings and plain JSON as json/plain', () => {
    const none = payloadConverter.toPayload(undefined);
    expect(text(none.metadata?.encoding)).toBe('binary/null');
    expect(payloadConverter.fromPayload(none)).toBeUndefined();
    const threadId = payloadConverter.toPayload('thread-ses-1');
    expect(text(threadId.metadata?.encoding)).toBe('json/plain');
    expect(text(threadId.data)).toBe('"thread-ses-1"');
    const plain = payloadConverter.toPayload({ events: 3 });
    expect(text(plain.metadata?.encoding)).toBe('json/plain');
    expect(payloadConverter.fromPayload(plain)).toEqual({ events: 3 });
  });

  it('encodes messages from other Stigmer packages too (the registry holds every generated file)', () => {
    const agent = create(AgentSchema, {
      metadata: { id: 'agt-1' },
      spec: { skillRefs: [{ kind: ApiResourceKind.skill, slug: 's' }] },
    });
    const payload = payloadConverter.toPayload(agent);
    expect(text(payload.metadata?.messageType)).toBe('ai.stigmer.agentic.agent.v1.Agent');
    expect(JSON.parse(text(payload.data))).toEqual({ metadata: { id: 'agt-1' }, spec: { skillRefs: [{ kind: 'skill', slug: 's' }] } });
    expect(stigmerRegistry.getMessage('google.protobuf.Struct')).toBeDefined();
  });
});
