import { secretPatterns } from './secret-patterns';

export const REDACTED = '[REDACTED]';

/**
 * Values shorter than this are not redacted: masking "1" or "yes" everywhere would make logs and status unreadable
 * while protecting nothing (such values are not meaningful secrets).
 */
export const MIN_SECRET_LENGTH = 4;

/**
 * Masks every occurrence of the given secret values, and of their base64 forms, in strings and JSON values.
 * Built once per execution from the merged environment's secret values.
 */
export class Redactor {
  private readonly pattern: RegExp | undefined;

  constructor(secrets: readonly string[]) {
    const patterns = new Set<string>();
    for (const secret of secrets) {
      if (secret.length < MIN_SECRET_LENGTH) continue;
      for (const p of secretPatterns(secret)) patterns.add(p);
    }
    // Longest first, so a secret's full base64 form wins over a fragment of it.
    const alternatives = [...patterns].sort((a, b) => b.length - a.length).map(escapeRegExp);
    this.pattern = alternatives.length > 0 ? new RegExp(alternatives.join('|'), 'g') : undefined;
  }

  static forSecrets(secrets: Iterable<string>): Redactor {
    return new Redactor([...secrets]);
  }

  get hasSecrets(): boolean {
    return this.pattern !== undefined;
  }

  redact(text: string): string {
    if (!this.pattern || text.length === 0) return text;
    return text.replace(this.pattern, REDACTED);
  }

  /** A redacted copy of a JSON-like value (strings, arrays, plain objects; keys too). Returned as is when there is nothing to mask. */
  redactJson<T>(value: T): T {
    if (!this.pattern) return value;
    return this.redactValue(value) as T;
  }

  private redactValue(value: unknown): unknown {
    if (typeof value === 'string') return this.redact(value);
    if (Array.isArray(value)) return value.map((item) => this.redactValue(item));
    if (value !== null && typeof value === 'object') {
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [this.redact(k), this.redactValue(v)]));
    }
    return value;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
