-- wrk: `recommendedCourses(first: 10)` with explanations, as one of the
-- signed-in learners (env: BENCH_TOKENS; none: anonymous). The items file
-- is unused (env BENCH_ITEMS_FILE must still name a readable file).
local common = dofile("bench/common.lua")
local query = "{ recommendedCourses(first: 10) { impressionId course { id title } explanation { kind text } } }"
request = function()
  return common.post(query, "{}")
end
