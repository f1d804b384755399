import { fromBinary, toBinary, type DescMessage, type DescMethod, type DescService, type MessageShape } from '@bufbuild/protobuf';
import type { MethodDefinition, ServiceDefinition } from '@grpc/grpc-js';

/**
 * Bridges @bufbuild/protobuf descriptors to @grpc/grpc-js, shared by the gRPC client and the embedded server.
 * Wire paths are built from the proto names (`service.typeName` + `method.name`), never from the generated
 * TypeScript names, because Stigmer's methods are lowerCamelCase (`updateStatus`, `getByReference`) and a
 * generator may rename them (contract gotcha 15).
 */

/** A generated method descriptor with its request/response schemas (as in `GenService['method'][K]`). */
export type TypedMethod<I extends DescMessage = DescMessage, O extends DescMessage = DescMessage> = DescMethod & {
  readonly input: I;
  readonly output: O;
};

export function methodPath(method: DescMethod): string {
  return `/${method.parent.typeName}/${method.name}`;
}

export function serializerFor<D extends DescMessage>(schema: D): (value: MessageShape<D>) => Buffer {
  return (value) => {
    const bytes = toBinary(schema, value);
    // Wrap without copying: artifacts can be tens of MiB.
    return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  };
}

export function deserializerFor<D extends DescMessage>(schema: D): (bytes: Buffer) => MessageShape<D> {
  return (bytes) => fromBinary(schema, bytes);
}

export function methodDefinition<I extends DescMessage, O extends DescMessage>(
  method: TypedMethod<I, O>,
): MethodDefinition<MessageShape<I>, MessageShape<O>> {
  return {
    path: methodPath(method),
    requestStream: method.methodKind === 'client_streaming' || method.methodKind === 'bidi_streaming',
    responseStream: method.methodKind === 'server_streaming' || method.methodKind === 'bidi_streaming',
    requestSerialize: serializerFor(method.input),
    requestDeserialize: deserializerFor(method.input),
    responseSerialize: serializerFor(method.output),
    responseDeserialize: deserializerFor(method.output),
    originalName: method.localName,
  };
}

/** A grpc-js service definition keyed by the proto method name (e.g. `updateStatus`). */
export function serviceDefinition(service: DescService): ServiceDefinition {
  const definition: Record<string, MethodDefinition<unknown, unknown>> = {};
  for (const method of service.methods) {
    definition[method.name] = methodDefinition(method as TypedMethod) as MethodDefinition<unknown, unknown>;
  }
  return definition;
}
