import type { TodoInput } from '../events/agent-event';
import type { TodoRecord, TodoStatus } from './execution-status';
import { todoIds } from './todo-ids';

const STATUS_BY_NAME: Readonly<Record<string, TodoStatus>> = {
  pending: 'PENDING',
  in_progress: 'IN_PROGRESS',
  completed: 'COMPLETED',
  cancelled: 'CANCELLED',
  canceled: 'CANCELLED',
};

/** Maps the agent's todo status strings onto the enum; unknown strings count as pending, as in the original. */
export function todoStatusFrom(name: string): TodoStatus {
  const key = name.trim().toLowerCase();
  return Object.hasOwn(STATUS_BY_NAME, key) ? STATUS_BY_NAME[key] : 'PENDING';
}

/**
 * Applies a full `write_todos` list to the todo map in place; returns whether anything changed. The backend
 * replaces the whole map and cannot shrink it, so an open todo missing from the new list becomes CANCELLED rather
 * than vanishing; a completed one stays COMPLETED (finished work was not cancelled).
 */
export function applyTodoWrite(todos: Record<string, TodoRecord>, written: readonly TodoInput[], nowIso: string): boolean {
  const items = written.filter((t) => t.content.trim() !== '');
  const ids = todoIds(items.map((t) => t.content));
  let changed = false;
  items.forEach((item, i) => {
    const id = ids[i];
    const status = todoStatusFrom(item.status);
    const existing = todos[id];
    if (!existing) {
      todos[id] = { id, content: item.content, status, createdAt: nowIso, updatedAt: nowIso };
      changed = true;
    } else if (existing.status !== status || existing.content !== item.content) {
      Object.assign(existing, { status, content: item.content, updatedAt: nowIso });
      changed = true;
    }
  });
  const current = new Set(ids);
  for (const todo of Object.values(todos)) {
    if (current.has(todo.id) || (todo.status !== 'PENDING' && todo.status !== 'IN_PROGRESS')) continue;
    Object.assign(todo, { status: 'CANCELLED', updatedAt: nowIso });
    changed = true;
  }
  return changed;
}
