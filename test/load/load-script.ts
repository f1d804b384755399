import type { ScriptInput } from '../../src/adapters/llm/scripted/script.schema';

/** What every load-test execution ends with: its last AI message. */
export const LOAD_FINAL_ANSWER = 'All done: notes.txt is written and was read back.';

/**
 * Three model turns per execution, with a file write and a shell command (a child process, possibly under
 * bubblewrap) so that sandboxes and process groups are really exercised. Served by-history, so 50 concurrent
 * conversations each get it from the start.
 */
export const LOAD_SCRIPT: ScriptInput = {
  name: 'load',
  turns: [
    { text: 'Writing the notes.', toolCalls: [{ name: 'write_file', args: { file_path: 'notes.txt', content: 'load test\n' } }] },
    { text: 'Reading them back.', toolCalls: [{ name: 'execute', args: { command: 'cat notes.txt' } }] },
    { text: LOAD_FINAL_ANSWER },
  ],
};
