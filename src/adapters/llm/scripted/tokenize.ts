/** Splits text into word-sized stream tokens, keeping whitespace attached so the pieces join back exactly. */
export function tokenize(text: string): string[] {
  return text.match(/\s*\S+\s*/g) ?? (text ? [text] : []);
}
