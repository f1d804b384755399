import { startedBuilder } from './builder-fixtures';
import { at, iso } from './recorded-run';

describe('StatusBuilder: todos', () => {
  it('derives stable ids from content, suffixing duplicates', () => {
    const b = startedBuilder();
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'pending' }, { content: 'a', status: 'completed' }, { content: 'foobar', status: 'pending' }] }, at(2));
    expect(Object.keys(b.snapshot().todos)).toEqual(['todo-e40c292c', 'todo-e40c292c-2', 'todo-bf9cf968']);
    expect(b.snapshot().todos['todo-e40c292c-2'].status).toBe('COMPLETED');
  });

  it('maps status strings onto the enum, unknown ones to PENDING', () => {
    const b = startedBuilder();
    const statuses = ['pending', 'in_progress', 'completed', 'cancelled', 'IN_PROGRESS', 'weird'];
    b.apply({ kind: 'todos_written', todos: statuses.map((status, i) => ({ content: `t${i}`, status })) }, at(2));
    expect(Object.values(b.snapshot().todos).map((t) => t.status)).toEqual(['PENDING', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED', 'IN_PROGRESS', 'PENDING']);
  });

  it('keeps createdAt across writes and bumps updatedAt only on change', () => {
    const b = startedBuilder();
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'pending' }, { content: 'b', status: 'pending' }] }, at(2));
    const version = b.version;
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'pending' }, { content: 'b', status: 'pending' }] }, at(3));
    expect(b.version).toBe(version);
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'in_progress' }, { content: 'b', status: 'pending' }] }, at(4));
    expect(b.snapshot().todos['todo-e40c292c']).toEqual({ id: 'todo-e40c292c', content: 'a', status: 'IN_PROGRESS', createdAt: iso(2), updatedAt: iso(4) });
    expect(b.snapshot().todos['todo-e70c2de5']).toMatchObject({ createdAt: iso(2), updatedAt: iso(2) });
  });

  it('cancels open todos missing from a later write but leaves completed ones completed', () => {
    const b = startedBuilder();
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'completed' }, { content: 'b', status: 'in_progress' }, { content: 'foobar', status: 'pending' }] }, at(2));
    b.apply({ kind: 'todos_written', todos: [{ content: 'new', status: 'pending' }] }, at(3));
    const todos = b.snapshot().todos;
    expect(Object.values(todos).map((t) => [t.content, t.status, t.updatedAt])).toEqual([
      ['a', 'COMPLETED', iso(2)],
      ['b', 'CANCELLED', iso(3)],
      ['foobar', 'CANCELLED', iso(3)],
      ['new', 'PENDING', iso(3)],
    ]);
  });

  it('brings a cancelled todo back when it reappears', () => {
    const b = startedBuilder();
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'pending' }] }, at(2));
    b.apply({ kind: 'todos_written', todos: [] }, at(3));
    expect(b.snapshot().todos['todo-e40c292c'].status).toBe('CANCELLED');
    b.apply({ kind: 'todos_written', todos: [{ content: 'a', status: 'in_progress' }] }, at(4));
    expect(b.snapshot().todos['todo-e40c292c']).toMatchObject({ status: 'IN_PROGRESS', createdAt: iso(2), updatedAt: iso(4) });
  });

  it('ignores empty items and sub-agent todo lists', () => {
    const b = startedBuilder();
    b.apply({ kind: 'todos_written', todos: [{ content: '  ', status: 'pending' }] }, at(2));
    b.apply({ kind: 'todos_written', todos: [{ content: 'x', status: 'pending' }], subAgentId: 's' }, at(2));
    expect(b.snapshot().todos).toEqual({});
  });
});
