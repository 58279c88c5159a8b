-- SharedState.count in one step on the server: two instances counting at once never both see the old value, a
-- counter never lives without its expiry (an INCRBY then a separate PEXPIRE could be cut in between), and a
-- decrement stops at 0. The window is the counter's absolute expiry (PEXPIRETIME, Redis 7), set once when it is
-- created; INCRBY keeps it. KEYS[1]: the counter; ARGV[1]: delta; ARGV[2]: time to live in ms.
-- Answers {value, milliseconds left, window}.
local delta = tonumber(ARGV[1])
if delta <= 0 then
  local current = tonumber(redis.call('GET', KEYS[1]))
  if not current then return {0, 0, 0} end
  if delta < 0 and current > 0 then
    current = redis.call('INCRBY', KEYS[1], math.max(delta, -current))
  end
  return {current, math.max(0, redis.call('PTTL', KEYS[1])), redis.call('PEXPIRETIME', KEYS[1])}
end
local value = redis.call('INCRBY', KEYS[1], delta)
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  left = tonumber(ARGV[2])
  redis.call('PEXPIRE', KEYS[1], left)
end
return {value, left, redis.call('PEXPIRETIME', KEYS[1])}
