import { startedBuilder } from './builder-fixtures';
import { at, iso } from './recorded-run';

describe('StatusBuilder: sub-agents', () => {
  it('records a sub-agent run from start to completion', () => {
    const b = startedBuilder();
    b.apply({ kind: 'subagent_start', id: 'task_1', name: 'researcher', input: 'find X' }, at(2));
    expect(b.snapshot().subAgentExecutions[0]).toMatchObject({ status: 'IN_PROGRESS', startedAt: iso(2), completedAt: '' });
    b.apply({ kind: 'subagent_end', id: 'task_1', output: 'X is here' }, at(5));
    expect(b.snapshot().subAgentExecutions).toEqual([
      { id: 'task_1', name: 'researcher', input: 'find X', output: 'X is here', status: 'COMPLETED', startedAt: iso(2), completedAt: iso(5), error: '' },
    ]);
  });

  it('marks a sub-agent that ended with an error FAILED', () => {
    const b = startedBuilder();
    b.apply({ kind: 'subagent_start', id: 't', name: 'coder', input: 'x' }, at(2));
    b.apply({ kind: 'subagent_end', id: 't', output: '', error: 'model refused' }, at(3));
    expect(b.snapshot().subAgentExecutions[0]).toMatchObject({ status: 'FAILED', error: 'model refused', completedAt: iso(3) });
  });

  it('records the parent of a nested sub-agent, and an end without a start', () => {
    const b = startedBuilder();
    b.apply({ kind: 'subagent_start', id: 'inner', name: 'helper', input: 'y', subAgentId: 'outer' }, at(2));
    b.apply({ kind: 'subagent_end', id: 'orphan', output: 'done' }, at(3));
    const [inner, orphan] = b.snapshot().subAgentExecutions;
    expect(inner.metadata).toEqual({ parentSubAgentId: 'outer' });
    expect(orphan).toMatchObject({ id: 'orphan', status: 'COMPLETED', startedAt: '', completedAt: iso(3) });
  });

  it('caps input and output', () => {
    const b = startedBuilder({ maxToolResultChars: 3 });
    b.apply({ kind: 'subagent_start', id: 't', name: 'n', input: 'abcdef' }, at(2));
    b.apply({ kind: 'subagent_end', id: 't', output: 'uvwxyz' }, at(3));
    expect(b.snapshot().subAgentExecutions[0]).toMatchObject({ input: 'abc\n…[truncated 3 characters]', output: 'uvw\n…[truncated 3 characters]' });
  });
});
