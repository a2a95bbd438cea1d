-- Acquire a lease, or renew it when the caller already holds it.
-- KEYS[1] lease key; ARGV[1] holder; ARGV[2] ttl in ms.
-- Returns 1 when the caller holds the lease afterwards, else 0.
local current = redis.call('GET', KEYS[1])
if not current then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return 1
end
if current == ARGV[1] then
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
  return 1
end
return 0
