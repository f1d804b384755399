import { describeError, isDomainError } from '../../domain/errors/domain-errors';

/** An error meant for the person at the terminal: printed as is, with the exit code given. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/** One line (or a short block) a person can act on; never a stack trace unless DEBUG asks for it. */
export function formatCliError(err: unknown): string {
  if (err instanceof CliError || isDomainError(err)) return err.message;
  const text = describeError(err);
  return process.env.AGENT_RUNNER_DEBUG && err instanceof Error && err.stack ? err.stack : text;
}
