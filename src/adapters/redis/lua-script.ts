import type { Redis, RedisValue } from 'ioredis';

export type LuaScript = (keys: readonly string[], args: readonly RedisValue[]) => Promise<unknown>;

/**
 * Registers a Lua script on the client (EVALSHA with automatic EVAL fallback on NOSCRIPT, per ioredis'
 * defineCommand) and returns a typed caller. `name` must be unique per script text.
 */
export function defineLuaScript(client: Redis, name: string, lua: string, numberOfKeys: number): LuaScript {
  const commands = client as unknown as Record<string, ((...args: RedisValue[]) => Promise<unknown>) | undefined>;
  if (typeof commands[name] !== 'function') client.defineCommand(name, { lua, numberOfKeys });
  return (keys, args) => {
    if (keys.length !== numberOfKeys) throw new Error(`Lua script ${name} takes ${numberOfKeys} keys, got ${keys.length}`);
    const call = commands[name];
    return call!.call(client, ...keys, ...args);
  };
}
