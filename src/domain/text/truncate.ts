const MARKER_START = '\n…[truncated ';
const MARKER = /^\n…\[truncated (\d+) characters\]$/;

/** Splits a previously truncated text into its kept content and the number of characters already dropped. */
export function splitTruncation(text: string): { body: string; dropped: number } {
  const at = text.lastIndexOf(MARKER_START);
  const match = at >= 0 ? MARKER.exec(text.slice(at)) : null;
  return match ? { body: text.slice(0, at), dropped: Number(match[1]) } : { body: text, dropped: 0 };
}

export function truncationMarker(dropped: number): string {
  return `${MARKER_START}${dropped} characters]`;
}

/**
 * Cuts `text` to at most `max` characters of content plus a visible marker saying how much was dropped. Truncating
 * an already truncated text keeps counting from the original length.
 */
export function truncateText(text: string, max: number): string {
  const { body, dropped } = splitTruncation(text);
  if (body.length <= max) return text;
  const cut = safeCut(body, max);
  return body.slice(0, cut) + truncationMarker(body.length - cut + dropped);
}

/** Largest cut ≤ max that does not split a surrogate pair (half an emoji is not valid UTF-8 on the wire). */
export function safeCut(text: string, max: number): number {
  const cut = Math.max(0, Math.min(max, text.length));
  return cut > 0 && cut < text.length && isHighSurrogate(text.charCodeAt(cut - 1)) ? cut - 1 : cut;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
