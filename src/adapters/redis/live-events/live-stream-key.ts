/** One Redis stream per execution: `<prefix>live:<executionId>`. */
export function liveStreamKey(keyPrefix: string, executionId: string): string {
  return `${keyPrefix}live:${executionId}`;
}

/** Stream entry fields: when the event happened and the event as JSON. */
export const AT_FIELD = 'at';
export const EVENT_FIELD = 'event';
