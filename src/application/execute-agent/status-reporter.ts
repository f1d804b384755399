import { describeError, isDomainError } from '../../domain/errors/domain-errors';
import type { ExecutionStatus } from '../../domain/status/execution-status';
import type { Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import type { Metrics } from '../../ports/metrics.port';
import type { StigmerBackend } from '../../ports/stigmer-backend.port';

export interface StatusSource {
  /** Increments on every change, so unchanged snapshots are not re-sent. */
  readonly version: number;
  snapshot(): ExecutionStatus;
}

export interface StatusReporterOptions {
  executionId: string;
  backend: StigmerBackend;
  source: StatusSource;
  clock: Clock;
  logger: Logger;
  metrics: Metrics;
  /** At most one progressive flush per interval. */
  flushIntervalMs: number;
  /** How long the terminal snapshot keeps being retried. */
  finalRetryMs: number;
  /** Applied to every snapshot before it leaves the process (secret redaction). */
  redact: (status: ExecutionStatus) => ExecutionStatus;
}

/**
 * Delivers cumulative status snapshots to the backend: throttled progressive flushes, immediate ones on significant
 * events, sends never concurrent (so snapshots arrive in order), and a terminal snapshot that is always last and
 * retried with backoff while the backend is down. Progressive failures are logged, never fatal.
 */
export class StatusReporter {
  private chain: Promise<void> = Promise.resolve();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private lastFlushAt = 0;
  private sentVersion = -1;
  private finished = false;
  private warnedDown = false;

  constructor(private readonly options: StatusReporterOptions) {}

  /** Call after every change; `immediate` for tool start/end, phase changes and the like. */
  notify(immediate: boolean): void {
    if (this.finished) return;
    if (immediate) {
      // Significant changes go out now (in order, after any send in flight); a pending throttled flush is folded in.
      this.clearTimer();
      this.chain = this.chain.then(() => this.sendProgress());
      return;
    }
    if (this.timer) return;
    const elapsed = this.options.clock.now().getTime() - this.lastFlushAt;
    this.schedule(Math.max(0, this.options.flushIntervalMs - elapsed));
  }

  /** Sends the terminal snapshot (retrying) after any in-flight flush; nothing is sent afterwards. */
  async finish(): Promise<boolean> {
    this.finished = true;
    this.clearTimer();
    await this.chain;
    return this.sendFinal();
  }

  private schedule(delayMs: number): void {
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.chain = this.chain.then(() => this.sendProgress());
    }, delayMs);
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private async sendProgress(): Promise<void> {
    if (this.finished) return;
    const version = this.options.source.version;
    if (version === this.sentVersion) return;
    this.lastFlushAt = this.options.clock.now().getTime();
    try {
      await this.send();
      this.sentVersion = version;
      this.warnedDown = false;
    } catch (err) {
      // The run goes on; the next flush carries the full cumulative snapshot anyway.
      if (!this.warnedDown) this.options.logger.warn('status update failed; will retry with the next snapshot', { error: describeError(err) });
      this.warnedDown = true;
    }
  }

  private async sendFinal(): Promise<boolean> {
    const { clock, logger, finalRetryMs } = this.options;
    const deadline = clock.now().getTime() + finalRetryMs;
    let delay = 250;
    for (let attempt = 1; ; attempt++) {
      try {
        await this.send();
        if (attempt > 1) logger.info('final status delivered after retries', { attempts: attempt });
        return true;
      } catch (err) {
        if (isPermanent(err)) {
          // Unknown execution, rejected status, refused credentials: waiting would not change the answer.
          logger.error('final status was refused by the backend; not retrying', { attempts: attempt, error: describeError(err) });
          return false;
        }
        if (clock.now().getTime() + delay > deadline) {
          logger.error('final status could not be delivered', { attempts: attempt, error: describeError(err) });
          return false;
        }
        logger.warn('final status update failed; retrying', { attempt, error: describeError(err), retry_in_ms: delay });
        await clock.sleep(delay);
        delay = Math.min(delay * 2, 5000);
      }
    }
  }

  private async send(): Promise<void> {
    const { backend, executionId, source, metrics, clock, redact } = this.options;
    const started = clock.now().getTime();
    try {
      await backend.updateExecutionStatus(executionId, redact(source.snapshot()));
      metrics.statusFlush(clock.now().getTime() - started, true);
    } catch (err) {
      metrics.statusFlush(clock.now().getTime() - started, false);
      throw err;
    }
  }
}

/** Answers that retrying cannot change; anything else (outages, unknown failures) is retried until the deadline. */
function isPermanent(err: unknown): boolean {
  return isDomainError(err) && (err.code === 'NOT_FOUND' || err.code === 'INVALID_INPUT' || err.code === 'CONFIGURATION');
}
