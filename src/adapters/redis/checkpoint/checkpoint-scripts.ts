/**
 * Lua scripts of the Redis checkpoint saver (key order: see ThreadKeys.all). Each runs atomically, so concurrent
 * writers of one thread never see half a checkpoint, and blob reference counts stay exact.
 */

/** Shared helpers: drop one reference to a blob (deleting it at zero) and refresh every key's TTL. */
const HELPERS = `
local function release(ref)
  if redis.call('HINCRBY', KEYS[4], ref, -1) <= 0 then
    redis.call('HDEL', KEYS[4], ref)
    redis.call('HDEL', KEYS[5], ref)
  end
end
local function delete_in_chunks(hash, zset, fields)
  for i = 1, #fields, 500 do
    local chunk = {}
    for j = i, math.min(i + 499, #fields) do chunk[#chunk + 1] = fields[j] end
    redis.call('HDEL', hash, unpack(chunk))
    redis.call('ZREM', zset, unpack(chunk))
  end
end
local function touch(ttl_ms)
  for i = 1, #KEYS do redis.call('PEXPIRE', KEYS[i], ttl_ms) end
end
`;

/**
 * PUT. ARGV: member, record, refs JSON, ns lex min, ns lex max, max checkpoints, ttl ms, blob count,
 * then blob field/value pairs. Stores blobs, counts references, then trims the namespace to the newest
 * `max` checkpoints, releasing the trimmed checkpoints' references and deleting their writes.
 */
export const PUT_CHECKPOINT_LUA = `${HELPERS}
local member = ARGV[1]
local blob_count = tonumber(ARGV[8])
for i = 0, blob_count - 1 do
  redis.call('HSET', KEYS[5], ARGV[9 + 2 * i], ARGV[10 + 2 * i])
end
for _, ref in ipairs(cjson.decode(ARGV[3])) do redis.call('HINCRBY', KEYS[4], ref, 1) end
local previous = redis.call('HGET', KEYS[3], member)
if previous then
  for _, ref in ipairs(cjson.decode(previous)) do release(ref) end
end
redis.call('HSET', KEYS[3], member, ARGV[3])
redis.call('HSET', KEYS[2], member, ARGV[2])
redis.call('ZADD', KEYS[1], 0, member)

local max = tonumber(ARGV[6])
local count = redis.call('ZLEXCOUNT', KEYS[1], ARGV[4], ARGV[5])
if count > max then
  local victims = redis.call('ZRANGEBYLEX', KEYS[1], ARGV[4], ARGV[5], 'LIMIT', 0, count - max)
  for _, victim in ipairs(victims) do
    local refs = redis.call('HGET', KEYS[3], victim)
    if refs then
      for _, ref in ipairs(cjson.decode(refs)) do release(ref) end
    end
    redis.call('HDEL', KEYS[3], victim)
    redis.call('HDEL', KEYS[2], victim)
    redis.call('ZREM', KEYS[1], victim)
    local fields = redis.call('ZRANGEBYLEX', KEYS[7], '[' .. victim .. ':', '(' .. victim .. ';')
    delete_in_chunks(KEYS[6], KEYS[7], fields)
  end
end
touch(ARGV[7])
return count
`;

/**
 * PUT WRITES. ARGV: ttl ms, then field/value/overwrite triples. Regular writes (overwrite = 0) keep the first
 * value stored for a (task, idx), like LangGraph's MemorySaver; special writes (errors, interrupts) replace it.
 */
export const PUT_WRITES_LUA = `${HELPERS}
for i = 2, #ARGV, 3 do
  if ARGV[i + 2] == '1' then
    redis.call('HSET', KEYS[6], ARGV[i], ARGV[i + 1])
  else
    redis.call('HSETNX', KEYS[6], ARGV[i], ARGV[i + 1])
  end
  redis.call('ZADD', KEYS[7], 0, ARGV[i])
end
touch(ARGV[1])
return 1
`;
