import type { DescMessage, MessageShape } from '@bufbuild/protobuf';
import { Client, credentials, Metadata, type ServiceError } from '@grpc/grpc-js';
import { deserializerFor, methodPath, serializerFor, type TypedMethod } from '../../../src/adapters/proto/grpc-bridge';

/** A bare grpc-js client for talking to the embedded server without the adapter's validation and mapping. */
export function rawClient(address: string): Client {
  return new Client(address, credentials.createInsecure(), {
    'grpc.max_receive_message_length': 64 * 1024 * 1024,
  });
}

export function rawUnary<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: TypedMethod<I, O>,
  request: MessageShape<I>,
): Promise<MessageShape<O>> {
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest(
      methodPath(method),
      serializerFor(method.input),
      deserializerFor(method.output),
      request,
      new Metadata(),
      { deadline: Date.now() + 10_000 },
      (err, response) => (err ? reject(err) : resolve(response!)),
    );
  });
}

/** Resolves with the gRPC error of a call expected to fail. */
export async function rawUnaryError<I extends DescMessage, O extends DescMessage>(
  client: Client,
  method: TypedMethod<I, O>,
  request: MessageShape<I>,
): Promise<ServiceError> {
  try {
    await rawUnary(client, method, request);
  } catch (err) {
    return err as ServiceError;
  }
  throw new Error(`${methodPath(method)} was expected to fail`);
}
