-- Delete a key only if it still holds the caller's value (lease release).
-- KEYS[1] key; ARGV[1] expected value. Returns 1 when deleted, else 0.
if redis.call('GET', KEYS[1]) == ARGV[1] then
  return redis.call('DEL', KEYS[1])
end
return 0
