import { AIMessage, AIMessageChunk, type BaseMessage } from '@langchain/core/messages';
import type { AgentEvent, RequestedToolCall, TodoInput } from '../../../domain/events/agent-event';
import { describeError } from '../../../domain/errors/domain-errors';
import type { LoopGuardSignal } from '../loop-guard/loop-guard.middleware';
import type { RefusedToolCallSignal } from '../tool-errors/tool-call-signal';
import { SubAgentNamespaces } from './subagent-namespaces';
import { toolArgs, toolOutcome } from './tool-output';

/** The stream modes the mapper understands; pass exactly these to `graph.stream(..., { subgraphs: true })`. */
export const STREAM_MODES = ['messages', 'tasks', 'tools', 'custom'] as const;
export type StreamMode = (typeof STREAM_MODES)[number];
export type StreamChunk = [namespace: string[], mode: StreamMode, data: unknown];

const MODEL_NODE = 'model_request';
const TOOLS_NODE = 'tools';

interface TaskPayload {
  id: string;
  name: string;
  input?: { lg_tool_call?: { id?: string; name?: string } };
  result?: unknown;
  error?: unknown;
}

interface ToolsPayload {
  event: 'on_tool_start' | 'on_tool_event' | 'on_tool_end' | 'on_tool_error';
  toolCallId?: string;
  name: string;
  input?: unknown;
  output?: unknown;
  error?: unknown;
}

/**
 * Folds the LangGraph stream (`messages` for tokens, `tasks` for model-turn boundaries and tool-task ids, `tools`
 * for tool lifecycle by tool-call id, `custom` for the loop guard) into AgentEvents. Sub-agent events carry the
 * id of the `task` call that spawned them. One mapper per run.
 */
export class StreamEventMapper {
  private readonly namespaces = new SubAgentNamespaces();
  private readonly todoInputs = new Map<string, TodoInput[]>();
  private anonymousCalls = 0;

  map([namespace, mode, data]: StreamChunk): AgentEvent[] {
    switch (mode) {
      case 'tasks':
        return this.onTask(namespace, data as TaskPayload);
      case 'messages':
        return this.onMessage(namespace, data as [BaseMessage, Record<string, unknown>]);
      case 'tools':
        return this.onTool(namespace, data as ToolsPayload);
      case 'custom':
        return this.onCustom(namespace, data);
      default:
        return [];
    }
  }

  private onTask(namespace: string[], task: TaskPayload): AgentEvent[] {
    const subAgentId = this.namespaces.subAgentIdOf(namespace);
    const finished = 'result' in task || 'error' in task;
    if (task.name === TOOLS_NODE && !finished) this.namespaces.recordToolTask(task.id, task.input?.lg_tool_call);
    if (task.name !== MODEL_NODE) return [];
    if (!finished) return [withSub({ kind: 'model_turn_start' }, subAgentId)];
    if (task.error) return [];
    return [withSub({ kind: 'model_turn_end', toolCalls: requestedToolCalls(task.result) }, subAgentId)];
  }

  private onMessage(namespace: string[], [message, metadata]: [BaseMessage, Record<string, unknown>]): AgentEvent[] {
    if (metadata?.langgraph_node !== MODEL_NODE) return [];
    if (!AIMessageChunk.isInstance(message) && !AIMessage.isInstance(message)) return [];
    const text = message.text;
    return text ? [withSub({ kind: 'text_token', text }, this.namespaces.subAgentIdOf(namespace))] : [];
  }

  private onTool(namespace: string[], payload: ToolsPayload): AgentEvent[] {
    const subAgentId = this.namespaces.subAgentIdOf(namespace);
    const toolCallId = payload.toolCallId ?? `tool_${++this.anonymousCalls}`;
    const name = payload.name;
    switch (payload.event) {
      case 'on_tool_start': {
        const args = toolArgs(payload.input);
        const events: AgentEvent[] = [withSub({ kind: 'tool_start', toolCallId, name, args }, subAgentId)];
        if (name === 'write_todos') this.todoInputs.set(toolCallId, todoList(args.todos));
        if (name === 'task') {
          events.push(withSub({ kind: 'subagent_start', id: toolCallId, name: String(args.subagent_type ?? 'unknown'), input: String(args.description ?? '') }, subAgentId));
        }
        return events;
      }
      case 'on_tool_end': {
        const outcome = toolOutcome(payload.output, toolCallId);
        const events: AgentEvent[] = [
          outcome.failed
            ? withSub({ kind: 'tool_error', toolCallId, name, error: outcome.text || 'tool failed' }, subAgentId)
            : withSub({ kind: 'tool_end', toolCallId, name, result: outcome.text }, subAgentId),
        ];
        if (name === 'write_todos' && !outcome.failed) {
          const written = outcome.stateUpdate?.todos;
          events.push(withSub({ kind: 'todos_written', todos: written ? todoList(written) : (this.todoInputs.get(toolCallId) ?? []) }, subAgentId));
        }
        if (name === 'task') {
          events.push(withSub(outcome.failed ? { kind: 'subagent_end', id: toolCallId, output: '', error: outcome.text } : { kind: 'subagent_end', id: toolCallId, output: outcome.text }, subAgentId));
        }
        this.todoInputs.delete(toolCallId);
        return events;
      }
      case 'on_tool_error': {
        const error = describeError(payload.error);
        const events: AgentEvent[] = [withSub({ kind: 'tool_error', toolCallId, name, error }, subAgentId)];
        if (name === 'task') events.push(withSub({ kind: 'subagent_end', id: toolCallId, output: '', error }, subAgentId));
        this.todoInputs.delete(toolCallId);
        return events;
      }
      default:
        return [];
    }
  }

  private onCustom(namespace: string[], data: unknown): AgentEvent[] {
    const signal = data as LoopGuardSignal | RefusedToolCallSignal | undefined;
    if (signal?.source === 'tool_calls' && signal.type === 'refused_call') {
      return [withSub({ kind: 'tool_error', toolCallId: signal.toolCallId, name: signal.name, error: signal.reason }, this.namespaces.subAgentIdOf(namespace))];
    }
    if (signal?.source !== 'loop_guard') return [];
    const subAgentId = this.namespaces.subAgentIdOf(namespace);
    if (signal.type === 'refused_call') return [withSub({ kind: 'tool_error', toolCallId: signal.toolCallId, name: signal.name, error: signal.reason }, subAgentId)];
    return [withSub({ kind: 'notice', level: signal.level, message: signal.message }, subAgentId)];
  }
}

function withSub<T extends AgentEvent>(event: T, subAgentId: string | undefined): T {
  return subAgentId ? { ...event, subAgentId } : event;
}

/** Tool calls of the AI message(s) a model turn wrote. */
function requestedToolCalls(result: unknown): RequestedToolCall[] {
  const messages = (result as { messages?: unknown } | undefined)?.messages;
  if (!Array.isArray(messages)) return [];
  return messages
    .filter((m): m is AIMessage => AIMessage.isInstance(m))
    .flatMap((m) => m.tool_calls ?? [])
    .map((call) => ({ id: call.id ?? '', name: call.name, args: toolArgs(call.args) }));
}

function todoList(value: unknown): TodoInput[] {
  if (!Array.isArray(value)) return [];
  return value
    .filter((item): item is { content: unknown; status?: unknown } => typeof item === 'object' && item !== null && 'content' in item)
    .map((item) => ({ content: String(item.content), status: typeof item.status === 'string' ? item.status : 'pending' }));
}
