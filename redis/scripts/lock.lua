-- Take a per-chat lock if it is free.
-- KEYS[1] lock key; ARGV[1] holder token; ARGV[2] ttl in ms.
-- Returns {1, 0} when taken, {0, pttl} when held by someone else, pttl being
-- the holder's remaining time (-1 if it has none) so the waiter can bound its
-- sleep to it.
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return {1, 0}
end
return {0, redis.call('PTTL', KEYS[1])}
