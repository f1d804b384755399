const MARKER = /\n…\[truncated (\d+) characters\]$/;

/**
 * Cuts `text` to at most `max` characters of content plus a visible marker saying how much was dropped. Truncating
 * an already truncated text keeps counting from the original length.
 */
export function truncateText(text: string, max: number): string {
  const previous = MARKER.exec(text);
  const body = previous ? text.slice(0, previous.index) : text;
  const alreadyDropped = previous ? Number(previous[1]) : 0;
  if (body.length <= max) return text;
  let cut = Math.max(0, max);
  // Never split a surrogate pair: half an emoji is not valid UTF-8 on the wire.
  if (cut > 0 && isHighSurrogate(body.charCodeAt(cut - 1))) cut -= 1;
  return `${body.slice(0, cut)}\n…[truncated ${body.length - cut + alreadyDropped} characters]`;
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}
