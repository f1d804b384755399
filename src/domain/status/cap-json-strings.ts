import type { JsonObject, JsonValue } from '../model/json';
import { truncateText } from '../text/truncate';

type Cut = (text: string, max: number) => string;

/** A copy of `value` whose string leaves are each cut to `max` characters (by `cut`, truncateText by default). */
export function capJsonStrings(value: JsonValue, max: number, cut: Cut = truncateText): JsonValue {
  if (typeof value === 'string') return cut(value, max);
  if (Array.isArray(value)) return value.map((item) => capJsonStrings(item, max, cut));
  if (value !== null && typeof value === 'object') return capJsonObject(value, max, cut);
  return value;
}

export function capJsonObject(value: JsonObject, max: number, cut: Cut = truncateText): JsonObject {
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, capJsonStrings(v, max, cut)]));
}
