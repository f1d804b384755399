import type { ActivityItem, Screen } from './screen';

/**
 * Line-oriented output for pipes, files and CI logs: no cursor movement, and streamed text is written one whole
 * line at a time so lines from different sources never interleave.
 */
export class PlainScreen implements Screen {
  private partial = '';
  private partialIndent = '';

  constructor(private readonly out: NodeJS.WritableStream) {}

  text(chunk: string, indent: string): void {
    if (this.partial && indent !== this.partialIndent) this.endPartial();
    this.partialIndent = indent;
    const lines = (this.partial + chunk).split('\n');
    this.partial = lines.pop() ?? '';
    for (const line of lines) this.out.write(`${indent}${line}\n`);
  }

  line(content: string, indent = ''): void {
    this.endPartial();
    this.out.write(`${indent}${content}\n`);
  }

  activity(_items: readonly ActivityItem[]): void {
    // Nothing to animate in a log; tool starts are printed as lines by the view.
  }

  end(): void {
    this.endPartial();
  }

  private endPartial(): void {
    if (!this.partial) return;
    this.out.write(`${this.partialIndent}${this.partial}\n`);
    this.partial = '';
  }
}
