import type { AgentEvent } from '../../../src/domain/events/agent-event';

/** Second `n` of the recorded run. */
export const at = (n: number): Date => new Date(Date.UTC(2026, 0, 22, 10, 0, n));
export const iso = (n: number): string => at(n).toISOString();

/**
 * A recorded run (timestamps in seconds): two main model turns with tool calls (one repeated identically, one
 * failing), a sub-agent with its own tool call and tokens, two todo writes, a notice and a closing turn.
 */
export const RECORDED_RUN: Array<[number, AgentEvent]> = [
  [2, { kind: 'model_turn_start' }],
  [2, { kind: 'text_token', text: "I'll check " }],
  [3, { kind: 'text_token', text: 'the repo.' }],
  [
    4,
    {
      kind: 'model_turn_end',
      toolCalls: [
        { id: 'call_1', name: 'execute', args: { command: 'git status' } },
        { id: 'call_2', name: 'execute', args: { command: 'git status' } },
        { id: 'call_t', name: 'write_todos', args: { todos: [] } },
      ],
    },
  ],
  [5, { kind: 'tool_start', toolCallId: 'call_t', name: 'write_todos', args: { todos: [] } }],
  [
    5,
    {
      kind: 'todos_written',
      todos: [
        { content: 'Inspect repo', status: 'in_progress' },
        { content: 'Run tests', status: 'pending' },
      ],
    },
  ],
  [5, { kind: 'tool_end', toolCallId: 'call_t', name: 'write_todos', result: 'Updated todo list' }],
  [6, { kind: 'tool_start', toolCallId: 'call_1', name: 'execute', args: { command: 'git status' } }],
  [7, { kind: 'tool_end', toolCallId: 'call_1', name: 'execute', result: 'On branch main' }],
  [8, { kind: 'tool_start', toolCallId: 'call_2', name: 'execute', args: { command: 'git status' } }],
  [9, { kind: 'tool_end', toolCallId: 'call_2', name: 'execute', result: 'On branch main' }],
  [10, { kind: 'model_turn_start' }],
  [10, { kind: 'text_token', text: 'Running tests ' }],
  [10, { kind: 'text_token', text: 'and delegating.' }],
  [
    11,
    {
      kind: 'model_turn_end',
      toolCalls: [
        { id: 'call_3', name: 'execute', args: { command: 'npm test' } },
        { id: 'call_4', name: 'task', args: { description: 'Summarize the README', subagent_type: 'researcher' } },
      ],
    },
  ],
  [12, { kind: 'tool_start', toolCallId: 'call_3', name: 'execute', args: { command: 'npm test' } }],
  [13, { kind: 'tool_error', toolCallId: 'call_3', name: 'execute', error: 'Command failed with exit code 1' }],
  [14, { kind: 'tool_start', toolCallId: 'call_4', name: 'task', args: { description: 'Summarize the README', subagent_type: 'researcher' } }],
  [14, { kind: 'subagent_start', id: 'call_4', name: 'researcher', input: 'Summarize the README' }],
  [15, { kind: 'model_turn_start', subAgentId: 'call_4' }],
  [15, { kind: 'text_token', text: 'Reading the README', subAgentId: 'call_4' }],
  [15, { kind: 'model_turn_end', subAgentId: 'call_4', toolCalls: [{ id: 'sub_1', name: 'read_file', args: { file_path: '/README.md' } }] }],
  [16, { kind: 'tool_start', toolCallId: 'sub_1', name: 'read_file', args: { file_path: '/README.md' }, subAgentId: 'call_4' }],
  [16, { kind: 'todos_written', todos: [{ content: 'Sub-agent private step', status: 'pending' }], subAgentId: 'call_4' }],
  [17, { kind: 'tool_end', toolCallId: 'sub_1', name: 'read_file', result: '# Project', subAgentId: 'call_4' }],
  [18, { kind: 'subagent_end', id: 'call_4', output: 'The README describes the project.' }],
  [18, { kind: 'tool_end', toolCallId: 'call_4', name: 'task', result: 'The README describes the project.' }],
  [19, { kind: 'notice', level: 'warning', message: 'Loop guard: the same tool call was repeated' }],
  [
    19,
    {
      kind: 'todos_written',
      todos: [
        { content: 'Inspect repo', status: 'completed' },
        { content: 'Fix failing test', status: 'pending' },
      ],
    },
  ],
  [20, { kind: 'model_turn_start' }],
  [20, { kind: 'text_token', text: 'Tests fail; see above.' }],
  [20, { kind: 'model_turn_end', toolCalls: [] }],
];
