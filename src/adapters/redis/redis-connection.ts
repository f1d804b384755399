import { Redis, type RedisOptions } from 'ioredis';
import { BackendUnavailableError, describeError } from '../../domain/errors/domain-errors';
import type { Logger } from '../../ports/logger.port';

export interface RedisConnectionOptions {
  host: string;
  port: number;
  password?: string;
  tls?: boolean;
  /** Shown in CLIENT LIST; helps operators tell replicas apart. */
  connectionName?: string;
  logger?: Logger;
}

/**
 * Builds the ioredis client every Redis adapter expects: fails a command after one reconnect attempt instead of
 * queueing it for minutes (a run must not hang on a dead Redis), reconnects with capped backoff, and reports
 * connection errors through the logger once per outage instead of ioredis' "Unhandled error event" on stderr.
 * Do not set ioredis' own `keyPrefix`: the adapters prefix keys themselves (SCAN patterns would not get it).
 */
export function createRedisClient(options: RedisConnectionOptions): Redis {
  const redisOptions: RedisOptions = {
    host: options.host,
    port: options.port,
    password: options.password,
    tls: options.tls ? {} : undefined,
    connectionName: options.connectionName,
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    connectTimeout: 5_000,
    // ioredis waits this long for a closing socket; its 2 s default delays process exit after quit().
    disconnectTimeout: 200,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 2_000),
  };
  const client = new Redis(redisOptions);
  reportOutagesOnce(client, options.logger);
  return client;
}

/** Connects (when still lazy) and PINGs; a clear BackendUnavailableError naming host:port otherwise. */
export async function verifyRedis(client: Redis): Promise<void> {
  try {
    if (client.status === 'wait') await client.connect();
    await client.ping();
  } catch (err) {
    throw redisUnavailable(client, 'ping', err);
  }
}

/** `host:port` of a client, for messages (never includes the password). */
export function redisAddress(client: Redis): string {
  const { host, port, path } = client.options;
  return path ? `unix:${path}` : `${host ?? 'localhost'}:${port ?? 6379}`;
}

/**
 * Maps any failure of a Redis call to a retryable domain error naming the server. Only the driver's message is
 * kept: ioredis attaches the command and its arguments (conversation payloads) to its errors, and those must not
 * reach logs.
 */
export function redisUnavailable(client: Redis, operation: string, err: unknown): BackendUnavailableError {
  return new BackendUnavailableError(`Redis at ${redisAddress(client)} is unavailable (${operation}): ${describeError(err)}`);
}

function reportOutagesOnce(client: Redis, logger: Logger | undefined): void {
  let down = false;
  client.on('error', (err: unknown) => {
    if (down) return;
    down = true;
    logger?.warn('redis connection error', { redis: redisAddress(client), error: describeError(err) });
  });
  client.on('ready', () => {
    if (down) logger?.info('redis connection restored', { redis: redisAddress(client) });
    down = false;
  });
}
