import { posix } from 'node:path';
import type { Readable } from 'node:stream';
import * as tar from 'tar-stream';

export interface TarFile {
  /** Absolute path in the container. */
  path: string;
  content: Uint8Array;
  mode: number;
  uid: number;
  gid: number;
}

export interface TarDirectory {
  path: string;
  mode: number;
  uid: number;
  gid: number;
}

/**
 * A tar to extract at "/" in the container: names are the absolute paths without the leading slash, and every
 * entry carries its owner, because the daemon extracts as root and keeps the header's uid/gid.
 */
export async function packForRoot(directories: TarDirectory[], files: TarFile[]): Promise<Buffer> {
  const pack = tar.pack();
  const chunks: Buffer[] = [];
  pack.on('data', (c: unknown) => chunks.push(c as Buffer));
  const finished = new Promise<void>((resolve, reject) => {
    pack.on('end', resolve);
    pack.on('error', reject);
  });
  const mtime = new Date();
  for (const d of directories) {
    pack.entry({ name: `${stripRoot(d.path)}/`, type: 'directory', mode: d.mode, uid: d.uid, gid: d.gid, mtime });
  }
  for (const f of files) {
    pack.entry({ name: stripRoot(f.path), type: 'file', mode: f.mode, uid: f.uid, gid: f.gid, mtime, size: f.content.length }, Buffer.from(f.content));
  }
  pack.finalize();
  await finished;
  return Buffer.concat(chunks);
}

export type ArchivedEntry = ({ type: 'file'; content: Buffer } | { type: 'symlink'; target: string } | { type: 'directory' | 'other' }) & {
  mtime?: Date;
};

/** Reads the first entry of a getArchive stream (the requested path itself). */
export async function readFirstEntry(stream: Readable): Promise<ArchivedEntry> {
  const extract = tar.extract();
  stream.pipe(extract);
  try {
    for await (const entry of extract) {
      const { type, linkname, mtime } = entry.header;
      if (type === 'file' || type === 'contiguous-file') {
        const chunks: Buffer[] = [];
        for await (const chunk of entry) chunks.push(chunk as Buffer);
        return { type: 'file', content: Buffer.concat(chunks), mtime };
      }
      entry.resume();
      if (type === 'symlink' && linkname) return { type: 'symlink', target: linkname, mtime };
      return { type: type === 'directory' ? 'directory' : 'other', mtime };
    }
    return { type: 'other' };
  } finally {
    stream.unpipe(extract);
    extract.destroy();
    stream.resume();
  }
}

function stripRoot(path: string): string {
  return posix.normalize(path).replace(/^\/+/, '');
}
