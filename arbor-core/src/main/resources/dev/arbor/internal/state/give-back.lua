-- SharedState.giveBack: one off, only above 0 and only in the window it was taken in.
-- KEYS[1]: the counter; ARGV[1]: the window (the counter's PEXPIRETIME when the slot was taken).
local current = tonumber(redis.call('GET', KEYS[1]))
if current and current > 0 and redis.call('PEXPIRETIME', KEYS[1]) == tonumber(ARGV[1]) then
  redis.call('DECR', KEYS[1])
end
return 0
