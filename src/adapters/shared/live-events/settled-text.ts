/**
 * How much of a streamed text buffer can be published before the stream has ended: everything up to the last
 * whitespace. The trailing partial word is held back because secrets are whole words: a token boundary inside a
 * secret would otherwise publish it in two halves that no redactor recognises. A word longer than `maxWordChars`
 * is released except for its last `maxWordChars` characters, so nothing is held forever.
 */
export function settledLength(text: string, maxWordChars: number): number {
  const lastSpace = Math.max(text.lastIndexOf(' '), text.lastIndexOf('\n'), text.lastIndexOf('\t'), text.lastIndexOf('\r'));
  const settled = lastSpace + 1;
  return text.length - settled > maxWordChars ? text.length - maxWordChars : settled;
}
