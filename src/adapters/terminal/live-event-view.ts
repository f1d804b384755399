import { isTerminalPhase, type ExecutionPhase } from '../../domain/status/execution-status';
import type { LiveEvent } from '../../ports/live-events.port';
import { preview, sanitize } from './sanitize';
import type { Screen } from './screen';
import type { Style } from './style';

export interface LiveEventViewOptions {
  /** Whether the screen animates tool calls (then their start is not printed as a line). */
  interactive: boolean;
  previewChars: number;
}

const SUB_AGENT_INDENT = '  ';
const TODO_MARK: Record<string, string> = { completed: '[x]', in_progress: '[>]', pending: '[ ]', cancelled: '[-]' };

/** Turns live events into screen output: what a person watching an execution sees. */
export class LiveEventView {
  private readonly running = new Map<string, { name: string; args: string; indent: string }>();
  private readonly subAgents = new Map<string, string>();
  private announcedRunning = false;
  phase: ExecutionPhase | undefined;

  constructor(
    private readonly screen: Screen,
    private readonly style: Style,
    private readonly options: LiveEventViewOptions,
  ) {}

  apply(event: LiveEvent): void {
    switch (event.type) {
      case 'text':
        return this.screen.text(sanitize(event.text), indentFor(event.subAgentId));
      case 'tool_start':
        return this.toolStarted(event);
      case 'tool_end':
        return this.toolEnded(event);
      case 'todos':
        return this.todos(event.todos);
      case 'subagent_start':
        this.subAgents.set(event.id, event.name);
        return this.screen.line(`${this.style.accent('▸')} sub-agent ${this.style.bold(sanitize(event.name))}: ${this.style.dim(this.short(event.input))}`);
      case 'subagent_end': {
        const name = sanitize(this.subAgents.get(event.id) ?? event.id);
        const mark = event.failed ? this.style.fail('✗') : this.style.ok('✓');
        return this.screen.line(`${mark} sub-agent ${this.style.bold(name)} ${event.failed ? 'failed' : 'done'}: ${this.style.dim(this.short(event.output))}`);
      }
      case 'notice':
        return this.screen.line(event.level === 'warning' ? this.style.warn(`⚠ ${preview(event.message, 500)}`) : this.style.dim(`ℹ ${preview(event.message, 500)}`));
      case 'phase':
        return this.phaseChanged(event.phase, event.error);
    }
  }

  private toolStarted(event: Extract<LiveEvent, { type: 'tool_start' }>): void {
    const tool = { name: sanitize(event.name), args: preview(event.args, 60), indent: indentFor(event.subAgentId) };
    this.running.set(event.toolCallId, tool);
    if (!this.options.interactive) this.screen.line(`→ ${tool.name} ${this.style.dim(tool.args)}`.trimEnd(), tool.indent);
    this.showActivity();
  }

  private toolEnded(event: Extract<LiveEvent, { type: 'tool_end' }>): void {
    const started = this.running.get(event.toolCallId);
    this.running.delete(event.toolCallId);
    this.showActivity();
    const name = started?.name ?? sanitize(event.name);
    const args = started?.args ? ` ${this.style.dim(started.args)}` : '';
    const result = this.short(event.result);
    const mark = event.failed ? this.style.fail('✗') : this.style.ok('✓');
    this.screen.line(`${mark} ${name}${args}${result ? ` ${this.style.dim(`→ ${result}`)}` : ''}`, started?.indent ?? indentFor(event.subAgentId));
  }

  private todos(todos: { content: string; status: string }[]): void {
    this.screen.line(this.style.bold('Todos'));
    for (const todo of todos) {
      const status = todo.status.toLowerCase();
      const line = `${TODO_MARK[status] ?? '[?]'} ${preview(todo.content, 200)}`;
      this.screen.line(status === 'completed' ? this.style.dim(line) : line, '  ');
    }
  }

  private phaseChanged(phase: ExecutionPhase, error: string | undefined): void {
    this.phase = phase;
    if (!isTerminalPhase(phase)) {
      if (phase === 'IN_PROGRESS' && !this.announcedRunning) this.screen.line(this.style.dim('● running'));
      this.announcedRunning ||= phase === 'IN_PROGRESS';
      return;
    }
    this.running.clear();
    this.screen.activity([]);
    if (phase === 'COMPLETED') this.screen.line(this.style.ok('✓ Completed'));
    else if (phase === 'CANCELLED') this.screen.line(this.style.warn('⊘ Cancelled'));
    else this.screen.line(this.style.fail(`✗ Failed${error ? `: ${preview(error, 1_000)}` : ''}`));
  }

  private showActivity(): void {
    this.screen.activity([...this.running.values()].map((t) => ({ label: `${t.name} ${t.args}`.trimEnd(), indent: t.indent })));
  }

  private short(text: string): string {
    return preview(text, this.options.previewChars);
  }
}

function indentFor(subAgentId: string | undefined): string {
  return subAgentId ? SUB_AGENT_INDENT : '';
}
