/**
 * Decides, atomically in Redis, whether a job BullMQ hands to this node is delivered:
 * - `done`: this firing (this job id) completed before: a re-run of a completed job, never delivered again;
 * - `run`, first delivery: the registry still holds this generation of the schedule. A one-time schedule leaves
 *   the registry here (before its handler runs) and leaves a claim marker instead;
 * - `run`, re-delivery: a one-time firing whose claim marker is there but not its done marker, i.e. its first
 *   node died mid-callback and BullMQ's stalled-job check handed the job to another node;
 * - `stale`: the schedule was cancelled or replaced before this firing started.
 *
 * KEYS: registry hash, done marker, claim marker. ARGV: schedule id, generation, kind, marker TTL (ms).
 */
export const CLAIM_SCRIPT = `
if redis.call('EXISTS', KEYS[2]) == 1 then return 'done' end
local raw = redis.call('HGET', KEYS[1], ARGV[1])
local current = false
if raw then
  local ok, entry = pcall(cjson.decode, raw)
  current = ok and type(entry) == 'table' and tostring(entry.gen) == ARGV[2] and entry.kind == ARGV[3]
end
if ARGV[3] == 'once' then
  if current then
    redis.call('HDEL', KEYS[1], ARGV[1])
    redis.call('SET', KEYS[3], '1', 'PX', ARGV[4])
    return 'run'
  end
  if redis.call('EXISTS', KEYS[3]) == 1 then return 'run' end
  return 'stale'
end
if current then return 'run' end
return 'stale'
`;

/** Replaces a registry field and answers the old value (or nil). KEYS: registry. ARGV: schedule id, new value. */
export const SWAP_SCRIPT = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
redis.call('HSET', KEYS[1], ARGV[1], ARGV[2])
return old
`;

/** Deletes a registry field and answers its value (or nil). KEYS: registry. ARGV: schedule id. */
export const TAKE_SCRIPT = `
local old = redis.call('HGET', KEYS[1], ARGV[1])
if old then redis.call('HDEL', KEYS[1], ARGV[1]) end
return old
`;

/**
 * Deletes a registry field only if it still holds the given generation (undoing a scheduling that failed
 * half-way). KEYS: registry. ARGV: schedule id, generation.
 */
export const UNDO_SCRIPT = `
local raw = redis.call('HGET', KEYS[1], ARGV[1])
if raw then
  local ok, entry = pcall(cjson.decode, raw)
  if ok and type(entry) == 'table' and tostring(entry.gen) == ARGV[2] then
    redis.call('HDEL', KEYS[1], ARGV[1])
    return 1
  end
end
return 0
`;

/** Deletes a whole registry hash and answers its fields and values. KEYS: registry. */
export const TAKE_ALL_SCRIPT = `
local all = redis.call('HGETALL', KEYS[1])
redis.call('DEL', KEYS[1])
return all
`;
