import { type Checkpoint, type CheckpointMetadata, type SerializerProtocol, writesSortKey } from '@langchain/langgraph-checkpoint';
import { decodeFrames, encodeFrames } from './frame-codec';

/**
 * The three kinds of records the saver stores, each one framed Buffer of serde type tags and bytes:
 * checkpoint (without channel values), channel value blob, pending write.
 */
export interface StoredCheckpoint {
  checkpoint: Omit<Checkpoint, 'channel_values'>;
  metadata: CheckpointMetadata;
  parentId: string | undefined;
}

export interface StoredWrite {
  taskId: string;
  channel: string;
  value: unknown;
  sortKey: ReturnType<typeof writesSortKey>;
}

/** Blob type of a channel listed in newVersions but absent from channel_values (LangGraph's convention). */
const EMPTY_BLOB = 'empty';

export async function encodeCheckpoint(serde: SerializerProtocol, checkpoint: Omit<Checkpoint, 'channel_values'>, metadata: CheckpointMetadata, parentId: string | undefined): Promise<Buffer> {
  const [[checkpointType, checkpointBytes], [metadataType, metadataBytes]] = await Promise.all([serde.dumpsTyped(checkpoint), serde.dumpsTyped(metadata)]);
  return encodeFrames([checkpointType, checkpointBytes, metadataType, metadataBytes, parentId ?? '']);
}

export async function decodeCheckpoint(serde: SerializerProtocol, record: Buffer): Promise<StoredCheckpoint> {
  const [checkpointType, checkpointBytes, metadataType, metadataBytes, parent] = decodeFrames(record, 5, 'checkpoint');
  return {
    checkpoint: await serde.loadsTyped(checkpointType.toString('utf8'), checkpointBytes),
    metadata: await serde.loadsTyped(metadataType.toString('utf8'), metadataBytes),
    parentId: parent.length > 0 ? parent.toString('utf8') : undefined,
  };
}

export async function encodeBlob(serde: SerializerProtocol, values: Record<string, unknown>, channel: string): Promise<Buffer> {
  const [type, bytes] = channel in values ? await serde.dumpsTyped(values[channel]) : [EMPTY_BLOB, new Uint8Array()];
  return encodeFrames([type, bytes]);
}

/** The channel value, or `undefined` for an empty channel. */
export async function decodeBlob(serde: SerializerProtocol, record: Buffer): Promise<{ value: unknown } | undefined> {
  const [type, bytes] = decodeFrames(record, 2, 'channel value');
  const typeName = type.toString('utf8');
  return typeName === EMPTY_BLOB ? undefined : { value: await serde.loadsTyped(typeName, bytes) };
}

export async function encodeWrite(serde: SerializerProtocol, taskId: string, channel: string, value: unknown, taskPath: string): Promise<Buffer> {
  const [type, bytes] = await serde.dumpsTyped(value);
  return encodeFrames([taskId, channel, type, bytes, taskPath]);
}

export async function decodeWrite(serde: SerializerProtocol, record: Buffer, idx: number): Promise<StoredWrite> {
  const [taskId, channel, type, bytes, taskPath] = decodeFrames(record, 5, 'write');
  const task = taskId.toString('utf8');
  return {
    taskId: task,
    channel: channel.toString('utf8'),
    value: await serde.loadsTyped(type.toString('utf8'), bytes),
    sortKey: writesSortKey(taskPath.toString('utf8'), task, idx),
  };
}
