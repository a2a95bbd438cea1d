-- Take a per-chat lock if it is free and, in the same step, mark an update
-- of that chat as seen: intake's one round trip per update.
-- KEYS[1] lock key; KEYS[2] seen key of the update (same hash slot);
-- ARGV[1] holder token; ARGV[2] lock ttl in ms; ARGV[3] seen ttl in ms.
-- Returns {1, 1} when locked and the update is new, {1, 0} when locked and
-- the update was seen before, {0, pttl} when someone else holds the lock
-- (nothing is marked then).
if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) then
    return {1, 1}
  end
  return {1, 0}
end
return {0, redis.call('PTTL', KEYS[1])}
