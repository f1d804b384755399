import type { Logger } from '../../ports/logger.port';

export const MIB = 1024 * 1024;

/** Mirrors `Config.backend`, plus tuning knobs with safe defaults. */
export interface GrpcStigmerBackendOptions {
  /** `host:port`, no scheme (STIGMER_BACKEND_ENDPOINT). */
  endpoint: string;
  /** Sent as `authorization: Bearer <apiKey>` on every call; never logged. */
  apiKey: string;
  /** TLS is also used whenever the endpoint ends with `:443`, like the Python runner. */
  tls: boolean;
  /** PEM file with a custom CA for TLS. */
  caPath?: string;
  /** Deadline of each attempt. */
  timeoutMs: number;
  /** Extra attempts on UNAVAILABLE / DEADLINE_EXCEEDED. */
  maxRetries: number;
  retryBaseDelayMs?: number;
  retryMaxDelayMs?: number;
  /** Outgoing limit: status snapshots are capped well below this. */
  maxSendMessageBytes?: number;
  /** Incoming limit: must hold the largest skill zip returned by getArtifact. */
  maxReceiveMessageBytes?: number;
  /** Ping interval while calls are active; kept ≥ 60 s so grpc-go's default enforcement never sends GOAWAY. */
  keepaliveTimeMs?: number;
  logger?: Logger;
}

export type ResolvedBackendOptions = Required<Omit<GrpcStigmerBackendOptions, 'caPath' | 'logger'>> &
  Pick<GrpcStigmerBackendOptions, 'caPath' | 'logger'>;

export function resolveBackendOptions(options: GrpcStigmerBackendOptions): ResolvedBackendOptions {
  return {
    retryBaseDelayMs: 200,
    retryMaxDelayMs: 5_000,
    maxSendMessageBytes: 16 * MIB,
    maxReceiveMessageBytes: 64 * MIB,
    keepaliveTimeMs: 60_000,
    ...definedOnly(options),
  } as ResolvedBackendOptions;
}

/** Drops `undefined` values so they do not override defaults. */
function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

export function usesTls(options: Pick<GrpcStigmerBackendOptions, 'endpoint' | 'tls'>): boolean {
  return options.tls || options.endpoint.trim().endsWith(':443');
}
