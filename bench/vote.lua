-- wrk: a vote storm: signed-in learners vote UP, DOWN or NONE on a few hot
-- answers at random, so votes contend for the same rows (env:
-- BENCH_TOKENS, BENCH_ITEMS_FILE: answer IDs, one a line). A vote that
-- fails is still HTTP 200 (a GraphQL error), so the script counts errors
-- itself: "refused" (a learner below the level that may downvote:
-- FORBIDDEN, as it should be) and "failed" (anything else, e.g. INTERNAL).
local common = dofile("bench/common.lua")
local query = "mutation Vote($t: ID!, $v: VoteValue!) { vote(targetId: $t, value: $v) { score upvotes downvotes } }"
local values = { "UP", "UP", "DOWN", "NONE" }
request = function()
  return common.post(query, string.format('{"t":"%s","v":"%s"}',
    common.items[math.random(#common.items)], values[math.random(#values)]))
end

refused, failed = 0, 0
response = function(status, headers, body)
  if string.find(body, '"errors"', 1, true) then
    if string.find(body, '"code":"FORBIDDEN"', 1, true) then
      refused = refused + 1
    else
      failed = failed + 1
    end
  end
end

local threads = {}
setup = function(thread)
  threads[#threads + 1] = thread
end
done = function()
  local r, f = 0, 0
  for _, thread in ipairs(threads) do
    r = r + thread:get("refused")
    f = f + thread:get("failed")
  end
  io.write(string.format("vote errors: refused=%d failed=%d\n", r, f))
end
