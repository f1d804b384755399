import { describeError } from '../../../domain/errors/domain-errors';

/** One line of `agent-runner doctor`: runs, then says what it found (or throws what is wrong). */
export interface DoctorCheck {
  name: string;
  /** A failed optional check is shown but does not change the exit code. */
  required: boolean;
  /** What a person should do when the check fails without a more specific fix (timeouts, unexpected errors). */
  fix: string;
  /** Resolves with the detail shown after ✓; throws (ideally a CheckFailure) when something is wrong. */
  run(signal: AbortSignal): Promise<string>;
}

export type CheckResult = { ok: true; detail: string } | { ok: false; problem: string; fix: string };

/** A failure with a fix more specific than the check's default one. */
export class CheckFailure extends Error {
  constructor(
    problem: string,
    readonly fix?: string,
  ) {
    super(problem);
  }
}

/**
 * Runs one check under a hard time limit: the check gets a signal to release what it opened, and the caller gets
 * a result even if the check never settles.
 */
export async function runBounded(check: DoctorCheck, limitMs: number): Promise<CheckResult> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const overdue = new Promise<CheckResult>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ ok: false, problem: `no answer within ${duration(limitMs)}`, fix: check.fix });
    }, limitMs);
  });
  const outcome = check.run(controller.signal).then(
    (detail): CheckResult => ({ ok: true, detail }),
    (err: unknown): CheckResult => ({
      ok: false,
      problem: errorText(err),
      fix: err instanceof CheckFailure && err.fix ? err.fix : check.fix,
    }),
  );
  try {
    return await Promise.race([outcome, overdue]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

/** "3 s", or "250 ms" below a second. */
export function duration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${Math.round(ms / 1000)} s`;
}

/** describeError, duck-typed: fs and driver errors may come from another realm, where instanceof Error fails. */
export function errorText(err: unknown): string {
  const message = (err as { message?: unknown } | undefined)?.message;
  return typeof message === 'string' && message ? message : describeError(err);
}
