import { emptyStatus, type ToolCallRecord } from '../../src/domain/status/execution-status';
import { StatusBuilder } from '../../src/domain/status/status-builder';
import { at, iso, RECORDED_RUN } from './status/recorded-run';

function call(overrides: Partial<ToolCallRecord> & Pick<ToolCallRecord, 'id' | 'name'>): ToolCallRecord {
  return {
    args: {},
    result: '',
    status: 'COMPLETED',
    componentType: 'terminal',
    componentGroup: 'main-agent-tools',
    startedAt: '',
    completedAt: '',
    error: '',
    ...overrides,
  };
}

describe('StatusBuilder acceptance: a recorded run', () => {
  it('folds the whole run into exactly the expected status', () => {
    const builder = new StatusBuilder({ initial: emptyStatus('PENDING'), userMessage: 'Fix the failing build', now: at(0) });
    builder.start(at(1));
    for (const [second, event] of RECORDED_RUN) builder.apply(event, at(second));
    builder.complete(at(21));

    const call1 = call({ id: 'call_1', name: 'execute', args: { command: 'git status' }, result: 'On branch main', startedAt: iso(6), completedAt: iso(7) });
    const call2 = call({ id: 'call_2', name: 'execute', args: { command: 'git status' }, result: 'On branch main', startedAt: iso(8), completedAt: iso(9) });
    const call3 = call({
      id: 'call_3',
      name: 'execute',
      args: { command: 'npm test' },
      status: 'FAILED',
      error: 'Command failed with exit code 1',
      startedAt: iso(12),
      completedAt: iso(13),
    });
    const call4 = call({
      id: 'call_4',
      name: 'task',
      args: { description: 'Summarize the README', subagent_type: 'researcher' },
      result: 'The README describes the project.',
      componentType: 'subagent',
      startedAt: iso(14),
      completedAt: iso(18),
    });
    const sub1 = call({
      id: 'sub_1',
      name: 'read_file',
      args: { file_path: '/README.md' },
      result: '# Project',
      componentType: 'preview',
      componentGroup: 'sub-agent-tools',
      startedAt: iso(16),
      completedAt: iso(17),
      metadata: { subAgentId: 'call_4' },
    });

    expect(builder.snapshot()).toStrictEqual({
      phase: 'COMPLETED',
      error: '',
      startedAt: iso(1),
      completedAt: iso(21),
      messages: [
        { type: 'HUMAN', content: 'Fix the failing build', timestamp: iso(0), toolCalls: [] },
        { type: 'AI', content: "I'll check the repo.", timestamp: iso(2), toolCalls: [] },
        { type: 'TOOL', content: '', timestamp: iso(4), toolCalls: [call1] },
        { type: 'TOOL', content: '', timestamp: iso(4), toolCalls: [call2] },
        { type: 'AI', content: 'Running tests and delegating.', timestamp: iso(10), toolCalls: [] },
        { type: 'TOOL', content: '', timestamp: iso(11), toolCalls: [call3] },
        { type: 'TOOL', content: '', timestamp: iso(11), toolCalls: [call4] },
        { type: 'SYSTEM', content: 'Loop guard: the same tool call was repeated', timestamp: iso(19), toolCalls: [], metadata: { level: 'warning' } },
        { type: 'AI', content: 'Tests fail; see above.', timestamp: iso(20), toolCalls: [] },
      ],
      toolCalls: [call1, call2, call3, call4, sub1],
      subAgentExecutions: [
        {
          id: 'call_4',
          name: 'researcher',
          input: 'Summarize the README',
          output: 'The README describes the project.',
          status: 'COMPLETED',
          startedAt: iso(14),
          completedAt: iso(18),
          error: '',
        },
      ],
      todos: {
        'todo-2bfa198d': { id: 'todo-2bfa198d', content: 'Inspect repo', status: 'COMPLETED', createdAt: iso(5), updatedAt: iso(19) },
        'todo-7111c08f': { id: 'todo-7111c08f', content: 'Run tests', status: 'CANCELLED', createdAt: iso(5), updatedAt: iso(19) },
        'todo-7a5ca560': { id: 'todo-7a5ca560', content: 'Fix failing test', status: 'PENDING', createdAt: iso(19), updatedAt: iso(19) },
      },
    });
  });
});
