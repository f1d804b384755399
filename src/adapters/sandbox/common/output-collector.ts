/**
 * Collects a command's combined output up to a byte cap. Past the cap it keeps counting (so `truncated` is honest)
 * but stores nothing, and the text is cut at a UTF-8 character boundary so the cap is never exceeded.
 */
export class OutputCollector {
  private readonly chunks: Buffer[] = [];
  private stored = 0;
  private cut = false;

  constructor(private readonly maxBytes: number) {}

  push(chunk: Uint8Array): void {
    const room = this.maxBytes - this.stored;
    if (chunk.length > room) this.cut = true;
    if (room <= 0) return;
    const part = Buffer.from(chunk.buffer, chunk.byteOffset, Math.min(room, chunk.length));
    this.chunks.push(Buffer.from(part));
    this.stored += part.length;
  }

  get truncated(): boolean {
    return this.cut;
  }

  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(0, this.cut ? utf8BoundaryAtOrBefore(all) : all.length).toString('utf8');
  }
}

/** Length of the longest prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
function utf8BoundaryAtOrBefore(bytes: Buffer): number {
  let end = bytes.length;
  let continuation = 0;
  while (end - continuation > 0 && continuation < 4 && (bytes[end - continuation - 1] & 0xc0) === 0x80) continuation++;
  const leadIndex = end - continuation - 1;
  if (leadIndex < 0) return end;
  const lead = bytes[leadIndex];
  const expected = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : lead >= 0xc0 ? 2 : 1;
  if (expected > continuation + 1) end = leadIndex;
  return end;
}
