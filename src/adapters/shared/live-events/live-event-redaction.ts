import type { LiveEvent } from '../../../ports/live-events.port';

/** Fields that name a kind or state, never free text: redacting them could only break the event. */
const STRUCTURAL_FIELDS = new Set(['type', 'phase', 'level', 'status']);

/** A copy of `event` with `redact` applied to every free-text string in it (nested ones included). */
export function redactLiveEvent(event: LiveEvent, redact: (text: string) => string): LiveEvent {
  return redactValue(event, redact) as LiveEvent;
}

function redactValue(value: unknown, redact: (text: string) => string, field?: string): unknown {
  if (typeof value === 'string') return field !== undefined && STRUCTURAL_FIELDS.has(field) ? value : redact(value);
  if (Array.isArray(value)) return value.map((item) => redactValue(item, redact));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, redactValue(v, redact, k)]));
  }
  return value;
}
