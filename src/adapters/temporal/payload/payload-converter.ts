import {
  BinaryPayloadConverter,
  CompositePayloadConverter,
  JsonPayloadConverter,
  UndefinedPayloadConverter,
} from '@temporalio/common';
import { ProtobufJsonPayloadConverter } from './protobuf-json-converter';
import { stigmerRegistry } from './proto-registry';

/**
 * The payload converter the worker, the dev workflow bundle and clients share (`payloadConverterPath` loads this
 * module and reads `payloadConverter`). Order mirrors the Go SDK: undefined -> `binary/null`, bytes ->
 * `binary/plain`, protobuf-es messages -> `json/protobuf`, everything else (strings, plain JSON) -> `json/plain`.
 */
export const payloadConverter = new CompositePayloadConverter(
  new UndefinedPayloadConverter(),
  new BinaryPayloadConverter(),
  new ProtobufJsonPayloadConverter(stigmerRegistry),
  new JsonPayloadConverter(),
);

/** Absolute path of this module for `dataConverter.payloadConverterPath` (works from src under Jest and from dist). */
export const payloadConverterPath: string = __filename;
