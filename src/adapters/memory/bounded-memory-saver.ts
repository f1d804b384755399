import type { RunnableConfig } from '@langchain/core/runnables';
import { type Checkpoint, type CheckpointListOptions, type CheckpointMetadata, type CheckpointTuple, MemorySaver, type PendingWrite } from '@langchain/langgraph-checkpoint';

export interface BoundedMemorySaverOptions {
  /** Idle lifetime of a thread; every write restarts it. */
  ttlMs: number;
  /** Newest checkpoints kept per thread and namespace. */
  maxCheckpoints: number;
  now?: () => number;
}

/**
 * LangGraph's MemorySaver with the same retention as the Redis saver: a thread idle for ttlMs disappears, and
 * each thread+namespace keeps only its newest maxCheckpoints (older ones lose their pending writes too).
 */
export class BoundedMemorySaver extends MemorySaver {
  private readonly lastWrite = new Map<string, number>();
  private readonly now: () => number;

  constructor(private readonly options: BoundedMemorySaverOptions) {
    super();
    if (!Number.isInteger(options.maxCheckpoints) || options.maxCheckpoints < 1) {
      throw new Error(`maxCheckpoints must be a positive integer, got ${options.maxCheckpoints}`);
    }
    this.now = options.now ?? Date.now;
  }

  override async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    await this.dropExpiredThreads();
    return super.getTuple(config);
  }

  override async *list(config: RunnableConfig, options?: CheckpointListOptions): AsyncGenerator<CheckpointTuple> {
    await this.dropExpiredThreads();
    yield* super.list(config, options);
  }

  override async put(config: RunnableConfig, checkpoint: Checkpoint, metadata: CheckpointMetadata): Promise<RunnableConfig> {
    await this.dropExpiredThreads();
    const saved = await super.put(config, checkpoint, metadata);
    const threadId = saved.configurable?.thread_id as string;
    this.trim(threadId, (saved.configurable?.checkpoint_ns as string | undefined) ?? '');
    this.lastWrite.set(threadId, this.now());
    return saved;
  }

  override async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string, taskPath?: string): Promise<void> {
    await this.dropExpiredThreads();
    await super.putWrites(config, writes, taskId, taskPath);
    this.lastWrite.set(config.configurable?.thread_id as string, this.now());
  }

  override async deleteThread(threadId: string): Promise<void> {
    await super.deleteThread(threadId);
    this.lastWrite.delete(threadId);
  }

  private trim(threadId: string, ns: string): void {
    const checkpoints = this.storage[threadId]?.[ns];
    if (!checkpoints) return;
    const ids = Object.keys(checkpoints).sort();
    for (const id of ids.slice(0, Math.max(0, ids.length - this.options.maxCheckpoints))) {
      delete checkpoints[id];
      // MemorySaver keys writes by JSON [thread, ns, checkpoint id].
      delete this.writes[JSON.stringify([threadId, ns, id])];
    }
  }

  private async dropExpiredThreads(): Promise<void> {
    const cutoff = this.now() - this.options.ttlMs;
    for (const [threadId, at] of this.lastWrite) {
      if (at <= cutoff) await this.deleteThread(threadId);
    }
  }
}
