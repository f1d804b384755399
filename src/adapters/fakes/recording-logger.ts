import type { LogFields, Logger } from '../../ports/logger.port';

export interface LogRecord {
  level: 'debug' | 'info' | 'warn' | 'error';
  msg: string;
  fields: LogFields;
}

/** Logger that keeps every line in memory, with the child bindings merged in, so tests can inspect them. */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: LogFields = {},
  ) {}

  debug(msg: string, fields?: LogFields): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: LogFields): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: LogFields): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: LogFields): void {
    this.write('error', msg, fields);
  }
  child(bindings: LogFields): Logger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }

  /** Everything logged, as one string, for "secret never appears" assertions. */
  dump(): string {
    return this.records.map((r) => JSON.stringify(r)).join('\n');
  }

  private write(level: LogRecord['level'], msg: string, fields?: LogFields): void {
    this.records.push({ level, msg, fields: { ...this.bindings, ...fields } });
  }
}
