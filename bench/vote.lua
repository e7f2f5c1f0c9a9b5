-- wrk: a vote storm: signed-in learners vote UP, DOWN or NONE on a few hot
-- answers at random, so votes contend for the same rows (env:
-- BENCH_TOKENS, BENCH_ITEMS_FILE: answer IDs, one a line). A refused vote
-- is still HTTP 200 (a GraphQL error), so the script counts those itself
-- and prints "graphql errors: N".
local common = dofile("bench/common.lua")
local query = "mutation Vote($t: ID!, $v: VoteValue!) { vote(targetId: $t, value: $v) { score upvotes downvotes } }"
local values = { "UP", "UP", "DOWN", "NONE" }
request = function()
  return common.post(query, string.format('{"t":"%s","v":"%s"}',
    common.items[math.random(#common.items)], values[math.random(#values)]))
end

graphql_errors = 0
response = function(status, headers, body)
  if string.find(body, '"errors"', 1, true) then
    graphql_errors = graphql_errors + 1
  end
end

local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end
done = function()
  local errors = 0
  for _, thread in ipairs(threads) do
    errors = errors + thread:get("graphql_errors")
  end
  io.write(string.format("graphql errors: %d\n", errors))
end
