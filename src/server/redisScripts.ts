/**
 * Lua scripts of the Redis storage. Each change runs as one script, so the
 * state change, the stream entry (XADD, trimmed to the replay log size) and the PUBLISH
 * that fans it out to other processes happen atomically and in log order.
 *
 * A record is packed in one hash field: `createdAt,readAt,updatedAt,body`
 * (epoch ms; readAt empty while unread; body is the app's JSON text).
 * Stream entries hold `t` (event name) and, by event, `i` (item id),
 * `v` (packed record) or `r` (readAt, empty for unread); an event of the
 * app's own holds `x` (its name, which may be any) and `d` (its data).
 * A published message is the JSON `[entryId, [field, value, ...]]`.
 *
 * Keys of every change script: 1 events stream, 2 items hash, 3 order zset,
 * 4 unread zset, 5 clock, 6 id of the newest trimmed entry. ARGV 1 replay
 * log size, 2 channel, 3 now, then the script's own arguments.
 */

const PRELUDE = `
local function fmt(n) return string.format('%d', n) end
local function stamp()
  local clock = tonumber(redis.call('GET', KEYS[5]) or '0')
  local at = math.max(math.floor(tonumber(ARGV[3])), clock + 1)
  redis.call('SET', KEYS[5], fmt(at))
  return at
end
local function append(fields)
  -- Trim by hand to remember the newest dropped id: resuming from exactly it
  -- still replays everything (XINFO's max-deleted-entry-id ignores trimming).
  local excess = redis.call('XLEN', KEYS[1]) - tonumber(ARGV[1]) + 1
  if excess > 0 then
    local dropped = redis.call('XRANGE', KEYS[1], '-', '+', 'COUNT', excess)
    redis.call('SET', KEYS[6], dropped[#dropped][1])
    redis.call('XTRIM', KEYS[1], 'MAXLEN', tonumber(ARGV[1]) - 1)
  end
  local id = redis.call('XADD', KEYS[1], '*', unpack(fields))
  redis.call('PUBLISH', ARGV[2], cjson.encode({id, fields}))
  return id
end
local function unpackRecord(packed)
  return string.match(packed, '^(%d+),(%d*),(%d+),(.*)$')
end
`

/** ARGV 4 id, 5 body, 6 createdAt or '', 7 '1' to broadcast. Returns the packed record. */
export const CREATE = `${PRELUDE}
if redis.call('HEXISTS', KEYS[2], ARGV[4]) == 1 then return redis.error_reply('CONFLICT') end
local at
if ARGV[6] ~= '' then
  at = tonumber(ARGV[6])
  if at <= tonumber(redis.call('GET', KEYS[5]) or '0') then return redis.error_reply('OUT_OF_ORDER') end
  redis.call('SET', KEYS[5], fmt(at))
else
  at = stamp()
end
local packed = fmt(at) .. ',,' .. fmt(at) .. ',' .. ARGV[5]
redis.call('HSET', KEYS[2], ARGV[4], packed)
redis.call('ZADD', KEYS[3], fmt(at), ARGV[4])
redis.call('ZADD', KEYS[4], fmt(at), ARGV[4])
if ARGV[7] == '1' then append({'t', 'notification', 'i', ARGV[4], 'v', packed}) end
return packed
`

/** ARGV 4 id, 5 '1' to mark read, '0' to mark unread. Returns the packed record, or nil for an unknown id. */
export const SET_READ = `${PRELUDE}
local packed = redis.call('HGET', KEYS[2], ARGV[4])
if not packed then return false end
local createdAt, readAt, _, body = unpackRecord(packed)
local wantRead = ARGV[5] == '1'
if (readAt ~= '') == wantRead then return packed end
local at = fmt(stamp())
if wantRead then
  packed = createdAt .. ',' .. at .. ',' .. at .. ',' .. body
  redis.call('ZREM', KEYS[4], ARGV[4])
  append({'t', 'notification.read', 'i', ARGV[4], 'r', at})
else
  packed = createdAt .. ',,' .. at .. ',' .. body
  redis.call('ZADD', KEYS[4], createdAt, ARGV[4])
  append({'t', 'notification.read', 'i', ARGV[4], 'r', ''})
end
redis.call('HSET', KEYS[2], ARGV[4], packed)
return packed
`

/** Every unread record gets readAt = updatedAt = T (later than every createdAt). Returns T. */
export const READ_ALL = `${PRELUDE}
local at = fmt(stamp())
for _, id in ipairs(redis.call('ZRANGE', KEYS[4], 0, -1)) do
  local packed = redis.call('HGET', KEYS[2], id)
  if packed then
    local createdAt, _, _, body = unpackRecord(packed)
    redis.call('HSET', KEYS[2], id, createdAt .. ',' .. at .. ',' .. at .. ',' .. body)
  end
end
redis.call('DEL', KEYS[4])
append({'t', 'notifications.read-all', 'r', at})
return at
`

/** ARGV 4 id. Returns 1 when deleted, 0 for an unknown id. */
export const REMOVE = `${PRELUDE}
if redis.call('HDEL', KEYS[2], ARGV[4]) == 0 then return 0 end
redis.call('ZREM', KEYS[3], ARGV[4])
redis.call('ZREM', KEYS[4], ARGV[4])
append({'t', 'notification.deleted', 'i', ARGV[4]})
return 1
`

/** ARGV 4 event name, 5 data. Returns the entry id. */
export const APPEND = `${PRELUDE}
return append({'x', ARGV[4], 'd', ARGV[5]})
`

/**
 * KEYS 1 items, 2 order, 3 unread; ARGV 1 createdAt bound (exclusive) or '', 2 count.
 * Returns { ids, packed records, unread count }, newest first.
 */
export const PAGE = `
local max = '+inf'
if ARGV[1] ~= '' then max = '(' .. ARGV[1] end
local ids = redis.call('ZREVRANGEBYSCORE', KEYS[2], max, '-inf', 'LIMIT', 0, tonumber(ARGV[2]))
local values = {}
if #ids > 0 then values = redis.call('HMGET', KEYS[1], unpack(ids)) end
return {ids, values, redis.call('ZCARD', KEYS[3])}
`
