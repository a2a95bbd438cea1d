-- Open or extend the shared 429 pause; never shorten it.
-- KEYS[1] pause key; ARGV[1] pause length in ms.
-- Returns the pause remaining afterwards, in ms. Redis expires the key, so
-- the pause ends by the server's clock, the same for every replica.
local ms = tonumber(ARGV[1])
local left = redis.call('PTTL', KEYS[1])
if left < ms then
  redis.call('SET', KEYS[1], '1', 'PX', ms)
  return ms
end
return left
