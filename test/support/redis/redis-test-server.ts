import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { Redis } from 'ioredis';

type TrackedClient = { disconnect(): void; readonly status: string };

/**
 * A throw-away redis-server on 127.0.0.1 for tests: free port, no persistence, stoppable and restartable on the
 * same port (for "Redis goes away" tests). Availability is decided synchronously so a suite can be skipped at
 * definition time when CI is unset; under CI=true a missing server fails the suite instead.
 */
export class RedisTestServer {
  private child: ChildProcess | undefined;
  private readonly clients = new Set<TrackedClient>();
  readonly host = '127.0.0.1';

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisTestServer> {
    let lastError: unknown;
    for (let attempt = 0; attempt < 3; attempt++) {
      const server = new RedisTestServer(await freePort());
      try {
        await server.start();
        return server;
      } catch (err) {
        lastError = err;
        await server.stop();
      }
    }
    throw new Error(`could not start redis-server on 127.0.0.1: ${String(lastError)}`);
  }

  get running(): boolean {
    return this.child !== undefined && this.child.exitCode === null && this.child.signalCode === null;
  }

  /** Starts (again) on this server's port. */
  async start(): Promise<void> {
    if (this.running) return;
    const child = spawn(
      'redis-server',
      ['--port', String(this.port), '--bind', this.host, '--save', '', '--appendonly', 'no', '--dir', tmpdir(), '--loglevel', 'warning'],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    this.child = child;
    let output = '';
    child.once('error', (err: NodeJS.ErrnoException) => {
      output += err.code === 'ENOENT' ? 'redis-server is not on PATH (apt-get install redis-server)' : String(err);
    });
    child.stdout?.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (output += d.toString()));
    liveServers.add(this);
    const deadline = Date.now() + 10_000;
    while (Date.now() < deadline) {
      if (!this.running) throw new Error(`redis-server exited: ${output.trim() || 'no output'}`);
      if (await pingOnce(this.host, this.port)) return;
      await new Promise((r) => setTimeout(r, 50));
    }
    throw new Error(`redis-server did not answer PING within 10 s: ${output.trim()}`);
  }

  /** Stops the server (SIGTERM, then SIGKILL after 5 s); the port stays reserved for start(). */
  async stop(): Promise<void> {
    const child = this.child;
    this.child = undefined;
    liveServers.delete(this);
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'close');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }

  /** A plain client for assertions, disconnected by dispose(). */
  client(): Redis {
    return this.track(new Redis({ host: this.host, port: this.port, maxRetriesPerRequest: 1 }));
  }

  /** Registers a client to be disconnected by dispose(), before the server goes away (no reconnect loops left). */
  track<T extends TrackedClient>(client: T): T {
    this.clients.add(client);
    return client;
  }

  /** Disconnects every tracked client, then stops the server. */
  async dispose(): Promise<void> {
    for (const client of this.clients) disconnectQuietly(client);
    this.clients.clear();
    await this.stop();
  }
}

/** Disconnects unless already closed (disconnecting a closed ioredis client leaves a 2 s timer behind). */
export function disconnectQuietly(client: TrackedClient): void {
  if (client.status !== 'end') client.disconnect();
}

/** True when a redis-server binary is on PATH. */
export function redisServerInstalled(): boolean {
  return spawnSync('redis-server', ['--version'], { stdio: 'ignore' }).status === 0;
}

/**
 * `describe` for suites that need redis-server. Without the binary: under CI=true the suite runs and fails in
 * its beforeAll (a CI that cannot run them must not pass); otherwise it is skipped with a loud notice.
 */
export function describeWithRedis(name: string, body: () => void): void {
  if (redisServerInstalled() || process.env.CI === 'true') {
    describe(name, body);
    return;
  }
  process.stderr.write(`\n[SKIPPED] "${name}": redis-server is not installed (apt-get install redis-server). CI=true would fail here.\n`);
  describe.skip(name, body);
}

/** Registers beforeAll/afterAll that start and stop one server for the enclosing describe. */
export function useRedisServer(): () => RedisTestServer {
  let server: RedisTestServer | undefined;
  beforeAll(async () => {
    server = await RedisTestServer.start();
  }, 30_000);
  afterAll(async () => {
    await server?.dispose();
  });
  return () => {
    if (!server) throw new Error('redis-server is not running (beforeAll failed)');
    return server;
  };
}

// One registry per worker process (Jest reloads modules per test file), so a crashed test never leaks a server.
const registry = globalThis as { __agentRunnerRedisServers?: Set<RedisTestServer> };
const liveServers = registry.__agentRunnerRedisServers ?? new Set<RedisTestServer>();
if (!registry.__agentRunnerRedisServers) {
  registry.__agentRunnerRedisServers = liveServers;
  process.on('exit', () => {
    for (const server of liveServers) void server.stop();
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const address = srv.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      srv.close(() => resolve(port));
    });
  });
}

async function pingOnce(host: string, port: number): Promise<boolean> {
  const probe = new Redis({ host, port, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null, enableOfflineQueue: false, disconnectTimeout: 50 });
  probe.on('error', () => undefined);
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
