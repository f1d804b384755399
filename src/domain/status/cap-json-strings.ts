import type { JsonObject, JsonValue } from '../model/json';
import { truncateText } from '../text/truncate';

/** A copy of `value` whose string leaves are each truncated to `max` characters. */
export function capJsonStrings(value: JsonValue, max: number): JsonValue {
  if (typeof value === 'string') return truncateText(value, max);
  if (Array.isArray(value)) return value.map((item) => capJsonStrings(item, max));
  if (value !== null && typeof value === 'object') return capJsonObject(value, max);
  return value;
}

export function capJsonObject(value: JsonObject, max: number): JsonObject {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capJsonStrings(v, max)]));
}
