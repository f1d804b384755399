/**
 * Builds skill archives for tests, including hostile ones. Large entries are produced by streaming through
 * deflate, so a 1 GiB entry never exists in memory; names yazl refuses (`..`, absolute) are written with a
 * same-length placeholder and patched in the finished bytes.
 */
import { Readable } from 'node:stream';
import { ZipFile } from 'yazl';

export interface ZipEntrySpec {
  name: string;
  content?: Buffer | string;
  /** Stream this many zero bytes instead of content. */
  zeroBytes?: number;
  mode?: number;
  /** Deflate small contents (default true); storing is much faster for thousands of entries. */
  compress?: boolean;
}

export async function buildZip(entries: ZipEntrySpec[]): Promise<Buffer> {
  const zip = new ZipFile();
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    zip.outputStream.on('data', (c: Buffer) => chunks.push(c));
    zip.outputStream.on('end', () => resolve(Buffer.concat(chunks)));
    zip.outputStream.on('error', reject);
  });
  for (const e of entries) {
    const options = e.mode !== undefined ? { mode: e.mode } : {};
    if (e.name.endsWith('/')) zip.addEmptyDirectory(e.name, options);
    else if (e.zeroBytes !== undefined) zip.addReadStream(zeroStream(e.zeroBytes), e.name, { ...options, compress: true });
    else zip.addBuffer(Buffer.from(e.content ?? ''), e.name, { ...options, compress: e.compress ?? true });
  }
  zip.end();
  return done;
}

/** Replaces every occurrence of `placeholder` (a file name) by `name` of the same length. */
export function renameEntry(zip: Buffer, placeholder: string, name: string): Buffer {
  if (placeholder.length !== name.length) throw new Error('placeholder and name must have the same length');
  const out = Buffer.from(zip);
  const from = Buffer.from(placeholder);
  let at = out.indexOf(from);
  if (at < 0) throw new Error(`placeholder ${placeholder} not found`);
  while (at >= 0) {
    Buffer.from(name).copy(out, at);
    at = out.indexOf(from, at + from.length);
  }
  return out;
}

/** Rewrites the uncompressed size the central directory declares for `name` (a lying header). */
export function declareUncompressedSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  for (let at = out.indexOf(CENTRAL_SIGNATURE); at >= 0; at = out.indexOf(CENTRAL_SIGNATURE, at + 4)) {
    const nameLength = out.readUInt16LE(at + 28);
    if (out.subarray(at + 46, at + 46 + nameLength).toString() === name) {
      out.writeUInt32LE(size, at + 24);
      return out;
    }
  }
  throw new Error(`central directory entry ${name} not found`);
}

const CENTRAL_SIGNATURE = Buffer.from([0x50, 0x4b, 0x01, 0x02]);

function zeroStream(total: number): Readable {
  const chunk = Buffer.alloc(1024 * 1024);
  let left = total;
  return new Readable({
    read() {
      if (left <= 0) return void this.push(null);
      const n = Math.min(left, chunk.length);
      left -= n;
      this.push(n === chunk.length ? chunk : chunk.subarray(0, n));
    },
  });
}
