/**
 * Key and field layout of the Redis checkpoint saver.
 *
 * Every key of a thread shares the hash tag `{<thread>}` (same cluster slot, so one Lua script may touch them all)
 * and there is a fixed number of keys per thread however long it lives, so refreshing its TTL is O(1):
 *
 * | key                           | type | content                                                        |
 * |-------------------------------|------|----------------------------------------------------------------|
 * | `<p>cp:{<t>}:ids`             | ZSET | `<ns>:<id>` members, all score 0, ordered lexicographically   |
 * | `<p>cp:{<t>}:checkpoints`     | HASH | `<ns>:<id>` → framed checkpoint (without channel values)      |
 * | `<p>cp:{<t>}:refs-of`         | HASH | `<ns>:<id>` → JSON array of the blob fields it references     |
 * | `<p>cp:{<t>}:refs`            | HASH | blob field → number of checkpoints referencing it             |
 * | `<p>cp:{<t>}:blobs`           | HASH | `<ns>:<channel>:<version>` → framed channel value             |
 * | `<p>cp:{<t>}:writes`          | HASH | `<ns>:<id>:<task>:<idx>` → framed pending write                |
 * | `<p>cp:{<t>}:write-fields`    | ZSET | the same write fields, for a range lookup per checkpoint      |
 *
 * Components are URI-encoded, so they never contain `:`, `;`, `{` or `}`: `[x:` … `(x;` is exactly the lex range
 * of members starting with `x:`, and a thread id can be read back from a key name.
 */
const enc = encodeURIComponent;

export const THREAD_KEY_COUNT = 7;

export interface ThreadKeys {
  ids: string;
  checkpoints: string;
  refsOf: string;
  refs: string;
  blobs: string;
  writes: string;
  writeFields: string;
  /** All keys in the fixed order the Lua scripts expect. */
  all: string[];
}

export class CheckpointKeys {
  private readonly threadKeyPattern: RegExp;

  constructor(private readonly prefix: string) {
    this.threadKeyPattern = new RegExp(`^${escapeRegExp(prefix)}cp:\\{([^{}:]*)\\}:ids$`);
  }

  forThread(threadId: string): ThreadKeys {
    const base = `${this.prefix}cp:{${enc(threadId)}}:`;
    const keys = {
      ids: `${base}ids`,
      checkpoints: `${base}checkpoints`,
      refsOf: `${base}refs-of`,
      refs: `${base}refs`,
      blobs: `${base}blobs`,
      writes: `${base}writes`,
      writeFields: `${base}write-fields`,
    };
    return { ...keys, all: [keys.ids, keys.checkpoints, keys.refsOf, keys.refs, keys.blobs, keys.writes, keys.writeFields] };
  }

  /** SCAN MATCH pattern of every thread's `ids` key under this prefix. */
  threadScanPattern(): string {
    return `${escapeGlob(this.prefix)}cp:{*}:ids`;
  }

  threadIdOf(idsKey: string): string | undefined {
    const match = this.threadKeyPattern.exec(idsKey);
    return match ? decodeURIComponent(match[1]) : undefined;
  }
}

export function checkpointMember(ns: string, checkpointId: string): string {
  return `${enc(ns)}:${enc(checkpointId)}`;
}

export function parseCheckpointMember(member: string): { ns: string; checkpointId: string } {
  const [ns, id] = member.split(':');
  return { ns: decodeURIComponent(ns), checkpointId: decodeURIComponent(id) };
}

/** Inclusive/exclusive lex bounds of the members of one namespace (or of one checkpoint's writes). */
export function prefixRange(prefix: string): [min: string, max: string] {
  return [`[${prefix}:`, `(${prefix};`];
}

export function namespacePrefix(ns: string): string {
  return enc(ns);
}

export function writeField(member: string, taskId: string, idx: number): string {
  return `${member}:${enc(taskId)}:${idx}`;
}

export function blobField(ns: string, channel: string, version: number | string): string {
  return `${enc(ns)}:${enc(channel)}:${enc(String(version))}`;
}

function escapeGlob(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
