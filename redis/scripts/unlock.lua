-- Release a per-chat lock, only if the caller still holds it, and wake one
-- waiter.
-- KEYS[1] lock key; KEYS[2] wake list; ARGV[1] holder token; ARGV[2] wake
-- list ttl in ms.
-- Returns 1 when released, 0 when the lock had expired (and may now belong to
-- someone else, whose lock is left alone).
if redis.call('GET', KEYS[1]) ~= ARGV[1] then
  return 0
end
redis.call('DEL', KEYS[1])
-- One entry is enough: it wakes one waiter, who hands on with its own unlock.
-- The ttl keeps a wake nobody consumed from lingering.
redis.call('LPUSH', KEYS[2], '1')
redis.call('LTRIM', KEYS[2], 0, 0)
redis.call('PEXPIRE', KEYS[2], ARGV[2])
return 1
