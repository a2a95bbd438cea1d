-- Reserve one outgoing message: a token from the global bucket, one from the
-- chat's bucket and, for broadcasts, one from the broadcast bucket, unless a
-- 429 pause is open or a lower lane is waiting.
-- All or nothing: when the answer is "wait", no token is taken.
--
-- KEYS[1] pause key
-- KEYS[2] global bucket (hash: t = tokens, ts = last update in µs)
-- KEYS[3] chat bucket
-- KEYS[4] broadcast bucket
-- KEYS[5 .. 5+lane] "lane n is waiting" markers for lanes 0 .. lane
-- ARGV[1] global rate per second (0 = unlimited)   ARGV[2] global burst
-- ARGV[3] chat rate per second (0 = unlimited)     ARGV[4] chat burst
-- ARGV[5] lane (0 replies, 1 alerts, 2 campaigns)
-- ARGV[6] lane hold in ms: how long a waiting marker outlives the wait
-- ARGV[7] 1 to set this lane's marker when it must wait (0 for the last lane,
--         which nobody yields to)
-- ARGV[8] broadcast rate per second (0 = none applies)  ARGV[9] broadcast burst
--
-- Returns 0 when granted, else the wait in µs before trying again.
-- Time comes from Redis TIME so every replica agrees on it.

local grate = tonumber(ARGV[1])
local gburst = tonumber(ARGV[2])
local crate = tonumber(ARGV[3])
local cburst = tonumber(ARGV[4])
local lane = tonumber(ARGV[5])
local hold = tonumber(ARGV[6])
local marks = ARGV[7] == '1'
local brate = tonumber(ARGV[8])
local bburst = tonumber(ARGV[9])

-- Say "lane is waiting" for at least wait + hold, never shortening a marker
-- another waiter of the same lane set.
local function mark(wait_us)
  if not marks then
    return
  end
  local own = KEYS[5 + lane]
  local ms = math.ceil(wait_us / 1000) + hold
  if redis.call('PTTL', own) < ms then
    redis.call('SET', own, '1', 'PX', ms)
  end
end

-- An open pause stops every lane and every chat.
local paused = redis.call('PTTL', KEYS[1])
if paused > 0 then
  mark(paused * 1000)
  return paused * 1000
end

-- A lower lane waiting for tokens goes first: wait until its marker lapses.
local yield = 0
for l = 0, lane - 1 do
  local left = redis.call('PTTL', KEYS[5 + l])
  if left > yield then
    yield = left
  end
end
if yield > 0 then
  mark(yield * 1000)
  return yield * 1000
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])

-- Tokens in a bucket now: an absent bucket is full.
local function level(key, rate, burst)
  local v = redis.call('HMGET', key, 't', 'ts')
  local tokens = tonumber(v[1])
  local ts = tonumber(v[2])
  if tokens == nil or ts == nil then
    return burst
  end
  local elapsed = now - ts
  if elapsed < 0 then
    elapsed = 0
  end
  tokens = tokens + elapsed * rate / 1000000
  if tokens > burst then
    tokens = burst
  end
  return tokens
end

-- Store a bucket; it expires once it would be full again, since absent = full.
local function save(key, tokens, rate, burst)
  redis.call('HSET', key, 't', tokens, 'ts', now)
  redis.call('PEXPIRE', key, math.ceil((burst - tokens) * 1000 / rate) + 1000)
end

local gtokens, ctokens, btokens = 0, 0, 0
local gwait, cwait, bwait = 0, 0, 0
if grate > 0 then
  gtokens = level(KEYS[2], grate, gburst)
  if gtokens < 1 then
    gwait = (1 - gtokens) * 1000000 / grate
  end
end
if crate > 0 then
  ctokens = level(KEYS[3], crate, cburst)
  if ctokens < 1 then
    cwait = (1 - ctokens) * 1000000 / crate
  end
end

if brate > 0 then
  btokens = level(KEYS[4], brate, bburst)
  if btokens < 1 then
    bwait = (1 - btokens) * 1000000 / brate
  end
end

if gwait == 0 and cwait == 0 and bwait == 0 then
  if grate > 0 then
    save(KEYS[2], gtokens - 1, grate, gburst)
  end
  if crate > 0 then
    save(KEYS[3], ctokens - 1, crate, cburst)
  end
  if brate > 0 then
    save(KEYS[4], btokens - 1, brate, bburst)
  end
  return 0
end

local wait = math.max(gwait, cwait, bwait)
-- Only competition for a shared bucket concerns other lanes: a reply held
-- back by its own chat's rate must not stall campaigns to other chats.
if gwait > 0 or bwait > 0 then
  mark(wait)
end
return math.max(1, math.ceil(wait))
