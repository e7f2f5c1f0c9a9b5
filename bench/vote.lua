-- wrk: a vote storm: signed-in learners vote UP, DOWN or NONE on a few hot
-- answers at random, so votes contend for the same rows (env:
-- BENCH_TOKENS, BENCH_ITEMS_FILE: answer IDs, one a line).
local common = dofile("bench/common.lua")
local query = "mutation Vote($t: ID!, $v: VoteValue!) { vote(targetId: $t, value: $v) { score upvotes downvotes } }"
local values = { "UP", "UP", "DOWN", "NONE" }
request = function()
  return common.post(query, string.format('{"t":"%s","v":"%s"}',
    common.items[math.random(#common.items)], values[math.random(#values)]))
end
