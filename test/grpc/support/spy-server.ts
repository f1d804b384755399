import { type DescMessage, fromBinary, type MessageShape, toBinary } from '@bufbuild/protobuf';
import { Metadata, Server, ServerCredentials, type ServiceError, type UntypedServiceImplementation } from '@grpc/grpc-js';

/**
 * A loopback gRPC server whose methods are registered under literal wire paths (not derived from the generated
 * descriptors), so tests prove the client uses the exact lowerCamelCase paths of the real server.
 */
export interface SpyCall {
  path: string;
  request: unknown;
  metadata: Metadata;
}

export type SpyBehaviour = (request: unknown, call: SpyCall) => unknown | Promise<unknown>;

export class SpyServer {
  readonly calls: SpyCall[] = [];
  private readonly server = new Server();
  private readonly behaviours = new Map<string, SpyBehaviour>();
  port = 0;

  /** Registers `path` ("/pkg.Service/method"); the behaviour returns a response, throws {code, details}, or never resolves. */
  method<I extends DescMessage, O extends DescMessage>(path: string, input: I, output: O, behaviour: SpyBehaviour): this {
    this.behaviours.set(path, behaviour);
    const name = path.slice(path.lastIndexOf('/') + 1);
    const definition = {
      [name]: {
        path,
        requestStream: false,
        responseStream: false,
        requestSerialize: (v: MessageShape<I>) => Buffer.from(toBinary(input, v)),
        requestDeserialize: (b: Buffer) => fromBinary(input, b),
        responseSerialize: (v: MessageShape<O>) => Buffer.from(toBinary(output, v)),
        responseDeserialize: (b: Buffer) => fromBinary(output, b),
      },
    };
    const implementation: UntypedServiceImplementation = {
      [name]: (call: { request: unknown; metadata: Metadata }, callback: (err: Partial<ServiceError> | null, value?: unknown) => void) => {
        const record = { path, request: call.request, metadata: call.metadata };
        this.calls.push(record);
        Promise.resolve()
          .then(() => this.behaviours.get(path)!(call.request, record))
          .then(
            (response) => callback(null, response),
            (err: Partial<ServiceError>) => callback({ code: err.code, details: err.details, metadata: new Metadata() }),
          );
      },
    };
    this.server.addService(definition, implementation);
    return this;
  }

  setBehaviour(path: string, behaviour: SpyBehaviour): void {
    this.behaviours.set(path, behaviour);
  }

  async start(): Promise<string> {
    this.port = await new Promise<number>((resolve, reject) =>
      this.server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, port) => (err ? reject(err) : resolve(port))),
    );
    return `127.0.0.1:${this.port}`;
  }

  callsTo(path: string): SpyCall[] {
    return this.calls.filter((c) => c.path === path);
  }

  stop(): void {
    this.server.forceShutdown();
  }
}
