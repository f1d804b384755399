/** Public surface of the gRPC backend adapter: bind GrpcStigmerBackend once per process (one channel) and close() it on shutdown. */
export { GrpcStigmerBackend } from './grpc-stigmer-backend';
export type { GrpcStigmerBackendOptions } from './grpc-backend-options';
