import { z } from 'zod';

/**
 * The script format shared by the `scripted` provider and the provider protocol stubs: a list of model turns,
 * each with text and/or tool calls, optional latency, injected faults and a condition.
 */
const toolCallSchema = z.object({
  name: z.string().min(1),
  args: z.record(z.string(), z.unknown()).default({}),
  /** Fixed tool-call id; generated (`call_<n>`) when absent. */
  id: z.string().min(1).optional(),
});

const faultSchema = z.object({
  /** HTTP status the call fails with (429, 500, 503…); the turn is served once its faults are used up. */
  status: z.number().int().min(400).max(599),
  message: z.string().min(1).optional(),
  /** Sent as a `retry-after` header by the HTTP stubs. */
  retryAfterSeconds: z.number().min(0).optional(),
});

const turnSchema = z
  .object({
    text: z.string().optional(),
    toolCalls: z.array(toolCallSchema).optional(),
    /** Delay before the first token of this turn (overrides the script's latencyMs). */
    latencyMs: z.number().int().min(0).optional(),
    /** Delay between streamed tokens (overrides the script's tokenDelayMs). */
    tokenDelayMs: z.number().int().min(0).optional(),
    faults: z.array(faultSchema).optional(),
    /** Only eligible when the last message the model received contains this text. */
    when: z.object({ lastMessageIncludes: z.string().min(1) }).optional(),
    /** Never used up: the turn is served again every time it is reached (a model stuck in a loop). */
    repeat: z.boolean().optional(),
  })
  .refine((turn) => Boolean(turn.text) || (turn.toolCalls?.length ?? 0) > 0, { message: 'a turn needs text or toolCalls' });

export const scriptSchema = z.object({
  name: z.string().min(1),
  description: z.string().optional(),
  latencyMs: z.number().int().min(0).default(0),
  tokenDelayMs: z.number().int().min(0).default(0),
  turns: z.array(turnSchema).min(1),
});

export type ScriptInput = z.input<typeof scriptSchema>;
export type Script = z.output<typeof scriptSchema>;
export type ScriptTurn = Script['turns'][number];
export type ScriptToolCall = z.output<typeof toolCallSchema>;
export type ScriptFault = z.output<typeof faultSchema>;
