import type { LogFields, Logger } from '../../ports/logger.port';

/** Wraps a logger so every message and string field goes through `redact` first (per-execution secrets). */
export function redactingLogger(inner: Logger, redact: (text: string) => string): Logger {
  const clean = (fields?: LogFields): LogFields | undefined =>
    fields && Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, typeof v === 'string' ? redact(v) : v]));
  return {
    debug: (msg, fields) => inner.debug(redact(msg), clean(fields)),
    info: (msg, fields) => inner.info(redact(msg), clean(fields)),
    warn: (msg, fields) => inner.warn(redact(msg), clean(fields)),
    error: (msg, fields) => inner.error(redact(msg), clean(fields)),
    child: (bindings) => redactingLogger(inner.child(bindings), redact),
  };
}
