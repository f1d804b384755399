import type { AgentEvent, TextToken } from '../events/agent-event';
import type { JsonObject } from '../model/json';
import { safeCut, truncateText, truncationMarker } from '../text/truncate';
import { cloneStatus } from './clone-status';
import { emptyStatus, isTerminalPhase, type ExecutionPhase, type ExecutionStatus, type StatusMessage } from './execution-status';
import { fitToBudget } from './snapshot-budget';
import { statusLimits, type StatusLimits } from './status-limits';
import { SubAgentLedger } from './sub-agent-ledger';
import { applyTodoWrite } from './todo-list';
import { ToolCallLedger } from './tool-call-ledger';

export { shouldFlushImmediately } from './flush-policy';

export interface StatusBuilderOptions {
  /** The status carried in the workflow input (normally phase PENDING); a fresh PENDING status when absent. */
  initial?: ExecutionStatus;
  /** The user's message as typed, without the context suffix added for the model. */
  userMessage: string;
  now: Date;
  limits?: Partial<StatusLimits>;
}

/**
 * Folds AgentEvents into the cumulative ExecutionStatus the backend stores. The backend replaces whole lists, so
 * the builder always holds everything; `snapshot()` hands out a size-capped copy and `version` tells whether
 * anything changed since the last one. The domain has no clock: every call takes `now`.
 */
export class StatusBuilder {
  private readonly status: ExecutionStatus;
  private readonly limits: StatusLimits;
  private readonly toolCalls: ToolCallLedger;
  private readonly subAgents: SubAgentLedger;
  /** The main agent's AI message for the current model turn; created on the turn's first text token. */
  private currentAi: StatusMessage | undefined;
  private currentAiKept = '';
  private currentAiDropped = 0;
  private changes = 0;

  constructor(options: StatusBuilderOptions) {
    this.limits = statusLimits(options.limits);
    this.status = options.initial ? adoptInitial(options.initial) : emptyStatus('PENDING');
    this.toolCalls = new ToolCallLedger(this.status, this.limits);
    this.subAgents = new SubAgentLedger(this.status, this.limits);
    this.status.messages.push(message('HUMAN', options.userMessage, options.now));
  }

  /** Increments on every change. */
  get version(): number {
    return this.changes;
  }

  get phase(): ExecutionPhase {
    return this.status.phase;
  }

  get isTerminal(): boolean {
    return isTerminalPhase(this.status.phase);
  }

  snapshot(): ExecutionStatus {
    return fitToBudget(cloneStatus(this.status), this.limits.maxSnapshotBytes);
  }

  start(now: Date): void {
    if (this.isTerminal) return;
    this.status.phase = 'IN_PROGRESS';
    if (!this.status.startedAt) this.status.startedAt = now.toISOString();
    this.changed(true);
  }

  complete(now: Date): void {
    this.finish('COMPLETED', 'execution completed', now);
  }

  fail(message: string, now: Date): void {
    const capped = this.capped(message);
    this.finish('FAILED', capped, now, `Execution failed: ${capped}`);
  }

  cancel(reason: string, now: Date): void {
    const capped = this.capped(reason);
    this.finish('CANCELLED', capped, now, `Execution cancelled: ${capped}`);
  }

  /** Records one event; ignored once the execution is terminal. */
  apply(event: AgentEvent, now: Date): void {
    if (this.isTerminal) return;
    this.changed(this.fold(event, now));
  }

  private fold(event: AgentEvent, now: Date): boolean {
    const nowIso = now.toISOString();
    const main = !event.subAgentId;
    switch (event.kind) {
      case 'model_turn_start':
        if (main) this.endTurn();
        return false;
      case 'text_token':
        return main && this.appendText(event, now);
      case 'model_turn_end': {
        if (main) this.endTurn();
        const added = event.toolCalls.map((call) => this.toolCalls.requested(call, event.subAgentId, nowIso));
        return added.includes(true);
      }
      case 'tool_start':
        return this.toolCalls.started(event, nowIso);
      case 'tool_end':
        return this.toolCalls.ended(event, nowIso);
      case 'tool_error':
        return this.toolCalls.failed(event, nowIso);
      case 'todos_written':
        // A sub-agent's own plan would overwrite (and cancel) the main agent's list, so only the main one is shown.
        return main && applyTodoWrite(this.status.todos, event.todos, nowIso);
      case 'subagent_start':
        return this.subAgents.started(event, nowIso);
      case 'subagent_end':
        return this.subAgents.ended(event, nowIso);
      case 'notice': {
        const metadata: JsonObject = event.subAgentId ? { level: event.level, subAgentId: event.subAgentId } : { level: event.level };
        this.status.messages.push({ ...message('SYSTEM', this.capped(event.message), now), metadata });
        return true;
      }
    }
  }

  /** Sub-agent tokens never reach here: they are not part of the main conversation. */
  private appendText(event: TextToken, now: Date): boolean {
    if (event.text === '') return false;
    if (!this.currentAi) {
      this.currentAi = message('AI', '', now);
      this.currentAiDropped = 0;
      this.status.messages.push(this.currentAi);
    }
    const ai = this.currentAi;
    const max = this.limits.maxAiMessageChars;
    if (this.currentAiDropped === 0 && ai.content.length + event.text.length <= max) {
      ai.content += event.text;
      return true;
    }
    // Over the cap: keep the first `max` characters and count everything after them in the marker.
    if (this.currentAiDropped === 0) {
      const full = ai.content + event.text;
      this.currentAiKept = full.slice(0, safeCut(full, max));
      this.currentAiDropped = full.length - this.currentAiKept.length;
    } else {
      this.currentAiDropped += event.text.length;
    }
    ai.content = this.currentAiKept + truncationMarker(this.currentAiDropped);
    return true;
  }

  private endTurn(): void {
    this.currentAi = undefined;
  }

  private finish(phase: ExecutionPhase, reason: string, now: Date, systemMessage?: string): void {
    if (this.isTerminal) return;
    const nowIso = now.toISOString();
    this.endTurn();
    this.toolCalls.interruptOpen(reason, nowIso);
    this.subAgents.interruptOpen(reason, nowIso);
    this.status.phase = phase;
    this.status.completedAt = nowIso;
    if (phase !== 'COMPLETED') this.status.error = reason;
    if (systemMessage) this.status.messages.push(message('SYSTEM', systemMessage, now));
    this.changed(true);
  }

  /** Errors and notices can carry whole provider responses; they get the tool-result cap. */
  private capped(text: string): string {
    return truncateText(text, this.limits.maxToolResultChars);
  }

  private changed(didChange: boolean): void {
    if (didChange) this.changes += 1;
  }
}

function message(type: StatusMessage['type'], content: string, now: Date): StatusMessage {
  return { type, content, timestamp: now.toISOString(), toolCalls: [] };
}

/** Copies the incoming status and points message tool calls at the flat list's records, so they stay in sync. */
function adoptInitial(initial: ExecutionStatus): ExecutionStatus {
  const status = cloneStatus(initial);
  const byId = new Map(status.toolCalls.map((call) => [call.id, call]));
  for (const m of status.messages) m.toolCalls = m.toolCalls.map((call) => byId.get(call.id) ?? call);
  return status;
}
