/**
 * Packs several byte strings into one Redis value (and back) as `[u32 big-endian length][bytes]…`, so a record
 * mixing serde type tags and serialized bytes is stored binary-safe in one hash field.
 */
export function encodeFrames(parts: readonly (Uint8Array | string)[]): Buffer {
  const buffers = parts.map((p) => (typeof p === 'string' ? Buffer.from(p, 'utf8') : Buffer.from(p.buffer, p.byteOffset, p.byteLength)));
  const out = Buffer.allocUnsafe(buffers.reduce((n, b) => n + 4 + b.length, 0));
  let offset = 0;
  for (const b of buffers) {
    out.writeUInt32BE(b.length, offset);
    b.copy(out, offset + 4);
    offset += 4 + b.length;
  }
  return out;
}

export function decodeFrames(record: Buffer, expectedCount: number, what: string): Buffer[] {
  const parts: Buffer[] = [];
  let offset = 0;
  while (offset < record.length) {
    if (offset + 4 > record.length) throw new Error(`corrupt ${what} record: truncated length`);
    const length = record.readUInt32BE(offset);
    const end = offset + 4 + length;
    if (end > record.length) throw new Error(`corrupt ${what} record: truncated part`);
    parts.push(record.subarray(offset + 4, end));
    offset = end;
  }
  if (parts.length !== expectedCount) throw new Error(`corrupt ${what} record: ${parts.length} parts, expected ${expectedCount}`);
  return parts;
}
