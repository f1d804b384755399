/** Reading LangGraph's `configurable` fields with errors that name the field. */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw new Error(`${field} must be a string, got ${typeof value}`);
  return value;
}

export function requiredString(value: unknown, field: string, action: string): string {
  const s = optionalString(value, field);
  if (!s) throw new Error(`Cannot ${action}: ${field} is missing`);
  return s;
}
