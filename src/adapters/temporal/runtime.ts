import { Runtime, type LogLevel, type LogMetadata, type Logger as TemporalLogger } from '@temporalio/worker';
import type { Logger } from '../../ports/logger.port';

/** Routes the SDK's own log lines through the runner's Logger port (which redacts secrets). */
export class PortBackedTemporalLogger implements TemporalLogger {
  constructor(private readonly logger: Logger) {}

  log(level: LogLevel, message: string, meta?: LogMetadata): void {
    const fields = meta ? { ...meta } : undefined;
    switch (level) {
      case 'TRACE':
      case 'DEBUG':
        return this.logger.debug(message, fields);
      case 'INFO':
        return this.logger.info(message, fields);
      case 'WARN':
        return this.logger.warn(message, fields);
      case 'ERROR':
        return this.logger.error(message, fields);
    }
  }
  trace(message: string, meta?: LogMetadata): void {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata): void {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata): void {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata): void {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata): void {
    this.log('ERROR', message, meta);
  }
}

/**
 * Installs the process-wide Temporal Runtime once, with the SDK's own signal handling turned off: runWorker
 * handles SIGTERM/SIGINT itself so shutdown is one code path. Later calls (a second worker) are no-ops.
 * The Rust core's log lines are forwarded to the same Logger (by default they go to stderr as colored text,
 * e.g. a poll-retry warning several times a second while Temporal is unreachable).
 */
export function ensureTemporalRuntime(logger: Logger): void {
  if (Runtime._instance) return;
  Runtime.install({
    logger: new PortBackedTemporalLogger(logger.child({ component: 'temporal-sdk' })),
    shutdownSignals: [],
    telemetryOptions: { logging: { forward: {}, filter: { core: 'WARN', other: 'ERROR' } } },
  });
}
