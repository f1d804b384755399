import type { RequestedToolCall, ToolEnd, ToolError, ToolStart } from '../events/agent-event';
import type { JsonObject } from '../model/json';
import { truncateText } from '../text/truncate';
import { capJsonObject } from './cap-json-strings';
import { inferComponentType, MAIN_AGENT_TOOLS, SUB_AGENT_TOOLS } from './component-type';
import type { ExecutionStatus, ToolCallRecord, ToolCallStatus } from './execution-status';
import type { StatusLimits } from './status-limits';

/** `write_todos` is shown as the todo list, never as a tool call. */
export const TODO_TOOL = 'write_todos';

const OPEN: readonly ToolCallStatus[] = ['PENDING', 'RUNNING'];

/**
 * Tool calls of one execution, keyed by tool-call id (so identical repeated calls stay distinct). A main-agent call
 * is one record object referenced from both `status.toolCalls` and its MESSAGE_TOOL message, so the two copies can
 * never disagree. Every method returns whether the status changed.
 */
export class ToolCallLedger {
  private readonly byId = new Map<string, ToolCallRecord>();
  private anonymous = 0;

  constructor(
    private readonly status: ExecutionStatus,
    private readonly limits: StatusLimits,
  ) {
    for (const call of status.toolCalls) this.byId.set(call.id, call);
  }

  requested(call: RequestedToolCall, subAgentId: string | undefined, nowIso: string): boolean {
    if (call.name === TODO_TOOL || !call.id || this.byId.has(call.id)) return false;
    this.add(call.id, call.name, call.args, 'PENDING', subAgentId, nowIso);
    return true;
  }

  started(event: ToolStart, nowIso: string): boolean {
    if (event.name === TODO_TOOL) return false;
    const call = this.byId.get(event.toolCallId);
    if (!call) {
      this.add(this.idFor(event.toolCallId), event.name, event.args, 'RUNNING', event.subAgentId, nowIso).startedAt = nowIso;
      return true;
    }
    if (call.status !== 'PENDING') return false;
    call.status = 'RUNNING';
    call.startedAt = nowIso;
    if (Object.keys(event.args).length > 0) call.args = capJsonObject(event.args, this.limits.maxArgStringChars);
    return true;
  }

  ended(event: ToolEnd, nowIso: string): boolean {
    const call = this.finishable(event, nowIso);
    if (!call) return false;
    this.finish(call, 'COMPLETED', nowIso, { result: truncateText(event.result, this.limits.maxToolResultChars) });
    return true;
  }

  failed(event: ToolError, nowIso: string): boolean {
    const call = this.finishable(event, nowIso);
    if (!call) return false;
    this.finish(call, 'FAILED', nowIso, { error: truncateText(event.error, this.limits.maxToolResultChars) });
    return true;
  }

  /** Fails every call still pending or running, so a finished execution shows nothing as in flight. */
  interruptOpen(reason: string, nowIso: string): boolean {
    let changed = false;
    for (const call of this.byId.values()) {
      if (!OPEN.includes(call.status)) continue;
      this.finish(call, 'FAILED', nowIso, { error: `interrupted: ${reason}` });
      changed = true;
    }
    return changed;
  }

  /** The open call an end/error event refers to, created if its start was never seen; undefined to ignore the event. */
  private finishable(event: ToolEnd | ToolError, nowIso: string): ToolCallRecord | undefined {
    if (event.name === TODO_TOOL) return undefined;
    const call = this.byId.get(event.toolCallId) ?? this.add(this.idFor(event.toolCallId), event.name, {}, 'RUNNING', event.subAgentId, nowIso);
    return OPEN.includes(call.status) ? call : undefined;
  }

  private finish(call: ToolCallRecord, status: ToolCallStatus, nowIso: string, outcome: { result?: string; error?: string }): void {
    call.status = status;
    call.completedAt = nowIso;
    if (outcome.result !== undefined) call.result = outcome.result;
    if (outcome.error !== undefined) call.error = outcome.error;
  }

  private add(id: string, name: string, args: JsonObject, status: ToolCallStatus, subAgentId: string | undefined, nowIso: string): ToolCallRecord {
    const call: ToolCallRecord = {
      id,
      name,
      args: capJsonObject(args, this.limits.maxArgStringChars),
      result: '',
      status,
      componentType: inferComponentType(name),
      componentGroup: subAgentId ? SUB_AGENT_TOOLS : MAIN_AGENT_TOOLS,
      startedAt: '',
      completedAt: '',
      error: '',
    };
    if (subAgentId) call.metadata = { subAgentId };
    this.byId.set(id, call);
    this.status.toolCalls.push(call);
    // Sub-agent calls are listed but not interleaved with the main conversation.
    if (!subAgentId) this.status.messages.push({ type: 'TOOL', content: '', timestamp: nowIso, toolCalls: [call] });
    return call;
  }

  /** Events without an id still need a unique key, or two of them would merge into one call. */
  private idFor(toolCallId: string): string {
    if (toolCallId) return toolCallId;
    this.anonymous += 1;
    return `unidentified-tool-call-${this.anonymous}`;
  }
}
