import { truncateText } from '../text/truncate';
import { utf8Length } from '../text/utf8-length';
import { capJsonObject } from './cap-json-strings';
import type { ExecutionStatus, StatusMessage, SubAgentRecord, ToolCallRecord } from './execution-status';

/** The wire form (protojson enum names, nested component metadata) is a little larger than ours, per entry. */
const WIRE_OVERHEAD_PER_ENTRY = 64;
/** Successively harsher caps, applied first to older entries, then to all. */
const SHRINK_CAPS = [4_000, 1_000, 200, 0];
const RECENT_TOOL_CALLS = 10;
const RECENT_MESSAGES = 5;
const RECENT_SUB_AGENTS = 3;

/** Estimated size in bytes of the snapshot once serialized for the wire. */
export function estimateStatusBytes(status: ExecutionStatus): number {
  const entries =
    status.messages.length +
    status.toolCalls.length +
    status.messages.reduce((n, m) => n + m.toolCalls.length, 0) +
    status.subAgentExecutions.length +
    Object.keys(status.todos).length;
  return utf8Length(JSON.stringify(status)) + entries * WIRE_OVERHEAD_PER_ENTRY;
}

/**
 * Shrinks a snapshot copy in place until it fits `maxBytes`: older entries' long strings first, then every entry's,
 * then the oldest entries are dropped with a note saying so, and only then is the user's message cut. Recent
 * activity is kept longest.
 */
export function fitToBudget(status: ExecutionStatus, maxBytes: number): ExecutionStatus {
  if (estimateStatusBytes(status) <= maxBytes) return status;
  for (const onlyOlder of [true, false]) {
    for (const cap of SHRINK_CAPS) {
      shrinkStrings(status, cap, onlyOlder);
      if (estimateStatusBytes(status) <= maxBytes) return status;
    }
  }
  // A user message too big to fit even alone is cut first: dropping everything else would not make room for it.
  cutUserMessages(status, () => estimateStatusBytes(userMessagesOnly(status)) + DROP_NOTE_BYTES <= maxBytes);
  if (estimateStatusBytes(status) <= maxBytes) return status;
  dropOldest(status, maxBytes);
  // Only a huge user message can still be in the way; it goes last because it is what the run is about.
  cutUserMessages(status, () => estimateStatusBytes(status) <= maxBytes);
  return status;
}

/** Room for the note dropOldest adds. */
const DROP_NOTE_BYTES = 300;

function cutUserMessages(status: ExecutionStatus, fits: () => boolean): void {
  for (const cap of SHRINK_CAPS) {
    if (fits()) return;
    for (const m of status.messages) if (m.type === 'HUMAN') m.content = shrink(m.content, cap);
  }
}

/** What is left when everything dropOldest may drop is gone. */
function userMessagesOnly(status: ExecutionStatus): ExecutionStatus {
  return { ...status, messages: status.messages.filter((m) => m.type === 'HUMAN'), toolCalls: [], subAgentExecutions: [] };
}

function shrinkStrings(status: ExecutionStatus, cap: number, onlyOlder: boolean): void {
  const recentIds = new Set(status.toolCalls.slice(-RECENT_TOOL_CALLS).map((c) => c.id));
  const isOld = (call: ToolCallRecord) => !onlyOlder || !recentIds.has(call.id);
  // Both copies of a tool call (flat list and message) get the same treatment, so they stay identical.
  for (const call of status.toolCalls) if (isOld(call)) shrinkToolCall(call, cap);
  status.messages.forEach((message, i) => {
    const old = !onlyOlder || i < status.messages.length - RECENT_MESSAGES;
    if (old && message.type !== 'HUMAN') message.content = shrink(message.content, cap);
    for (const call of message.toolCalls) if (isOld(call)) shrinkToolCall(call, cap);
  });
  const subAgents = onlyOlder ? status.subAgentExecutions.slice(0, -RECENT_SUB_AGENTS) : status.subAgentExecutions;
  for (const sub of subAgents) shrinkSubAgent(sub, cap);
  if (!onlyOlder) {
    for (const todo of Object.values(status.todos)) todo.content = shrink(todo.content, cap);
    status.error = shrink(status.error, cap);
  }
}

/** One list entry's share of the estimate, including the tool calls nested in a message. */
function entryBytes(entry: unknown): number {
  const nested = (entry as Partial<StatusMessage>).toolCalls?.length ?? 0;
  return utf8Length(JSON.stringify(entry)) + (1 + nested) * WIRE_OVERHEAD_PER_ENTRY;
}

/** Truncates only when that makes the text shorter (the marker itself costs ~30 characters). */
function shrink(text: string, cap: number): string {
  const cut = truncateText(text, cap);
  return cut.length < text.length ? cut : text;
}

function shrinkToolCall(call: ToolCallRecord, cap: number): void {
  call.result = shrink(call.result, cap);
  call.error = shrink(call.error, cap);
  call.args = capJsonObject(call.args, cap, shrink);
}

function shrinkSubAgent(sub: SubAgentRecord, cap: number): void {
  sub.input = shrink(sub.input, cap);
  sub.output = shrink(sub.output, cap);
  sub.error = shrink(sub.error, cap);
}

/** Removes the oldest messages (never the user's), then tool calls, then sub-agents, and notes what was left out. */
function dropOldest(status: ExecutionStatus, maxBytes: number): void {
  const note: StatusMessage = { type: 'SYSTEM', content: '', timestamp: '', toolCalls: [] };
  let over = estimateStatusBytes(status) - maxBytes + 200;
  const dropFrom = <T>(list: T[], keep: (item: T) => boolean): number => {
    const kept: T[] = [];
    for (const item of list) {
      if (over > 0 && !keep(item)) over -= entryBytes(item);
      else kept.push(item);
    }
    const dropped = list.length - kept.length;
    list.length = 0;
    for (const item of kept) list.push(item);
    return dropped;
  };
  const messages = dropFrom(status.messages, (m) => m.type === 'HUMAN');
  const toolCalls = dropFrom(status.toolCalls, () => false);
  const subAgents = dropFrom(status.subAgentExecutions, () => false);
  note.content = `[${messages} earlier messages, ${toolCalls} tool calls and ${subAgents} sub-agent runs omitted to keep the status under ${maxBytes} bytes]`;
  const firstAfterHuman = status.messages.findIndex((m) => m.type !== 'HUMAN');
  note.timestamp = status.messages[firstAfterHuman]?.timestamp ?? '';
  status.messages.splice(firstAfterHuman < 0 ? status.messages.length : firstAfterHuman, 0, note);
}
