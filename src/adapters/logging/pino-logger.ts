import pino, { type DestinationStream, type Logger as Pino } from 'pino';
import type { LogFields, Logger } from '../../ports/logger.port';

export interface PinoLoggerOptions {
  level: 'trace' | 'debug' | 'info' | 'warn' | 'error' | 'fatal';
  /** Secret values known at startup (API keys, passwords); masked wherever they appear. */
  secrets: string[];
  /** Defaults to stdout; tests pass a buffer. */
  destination?: DestinationStream;
  bindings?: LogFields;
}

const MASK = '[REDACTED]';
const MIN_SECRET_LENGTH = 4;

/**
 * JSON logs through pino. Every line is scrubbed of the configured secret values (and their base64 form) at the
 * serialization boundary, so a secret passed in any field or message never reaches the output.
 */
export class PinoLogger implements Logger {
  private readonly pino: Pino;

  constructor(options: PinoLoggerOptions, parent?: Pino) {
    const secrets = expandSecrets(options.secrets);
    this.pino =
      parent ??
      pino(
        {
          level: options.level,
          base: { service: 'agent-runner', ...options.bindings },
          timestamp: pino.stdTimeFunctions.isoTime,
          formatters: { level: (label) => ({ level: label }) },
          hooks: {
            streamWrite: (line) => scrub(line, secrets),
          },
        },
        options.destination ?? pino.destination({ sync: false }),
      );
  }

  debug(msg: string, fields?: LogFields): void {
    this.pino.debug(fields ?? {}, msg);
  }
  info(msg: string, fields?: LogFields): void {
    this.pino.info(fields ?? {}, msg);
  }
  warn(msg: string, fields?: LogFields): void {
    this.pino.warn(fields ?? {}, msg);
  }
  error(msg: string, fields?: LogFields): void {
    this.pino.error(fields ?? {}, msg);
  }
  child(bindings: LogFields): Logger {
    return new PinoLogger({ level: 'info', secrets: [] }, this.pino.child(bindings));
  }
  flush(): void {
    this.pino.flush();
  }
}

function expandSecrets(secrets: string[]): string[] {
  const all = new Set<string>();
  for (const s of secrets) {
    if (s.length < MIN_SECRET_LENGTH) continue;
    all.add(s);
    all.add(Buffer.from(s).toString('base64').replace(/=+$/, ''));
    // JSON-escaped form, in case the secret holds quotes or backslashes.
    all.add(JSON.stringify(s).slice(1, -1));
  }
  // Longest first so a secret that contains another is masked whole.
  return [...all].sort((a, b) => b.length - a.length);
}

function scrub(line: string, secrets: string[]): string {
  let out = line;
  for (const s of secrets) if (out.includes(s)) out = out.split(s).join(MASK);
  return out;
}
