/** FNV-1a (32-bit) over the UTF-8 bytes of `text`, as 8 hex digits: a stable, dependency-free content hash. */
export function fnv1aHex(text: string): string {
  let hash = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(text)) {
    hash ^= byte;
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

/**
 * Stable ids for one todo list: derived from the content, so the same item keeps its id across writes; the
 * second and later items with the same content get `-2`, `-3`, … suffixes.
 */
export function todoIds(contents: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return contents.map((content) => {
    const base = `todo-${fnv1aHex(content)}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return count === 1 ? base : `${base}-${count}`;
  });
}
