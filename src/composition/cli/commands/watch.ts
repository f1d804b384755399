import type { Redis } from 'ioredis';
import { createRedisClient, RedisLiveEventReader, verifyRedis } from '../../../adapters/redis';
import { liveStreamKey } from '../../../adapters/redis/live-events/live-stream-key';
import { renderLiveEvents, type RenderLiveEventsOptions } from '../../../adapters/terminal';
import { describeError } from '../../../domain/errors/domain-errors';
import { isTerminalPhase } from '../../../domain/status/execution-status';
import { loadConfig, type Config } from '../../config/config';

/** Exit code when there is nothing to watch from outside the worker: no Redis is configured. */
export const WATCH_NEEDS_REDIS = 2;

export interface WatchOptions {
  render?: RenderLiveEventsOptions;
  /** How long one XREAD blocks between abort checks (tests use less). */
  blockMs?: number;
}

/**
 * `agent-runner watch <executionId>`: follows an execution's live event stream in Redis (replay, then live) and
 * renders it. Returns 0 when the execution COMPLETED, 1 otherwise (failed, cancelled, stopped following, Redis
 * down), 2 when no Redis is configured. Aborting `signal` (Ctrl-C) stops following; the execution is unaffected.
 */
export async function runWatch(
  executionId: string,
  env: NodeJS.ProcessEnv,
  out: NodeJS.WritableStream,
  signal: AbortSignal,
  options: WatchOptions = {},
): Promise<number> {
  const say = (line: string) => out.write(`${line}\n`);
  const id = executionId.trim();
  if (!id) {
    say('agent-runner watch: the execution id is empty; pass the id of an agent execution, e.g. agent-runner watch aex-…');
    return 1;
  }
  let config: Config;
  try {
    config = loadConfig(env);
  } catch (err) {
    say(`agent-runner watch: ${describeError(err)}`);
    return 1;
  }
  if (!config.redis.enabled) {
    say(
      'agent-runner watch needs Redis, and none is configured (REDIS_HOST is not set): without it an execution\'s live ' +
        'events exist only inside the worker process that runs it. Set REDIS_HOST (and REDIS_PORT, REDIS_PASSWORD, ' +
        'REDIS_KEY_PREFIX) to what the worker uses, or use `agent-runner run`, which shows its run live.',
    );
    return WATCH_NEEDS_REDIS;
  }
  return follow(id, config, out, signal, options);
}

async function follow(executionId: string, config: Config, out: NodeJS.WritableStream, signal: AbortSignal, options: WatchOptions): Promise<number> {
  const say = (line: string) => out.write(`${line}\n`);
  const stopped = () => {
    say(`stopped following execution ${executionId} (the execution itself is not affected)`);
    return 1;
  };
  const { host, port, password, tls, keyPrefix } = config.redis;
  const client = createRedisClient({ host, port, password, tls, connectionName: 'agent-runner-watch' });
  client.on('error', () => undefined);
  try {
    if (!(await connect(client, signal))) return stopped();
    if ((await client.exists(liveStreamKey(keyPrefix, executionId))) === 0) {
      say(`no live events for execution ${executionId} yet (not started, unknown, or expired after LIVE_STREAM_TTL_SECONDS); waiting — Ctrl-C to stop`);
    }
    const reader = new RedisLiveEventReader(client, { keyPrefix, blockMs: options.blockMs });
    const phase = await renderLiveEvents(reader.follow(executionId, signal), out, options.render);
    if (!phase || !isTerminalPhase(phase)) return stopped();
    return phase === 'COMPLETED' ? 0 : 1;
  } catch (err) {
    if (signal.aborted) return stopped();
    say(`agent-runner watch: ${describeError(err)}. Check REDIS_HOST, REDIS_PORT, REDIS_PASSWORD and REDIS_TLS.`);
    return 1;
  } finally {
    client.disconnect();
  }
}

/** PING first, for a clear message when Redis is down; false when Ctrl-C came first. */
async function connect(client: Redis, signal: AbortSignal): Promise<boolean> {
  const stop = () => client.disconnect();
  signal.addEventListener('abort', stop, { once: true });
  try {
    await verifyRedis(client);
    return true;
  } catch (err) {
    if (signal.aborted) return false;
    throw err;
  } finally {
    signal.removeEventListener('abort', stop);
  }
}

/** The CLI entry: process environment and stdout, Ctrl-C (or SIGTERM) stops following. */
export async function watchFromTerminal(executionId: string): Promise<number> {
  const controller = new AbortController();
  const abort = () => controller.abort();
  process.once('SIGINT', abort);
  process.once('SIGTERM', abort);
  try {
    return await runWatch(executionId, process.env, process.stdout, controller.signal);
  } finally {
    process.off('SIGINT', abort);
    process.off('SIGTERM', abort);
  }
}
