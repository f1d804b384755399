import { clearScreenDown, moveCursor } from 'node:readline';
import type { ActivityItem, Screen } from './screen';
import { truncate } from './sanitize';
import type { Style } from './style';

const SPINNER = ['⠋', '⠙', '⠹', '⠸', '⠼', '⠴', '⠦', '⠧', '⠇', '⠏'];

export interface TtyScreenOptions {
  columns: () => number;
  spinnerIntervalMs: number;
}

/**
 * Interactive output: permanent content scrolls as usual, while the things in progress sit in an area at the
 * bottom that is erased and redrawn in place (spinner frames). Invariant: the activity area is only drawn at the
 * start of a line, and its lines are cut to the terminal width so erasing N lines means moving up N-1.
 * Text streamed while the area is shown is held back and committed line by line above it.
 */
export class TtyScreen implements Screen {
  private items: readonly ActivityItem[] = [];
  private drawnLines = 0;
  private frame = 0;
  private timer: NodeJS.Timeout | undefined;
  private atLineStart = true;
  private lineIndent = '';
  private held = '';
  private heldIndent = '';

  constructor(
    private readonly out: NodeJS.WritableStream,
    private readonly style: Style,
    private readonly options: TtyScreenOptions,
  ) {}

  text(chunk: string, indent: string): void {
    if (this.items.length === 0) return this.writeText(chunk, indent);
    if (this.held && indent !== this.heldIndent) this.commit([this.heldIndent + this.held]);
    const lines = (this.held + chunk).split('\n');
    this.held = lines.pop() ?? '';
    this.heldIndent = indent;
    if (lines.length > 0) this.commit(lines.map((l) => indent + l));
  }

  line(content: string, indent = ''): void {
    const lines = this.held ? [this.heldIndent + this.held, indent + content] : [indent + content];
    this.held = '';
    this.commit(lines);
  }

  activity(items: readonly ActivityItem[]): void {
    this.erase();
    this.items = items;
    if (items.length === 0) {
      this.stopSpinner();
      const held = this.held;
      this.held = '';
      if (held) this.writeText(held, this.heldIndent);
      return;
    }
    this.breakLine();
    this.draw();
    this.startSpinner();
  }

  end(): void {
    this.stopSpinner();
    this.erase();
    this.items = [];
    if (this.held) this.writeText(this.held, this.heldIndent);
    this.held = '';
    this.breakLine();
  }

  /** Writes permanent lines above the activity area. */
  private commit(lines: string[]): void {
    this.erase();
    this.breakLine();
    for (const l of lines) this.out.write(`${l}\n`);
    if (this.items.length > 0) this.draw();
  }

  private writeText(chunk: string, indent: string): void {
    if (!this.atLineStart && indent !== this.lineIndent) this.breakLine();
    this.lineIndent = indent;
    chunk.split('\n').forEach((part, i) => {
      if (i > 0) {
        this.out.write('\n');
        this.atLineStart = true;
      }
      if (!part) return;
      if (this.atLineStart) this.out.write(indent);
      this.out.write(part);
      this.atLineStart = false;
    });
  }

  private breakLine(): void {
    if (this.atLineStart) return;
    this.out.write('\n');
    this.atLineStart = true;
  }

  private draw(): void {
    const width = Math.max(10, this.options.columns() - 1);
    const spinner = this.style.accent(SPINNER[this.frame % SPINNER.length]);
    const lines = this.items.map((item) => `${item.indent}${spinner} ${truncate(item.label, width - item.indent.length - 2)}`);
    this.out.write(lines.join('\n'));
    this.drawnLines = lines.length;
  }

  private erase(): void {
    if (this.drawnLines === 0) return;
    this.out.write('\r');
    if (this.drawnLines > 1) moveCursor(this.out, 0, -(this.drawnLines - 1));
    clearScreenDown(this.out);
    this.drawnLines = 0;
  }

  private startSpinner(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.frame += 1;
      this.erase();
      this.draw();
    }, this.options.spinnerIntervalMs);
    this.timer.unref();
  }

  private stopSpinner(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }
}
