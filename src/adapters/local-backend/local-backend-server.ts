import { Server, ServerCredentials } from '@grpc/grpc-js';
import type { Logger } from '../../ports/logger.port';
import { registerLocalBackendServices } from './local-backend-services';
import { LocalStore } from './local-store';
import { seedDataDirIfEmpty } from './seed-data-dir';

export interface LocalBackendOptions {
  /** Where resources (YAML) and state (JSON) live. */
  dataDir: string;
  /** 0 picks a free port. Defaults to stigmer-server's 7234. */
  port?: number;
  /** Defaults to loopback only. */
  host?: string;
  /** Folder copied into an empty dataDir first (normally the repository's examples/). */
  seedFrom?: string;
  logger?: Logger;
  /** How long stop() lets open streams finish before cutting them. */
  shutdownGraceMs?: number;
}

export interface LocalBackend {
  /** `host:port` to use as STIGMER_BACKEND_ENDPOINT. */
  address: string;
  port: number;
  store: LocalStore;
  stop(): Promise<void>;
}

export const DEFAULT_LOCAL_BACKEND_PORT = 7234;
const MIB = 1024 * 1024;

/**
 * The embedded stand-in for stigmer-server: the RPCs the runner and the local CLI use, on plaintext gRPC,
 * backed by a LocalStore in `dataDir`.
 */
export async function startLocalBackend(options: LocalBackendOptions): Promise<LocalBackend> {
  const host = options.host ?? '127.0.0.1';
  if (options.seedFrom && (await seedDataDirIfEmpty(options.dataDir, options.seedFrom))) {
    options.logger?.info('local backend data directory seeded', { dataDir: options.dataDir, from: options.seedFrom });
  }
  const store = await LocalStore.open(options.dataDir);
  const server = new Server({
    'grpc.max_receive_message_length': 16 * MIB,
    // Skill artifacts can be larger than status snapshots.
    'grpc.max_send_message_length': 64 * MIB,
  });
  registerLocalBackendServices(server, store, options.logger);
  const port = await bind(server, host, options.port ?? DEFAULT_LOCAL_BACKEND_PORT);
  const address = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  options.logger?.info('local backend listening', { address, dataDir: options.dataDir });
  let stopped: Promise<void> | undefined;
  const stop = () => (stopped ??= shutdown(server, store, options.shutdownGraceMs ?? 2_000));
  return { address, port, store, stop };
}

function bind(server: Server, host: string, port: number): Promise<number> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    server.bindAsync(target, ServerCredentials.createInsecure(), (err, boundPort) => {
      if (err) reject(new Error(`local backend cannot listen on ${target}: ${err.message}`, { cause: err }));
      else resolve(boundPort);
    });
  });
}

/** Graceful first (in-flight calls finish), then forced so open subscribe streams cannot hold the port. */
async function shutdown(server: Server, store: LocalStore, graceMs: number): Promise<void> {
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
  await store.flush();
}
