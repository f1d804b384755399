import { AIMessage, HumanMessage, ToolMessage, type BaseMessage } from '@langchain/core/messages';
import { stringify } from 'safe-stable-stringify';

/**
 * Pure loop detection over a conversation. State is derived from the messages of the current run (everything
 * after the last real user message), so it is per run and per (sub-)agent by construction, survives
 * checkpointing, and one compiled graph can serve concurrent runs.
 */
export interface LoopLimits {
  /** Identical calls in a row that earn one warning. */
  consecutive: number;
  /** Identical calls within `window` that stop the run. */
  repeats: number;
  window: number;
}

export const DEFAULT_LOOP_LIMITS: LoopLimits = { consecutive: 3, repeats: 5, window: 10 };

/** Every message the guard adds starts with this, so it can find its own earlier interventions. */
export const LOOP_GUARD_MARK = '[loop guard]';
const STOP_MARK = `${LOOP_GUARD_MARK} STOP`;

export interface RunToolCall {
  id: string;
  name: string;
  signature: string;
}

/** name + canonical JSON of the arguments: key order and whitespace do not make two calls different. */
export function toolCallSignature(name: string, args: unknown): string {
  return `${name}:${stringify(args ?? {}) ?? ''}`;
}

/** Messages since the last user message that is not one of the guard's own. */
export function currentRunMessages(messages: BaseMessage[]): BaseMessage[] {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    if (HumanMessage.isInstance(messages[i]) && !messages[i].text.startsWith(LOOP_GUARD_MARK)) return messages.slice(i + 1);
  }
  return messages;
}

export function runToolCalls(runMessages: BaseMessage[]): RunToolCall[] {
  return runMessages.flatMap((message) =>
    AIMessage.isInstance(message)
      ? (message.tool_calls ?? []).map((call) => ({ id: call.id ?? '', name: call.name, signature: toolCallSignature(call.name, call.args) }))
      : [],
  );
}

export interface StopVerdict {
  name: string;
  repeats: number;
}

/**
 * Checks each call of the newest AI message as if appended one by one: the run stops as soon as one signature
 * occurs `repeats` times among the last `window` calls.
 */
export function checkForStop(runMessages: BaseMessage[], limits: LoopLimits): StopVerdict | undefined {
  const calls = runToolCalls(runMessages);
  const newest = lastAiMessage(runMessages)?.tool_calls?.length ?? 0;
  for (let position = calls.length - newest; position < calls.length; position += 1) {
    const window = calls.slice(Math.max(0, position + 1 - limits.window), position + 1);
    const repeats = window.filter((call) => call.signature === calls[position].signature).length;
    if (repeats >= limits.repeats) return { name: calls[position].name, repeats };
  }
  return undefined;
}

/**
 * True for the one call that should carry the warning: the first call of the newest AI message whose run of
 * identical calls reaches `consecutive`, provided the guard has not warned in this run yet.
 */
export function shouldWarn(runMessages: BaseMessage[], toolCallId: string, limits: LoopLimits): boolean {
  if (runMessages.some((m) => ToolMessage.isInstance(m) && m.text.includes(LOOP_GUARD_MARK))) return false;
  const calls = runToolCalls(runMessages);
  const newest = lastAiMessage(runMessages)?.tool_calls?.length ?? 0;
  for (let position = calls.length - newest; position < calls.length; position += 1) {
    if (consecutiveRun(calls, position) >= limits.consecutive) return calls[position].id === toolCallId;
  }
  return false;
}

export function stopRequested(runMessages: BaseMessage[]): boolean {
  return runMessages.some((m) => HumanMessage.isInstance(m) && m.text.startsWith(STOP_MARK));
}

export function warningText(name: string, count: number): string {
  return `${LOOP_GUARD_MARK} You have called \`${name}\` with the same arguments ${count} times in a row. Repeating it will not give a different result: change your approach, or give your answer.`;
}

export function stopRequestText(verdict: StopVerdict, limits: LoopLimits): string {
  return (
    `${STOP_MARK}: you called \`${verdict.name}\` with identical arguments ${verdict.repeats} times within your last ${limits.window} tool calls, ` +
    'so no more tools will run. Reply now with your final answer: what you did, what blocked you, and your best assessment.'
  );
}

export function stopNotice(verdict: StopVerdict, limits: LoopLimits): string {
  return `loop guard stopped the run: \`${verdict.name}\` was called with identical arguments ${verdict.repeats} times within the last ${limits.window} tool calls; the model was asked for a final answer without tools`;
}

function consecutiveRun(calls: RunToolCall[], position: number): number {
  let run = 1;
  while (position - run >= 0 && calls[position - run].signature === calls[position].signature) run += 1;
  return run;
}

function lastAiMessage(messages: BaseMessage[]): AIMessage | undefined {
  for (let i = messages.length - 1; i >= 0; i -= 1) {
    const message = messages[i];
    if (AIMessage.isInstance(message)) return message;
  }
  return undefined;
}
