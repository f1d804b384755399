import { fromJson, isMessage, toJson, type JsonValue, type Registry } from '@bufbuild/protobuf';
import {
  METADATA_ENCODING_KEY,
  METADATA_MESSAGE_TYPE_KEY,
  ValueError,
  encodingTypes,
  type Payload,
  type PayloadConverterWithEncoding,
} from '@temporalio/common';
import { decode, encode } from '@temporalio/common/lib/encoding';

/**
 * `json/protobuf` payloads exactly as the Go SDK writes and reads them: proto3 JSON with default options
 * (lowerCamelCase, enum names, defaults omitted, base64 bytes) and the fully-qualified `messageType` in metadata.
 *
 * Decoding is lenient like Go's protojson (snake_case keys, enum numbers, nulls) and also skips unknown keys, so a
 * newer server adding a field never breaks the runner. Encoding never emits unknown keys, because Go rejects them.
 */
export class ProtobufJsonPayloadConverter implements PayloadConverterWithEncoding {
  readonly encodingType = encodingTypes.METADATA_ENCODING_PROTOBUF_JSON;

  constructor(private readonly registry: Registry) {}

  toPayload<T>(value: T): Payload | undefined {
    if (!isMessage(value)) return undefined;
    const schema = this.registry.getMessage(value.$typeName);
    if (!schema) {
      throw new ValueError(`cannot encode protobuf message ${value.$typeName}: it is not in the payload registry`);
    }
    const json = toJson(schema, value, { registry: this.registry });
    return {
      metadata: {
        [METADATA_ENCODING_KEY]: encode(this.encodingType),
        [METADATA_MESSAGE_TYPE_KEY]: encode(value.$typeName),
      },
      data: encode(JSON.stringify(json)),
    };
  }

  fromPayload<T>(payload: Payload): T {
    const rawType = payload.metadata?.[METADATA_MESSAGE_TYPE_KEY];
    if (!rawType || rawType.length === 0) {
      throw new ValueError('json/protobuf payload has no "messageType" metadata, so its message type is unknown');
    }
    const messageType = decode(rawType);
    const schema = this.registry.getMessage(messageType);
    if (!schema) {
      throw new ValueError(`json/protobuf payload has unknown messageType "${messageType}"`);
    }
    try {
      const json = JSON.parse(decode(payload.data ?? new Uint8Array())) as JsonValue;
      return fromJson(schema, json, { ignoreUnknownFields: true, registry: this.registry }) as T;
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      throw new ValueError(`cannot decode json/protobuf payload of type ${messageType}: ${reason}`);
    }
  }
}
