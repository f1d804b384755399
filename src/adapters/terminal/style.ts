import { styleText } from 'node:util';

type Format = Parameters<typeof styleText>[0];

/** Colours for the terminal renderer; identity functions when colour is off (pipes, NO_COLOR). */
export class Style {
  constructor(private readonly enabled: boolean) {}

  ok = (s: string) => this.paint('green', s);
  fail = (s: string) => this.paint('red', s);
  warn = (s: string) => this.paint('yellow', s);
  accent = (s: string) => this.paint('cyan', s);
  dim = (s: string) => this.paint('dim', s);
  bold = (s: string) => this.paint('bold', s);

  private paint(format: Format, s: string): string {
    // We decide about colour ourselves (the target may not be process.stdout), so skip Node's stdout check.
    return this.enabled && s ? styleText(format, s, { validateStream: false }) : s;
  }
}
