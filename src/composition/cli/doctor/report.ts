import { Redactor } from '../../../domain/env/redactor';
import type { CheckResult } from './check';

/**
 * Prints check results as `✓ name — detail` or `✗ name — problem` + `fix: …`, masking every secret value of the
 * environment (a provider or driver message could echo one), and counts failures for the exit code.
 */
export class DoctorReport {
  private readonly redactor: Redactor;
  private requiredFailures = 0;
  private optionalFailures = 0;

  constructor(
    private readonly out: NodeJS.WritableStream,
    secrets: readonly string[],
  ) {
    this.redactor = new Redactor(secrets);
  }

  add(check: { name: string; required: boolean }, result: CheckResult): void {
    const name = check.required ? check.name : `${check.name} (optional)`;
    if (result.ok) {
      this.write(`✓ ${name} — ${result.detail}`);
      return;
    }
    if (check.required) this.requiredFailures += 1;
    else this.optionalFailures += 1;
    const [first, ...rest] = result.problem.trim().split('\n');
    this.write(`✗ ${name} — ${first}`);
    for (const line of rest) this.write(`    ${line.trim()}`);
    this.write(`    fix: ${result.fix}`);
  }

  /** Prints the closing line and returns the exit code: 0 when every required check passed. */
  finish(): number {
    const optional = this.optionalFailures > 0 ? ` (${plural(this.optionalFailures, 'optional check')} failed)` : '';
    if (this.requiredFailures === 0) {
      this.write(`\nall required checks passed${optional}`);
      return 0;
    }
    this.write(`\n${plural(this.requiredFailures, 'required check')} failed${optional}`);
    return 1;
  }

  private write(line: string): void {
    this.out.write(`${this.redactor.redact(line)}\n`);
  }
}

function plural(count: number, noun: string): string {
  return `${count} ${noun}${count === 1 ? '' : 's'}`;
}
