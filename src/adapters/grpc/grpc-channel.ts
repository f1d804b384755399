import { readFileSync } from 'node:fs';
import { Client, credentials, type ChannelCredentials, type ChannelOptions } from '@grpc/grpc-js';
import { ConfigurationError } from '../../domain/errors/domain-errors';
import { type ResolvedBackendOptions, usesTls } from './grpc-backend-options';

/**
 * Builds the one grpc-js Client (= one HTTP/2 channel) every backend call goes through.
 * Reconnect backoff is capped at our retry delay so a restarted server is picked up by the next retry.
 */
export function createBackendChannel(options: ResolvedBackendOptions): Client {
  const channelOptions: ChannelOptions = {
    'grpc.max_send_message_length': options.maxSendMessageBytes,
    'grpc.max_receive_message_length': options.maxReceiveMessageBytes,
    'grpc.keepalive_time_ms': options.keepaliveTimeMs,
    'grpc.keepalive_timeout_ms': 20_000,
    // No pings on an idle channel: stigmer-server (grpc-go) would count them as abuse.
    'grpc.keepalive_permit_without_calls': 0,
    'grpc.initial_reconnect_backoff_ms': Math.min(500, options.retryMaxDelayMs),
    'grpc.max_reconnect_backoff_ms': options.retryMaxDelayMs,
  };
  return new Client(options.endpoint, channelCredentials(options), channelOptions);
}

function channelCredentials(options: ResolvedBackendOptions): ChannelCredentials {
  if (!usesTls(options)) return credentials.createInsecure();
  if (!options.caPath) return credentials.createSsl();
  let ca: Buffer;
  try {
    ca = readFileSync(options.caPath);
  } catch (err) {
    throw new ConfigurationError(`stigmer backend CA file ${options.caPath} cannot be read: ${(err as Error).message}`, { cause: err });
  }
  return credentials.createSsl(ca);
}
