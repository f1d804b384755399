import { tokenize } from '../src/adapters/llm/scripted/tokenize';
import type { ScriptInput } from '../src/adapters/llm/scripted/script.schema';

/**
 * The model scripts the benchmark plays (served by-history, so concurrent conversations each get the whole script).
 */

/** A small, typical execution: write a file, run a shell command on it, answer. Three model calls. */
export const TYPICAL_SCRIPT: ScriptInput = {
  name: 'bench-typical',
  turns: [
    { text: "I'll write the notes first.", toolCalls: [{ name: 'write_file', args: { file_path: 'notes.txt', content: 'benchmark notes\n' } }] },
    { text: 'Now reading them back from the shell.', toolCalls: [{ name: 'execute', args: { command: 'cat notes.txt && wc -c notes.txt' } }] },
    { text: 'Done: notes.txt holds the benchmark notes and the shell read them back, 16 bytes in all.' },
  ],
};

const WORDS = 'the agent keeps working through the plan and reports what it found in the sandbox workspace so far'.split(' ');

/** Agent events one turn produces: model_turn_start and model_turn_end, each token, and tool_start + tool_end per call. */
export function eventsOf(script: ScriptInput): number {
  return script.turns.reduce((sum, turn) => sum + 2 + tokenize(turn.text ?? '').length + 2 * (turn.toolCalls?.length ?? 0), 0);
}

const TOKENS_PER_TURN = 20;
const EVENTS_PER_TOOL_TURN = TOKENS_PER_TURN + 4;

/**
 * A long execution of about `targetEvents` agent events: turns of 20 streamed tokens and one tool call each
 * (write_file, read_file, ls, execute in turn), then a final answer that makes up the remainder.
 */
export function manyEventsScript(targetEvents: number, tokenDelayMs: number): ScriptInput {
  const toolTurns = Math.max(0, Math.floor((targetEvents - 2 - 10) / EVENTS_PER_TOOL_TURN));
  const turns: ScriptInput['turns'] = [];
  for (let i = 0; i < toolTurns; i++) turns.push({ text: sentence(TOKENS_PER_TURN, i), toolCalls: [toolCall(i)] });
  const finalTokens = Math.max(1, targetEvents - toolTurns * EVENTS_PER_TOOL_TURN - 2);
  turns.push({ text: sentence(finalTokens, toolTurns) });
  return { name: `bench-${targetEvents}-events`, tokenDelayMs, turns };
}

function sentence(tokens: number, seed: number): string {
  return Array.from({ length: tokens }, (_, i) => WORDS[(seed + i) % WORDS.length]).join(' ');
}

function toolCall(i: number): { name: string; args: Record<string, unknown> } {
  const file = `notes-${i - (i % 4)}.md`;
  switch (i % 4) {
    case 0:
      return { name: 'write_file', args: { file_path: file, content: `# Step ${i}\n\n${sentence(40, i)}\n` } };
    case 1:
      return { name: 'read_file', args: { file_path: file } };
    case 2:
      return { name: 'ls', args: { path: '.' } };
    default:
      return { name: 'execute', args: { command: `echo step ${i} && wc -c notes-*.md` } };
  }
}
