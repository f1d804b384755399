// ANSI escape sequences (CSI, OSC, and two-byte ESC forms) and C0/C1 control characters other than \n and \t.
// Agent output is untrusted: left in, they could move the cursor, recolour or retitle the user's terminal.
// eslint-disable-next-line no-control-regex
const ESCAPES = /\u001b\[[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)|\u001b[@-_]|[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Text safe to write to a terminal: escapes and control characters removed, \n and \t kept. */
export function sanitize(text: string): string {
  return text.replace(/\r\n?/g, '\n').replace(ESCAPES, '');
}

/** One-line preview: sanitized, whitespace collapsed, cut to `max` characters with an ellipsis. */
export function preview(text: string, max: number): string {
  const flat = sanitize(text).replace(/\s+/g, ' ').trim();
  return truncate(flat, max);
}

/** Cuts to at most `max` characters (code points, so no emoji is split), marking the cut with an ellipsis. */
export function truncate(text: string, max: number): string {
  const chars = Array.from(text);
  if (chars.length <= max) return text;
  return max <= 1 ? chars.slice(0, max).join('') : `${chars.slice(0, max - 1).join('')}…`;
}
