import { isDeepStrictEqual } from 'node:util';
import type { RunnableConfig } from '@langchain/core/runnables';
import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointTuple,
  type PendingWrite,
  type SerializerProtocol,
  TASKS,
  WRITES_IDX_MAP,
  compareWritesSortKeys,
  copyCheckpoint,
  maxChannelVersion,
} from '@langchain/langgraph-checkpoint';
import type { Redis, RedisValue } from 'ioredis';
import { defineLuaScript, type LuaScript } from '../lua-script';
import { redisUnavailable } from '../redis-connection';
import {
  CheckpointKeys,
  type ThreadKeys,
  THREAD_KEY_COUNT,
  blobField,
  checkpointMember,
  namespacePrefix,
  parseCheckpointMember,
  prefixRange,
  writeField,
} from './checkpoint-keys';
import {
  type StoredCheckpoint,
  type StoredWrite,
  decodeBlob,
  decodeCheckpoint,
  decodeWrite,
  encodeBlob,
  encodeCheckpoint,
  encodeWrite,
} from './checkpoint-records';
import { PUT_CHECKPOINT_LUA, PUT_WRITES_LUA } from './checkpoint-scripts';
import { optionalString, requiredString } from './config-fields';

export interface RedisCheckpointSaverOptions {
  /** Prepended to every key, e.g. `agent-runner:`. */
  keyPrefix: string;
  /** Idle lifetime of a thread: every write pushes the expiry of all its keys back to now + ttlMs. */
  ttlMs: number;
  /** Newest checkpoints kept per thread and namespace; older ones and their writes are deleted on put. */
  maxCheckpoints: number;
}

const SCAN_COUNT = 200;

/**
 * LangGraph checkpoint saver over plain Redis commands (no modules). Channel values are stored once per
 * (channel, version) and shared by the checkpoints that reference them (reference counted, so trimming history
 * never drops a value a kept checkpoint still needs). See checkpoint-keys.ts for the layout.
 *
 * Note: LangGraph's experimental DeltaChannel rebuilds values from ancestors; with such channels keep
 * `maxCheckpoints` above their snapshot frequency.
 */
export class RedisCheckpointSaver extends BaseCheckpointSaver {
  private readonly keys: CheckpointKeys;
  private readonly putCheckpointScript: LuaScript;
  private readonly putWritesScript: LuaScript;

  constructor(
    private readonly redis: Redis,
    private readonly options: RedisCheckpointSaverOptions,
    serde?: SerializerProtocol,
  ) {
    super(serde);
    if (!Number.isInteger(options.maxCheckpoints) || options.maxCheckpoints < 1) {
      throw new Error(`maxCheckpoints must be a positive integer, got ${options.maxCheckpoints}`);
    }
    if (!(options.ttlMs >= 1)) throw new Error(`ttlMs must be at least 1, got ${options.ttlMs}`);
    this.keys = new CheckpointKeys(options.keyPrefix);
    this.putCheckpointScript = defineLuaScript(redis, 'agentRunnerPutCheckpoint', PUT_CHECKPOINT_LUA, THREAD_KEY_COUNT);
    this.putWritesScript = defineLuaScript(redis, 'agentRunnerPutCheckpointWrites', PUT_WRITES_LUA, THREAD_KEY_COUNT);
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const threadId = optionalString(config.configurable?.thread_id, 'configurable.thread_id');
    if (threadId === undefined) return undefined;
    const ns = optionalString(config.configurable?.checkpoint_ns, 'configurable.checkpoint_ns') ?? '';
    const keys = this.keys.forThread(threadId);
    let checkpointId = optionalString(config.configurable?.checkpoint_id, 'configurable.checkpoint_id');
    if (!checkpointId) {
      const [min, max] = prefixRange(namespacePrefix(ns));
      const latest = await this.call('getTuple', () => this.redis.zrevrangebylex(keys.ids, max, min, 'LIMIT', 0, 1));
      if (latest.length === 0) return undefined;
      checkpointId = parseCheckpointMember(latest[0]).checkpointId;
    }
    return this.loadTuple(keys, threadId, ns, checkpointId);
  }

  async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    const { before, filter } = options ?? {};
    let remaining = options?.limit;
    const threadId = optionalString(config.configurable?.thread_id, 'configurable.thread_id');
    const ns = optionalString(config.configurable?.checkpoint_ns, 'configurable.checkpoint_ns');
    const onlyId = optionalString(config.configurable?.checkpoint_id, 'configurable.checkpoint_id');
    const beforeId = optionalString(before?.configurable?.checkpoint_id, 'before.configurable.checkpoint_id');
    const threadIds = threadId !== undefined ? [threadId] : await this.allThreadIds();

    for (const thread of threadIds) {
      const keys = this.keys.forThread(thread);
      const [min, max] = ns === undefined ? ['-', '+'] : prefixRange(namespacePrefix(ns));
      const members = await this.call('list', () => this.redis.zrangebylex(keys.ids, min, max));
      const candidates = members
        .map(parseCheckpointMember)
        .filter((m) => (!onlyId || m.checkpointId === onlyId) && (!beforeId || m.checkpointId < beforeId))
        .sort((a, b) => (a.ns === b.ns ? compareDesc(a.checkpointId, b.checkpointId) : a.ns < b.ns ? -1 : 1));

      for (const { ns: memberNs, checkpointId } of candidates) {
        if (remaining !== undefined && remaining <= 0) return;
        const stored = await this.loadStored(keys, memberNs, checkpointId);
        if (!stored) continue;
        if (filter && !Object.entries(filter).every(([k, v]) => isDeepStrictEqual((stored.metadata as Record<string, unknown>)[k], v))) continue;
        if (remaining !== undefined) remaining -= 1;
        yield await this.assembleTuple(keys, thread, memberNs, checkpointId, stored);
      }
    }
  }

  async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata, newVersions: ChannelVersions): Promise<RunnableConfig> {
    if (!config.configurable) throw new Error('Cannot put a checkpoint: config.configurable is missing (it must carry thread_id)');
    const threadId = requiredString(config.configurable.thread_id, 'configurable.thread_id', 'put a checkpoint');
    const ns = optionalString(config.configurable.checkpoint_ns, 'configurable.checkpoint_ns') ?? '';
    const parentId = optionalString(config.configurable.checkpoint_id, 'configurable.checkpoint_id');
    const checkpointId = requiredString(checkpoint.id, 'checkpoint.id', 'put a checkpoint');

    // Channel values are stored once per (channel, version); the checkpoint record only lists its versions.
    const { channel_values: values, ...rest } = copyCheckpoint(checkpoint);
    const blobArgs: RedisValue[] = [];
    for (const [channel, version] of Object.entries(newVersions)) {
      blobArgs.push(blobField(ns, channel, version), await encodeBlob(this.serde, values, channel));
    }
    const refs = Object.entries(rest.channel_versions).map(([channel, version]) => blobField(ns, channel, version));
    const record = await encodeCheckpoint(this.serde, rest, metadata, parentId);
    const [nsMin, nsMax] = prefixRange(namespacePrefix(ns));
    const keys = this.keys.forThread(threadId);
    await this.call('put', () =>
      this.putCheckpointScript(keys.all, [
        checkpointMember(ns, checkpointId),
        record,
        JSON.stringify(refs),
        nsMin,
        nsMax,
        this.options.maxCheckpoints,
        Math.ceil(this.options.ttlMs),
        blobArgs.length / 2,
        ...blobArgs,
      ]),
    );
    return { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } };
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    const threadId = requiredString(config.configurable?.thread_id, 'configurable.thread_id', 'put writes');
    const checkpointId = requiredString(config.configurable?.checkpoint_id, 'configurable.checkpoint_id', 'put writes');
    const ns = optionalString(config.configurable?.checkpoint_ns, 'configurable.checkpoint_ns') ?? '';
    if (writes.length === 0) return;
    const member = checkpointMember(ns, checkpointId);
    const args: RedisValue[] = [Math.ceil(this.options.ttlMs)];
    for (const [idx, [channel, value]] of writes.entries()) {
      const writeIdx = WRITES_IDX_MAP[channel] ?? idx;
      args.push(writeField(member, taskId, writeIdx), await encodeWrite(this.serde, taskId, channel, value, taskPath ?? ''), writeIdx < 0 ? '1' : '0');
    }
    const keys = this.keys.forThread(threadId);
    await this.call('putWrites', () => this.putWritesScript(keys.all, args));
  }

  async deleteThread(threadId: string): Promise<void> {
    const keys = this.keys.forThread(requiredString(threadId, 'threadId', 'delete a thread'));
    await this.call('deleteThread', () => this.redis.del(...keys.all));
  }

  private async loadTuple(keys: ThreadKeys, threadId: string, ns: string, checkpointId: string): Promise<CheckpointTuple | undefined> {
    const stored = await this.loadStored(keys, ns, checkpointId);
    return stored && this.assembleTuple(keys, threadId, ns, checkpointId, stored);
  }

  private async loadStored(keys: ThreadKeys, ns: string, checkpointId: string): Promise<StoredCheckpoint | undefined> {
    const record = await this.call('read checkpoint', () => this.redis.hgetBuffer(keys.checkpoints, checkpointMember(ns, checkpointId)));
    return record ? decodeCheckpoint(this.serde, record) : undefined;
  }

  private async assembleTuple(keys: ThreadKeys, threadId: string, ns: string, checkpointId: string, stored: StoredCheckpoint): Promise<CheckpointTuple> {
    const checkpoint: Checkpoint = { ...stored.checkpoint, channel_values: await this.loadChannelValues(keys, ns, stored.checkpoint.channel_versions) };
    if (checkpoint.v < 4 && stored.parentId !== undefined) await this.migratePendingSends(keys, ns, stored.parentId, checkpoint);
    const tuple: CheckpointTuple = {
      config: { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: checkpointId } },
      checkpoint,
      metadata: stored.metadata,
      pendingWrites: (await this.loadWrites(keys, ns, checkpointId)).map((w): CheckpointPendingWrite => [w.taskId, w.channel, w.value]),
    };
    if (stored.parentId !== undefined) {
      tuple.parentConfig = { configurable: { thread_id: threadId, checkpoint_ns: ns, checkpoint_id: stored.parentId } };
    }
    return tuple;
  }

  private async loadChannelValues(keys: ThreadKeys, ns: string, versions: ChannelVersions): Promise<Record<string, unknown>> {
    const channels = Object.keys(versions);
    if (channels.length === 0) return {};
    const blobs = await this.call('read channel values', () => this.redis.hmgetBuffer(keys.blobs, ...channels.map((c) => blobField(ns, c, versions[c]))));
    const values: Record<string, unknown> = {};
    for (const [i, blob] of blobs.entries()) {
      const decoded = blob && (await decodeBlob(this.serde, blob));
      if (decoded) values[channels[i]] = decoded.value;
    }
    return values;
  }

  /** Pending writes of one checkpoint in `writesSortKey` order, as live execution applies them. */
  private async loadWrites(keys: ThreadKeys, ns: string, checkpointId: string): Promise<StoredWrite[]> {
    const [min, max] = prefixRange(checkpointMember(ns, checkpointId));
    const fields = await this.call('read writes', () => this.redis.zrangebylex(keys.writeFields, min, max));
    if (fields.length === 0) return [];
    const records = await this.call('read writes', () => this.redis.hmgetBuffer(keys.writes, ...fields));
    const writes: StoredWrite[] = [];
    for (const [i, record] of records.entries()) {
      if (record) writes.push(await decodeWrite(this.serde, record, Number(fields[i].slice(fields[i].lastIndexOf(':') + 1))));
    }
    return writes.sort((a, b) => compareWritesSortKeys(a.sortKey, b.sortKey));
  }

  /** Checkpoints older than format v4 kept pending sends in the parent's TASKS writes (LangGraph migration). */
  private async migratePendingSends(keys: ThreadKeys, ns: string, parentId: string, checkpoint: Checkpoint): Promise<void> {
    const sends = (await this.loadWrites(keys, ns, parentId)).filter((w) => w.channel === TASKS).map((w) => w.value);
    const versions = Object.values(checkpoint.channel_versions);
    checkpoint.channel_values[TASKS] = sends;
    checkpoint.channel_versions[TASKS] = versions.length > 0 ? maxChannelVersion(...versions) : this.getNextVersion(undefined);
  }

  private async allThreadIds(): Promise<string[]> {
    const threadIds: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await this.call('list threads', () => this.redis.scan(cursor, 'MATCH', this.keys.threadScanPattern(), 'COUNT', SCAN_COUNT));
      cursor = next;
      for (const key of batch) {
        const threadId = this.keys.threadIdOf(key);
        if (threadId !== undefined) threadIds.push(threadId);
      }
    } while (cursor !== '0');
    return [...new Set(threadIds)].sort();
  }

  private async call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (err) {
      throw redisUnavailable(this.redis, `conversation store ${operation}`, err);
    }
  }
}

function compareDesc(a: string, b: string): number {
  return a < b ? 1 : a > b ? -1 : 0;
}
