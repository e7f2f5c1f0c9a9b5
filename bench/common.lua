-- Shared by the wrk scripts: the signed-in learners' tokens (BENCH_TOKENS,
-- comma-separated) and the IDs or words the requests pick from
-- (BENCH_COURSES_FILE or BENCH_ITEMS_FILE, one a line).
local common = { tokens = {}, courses = {} }
for item in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do
  common.tokens[#common.tokens + 1] = item
end
for line in io.lines(os.getenv("BENCH_COURSES_FILE") or os.getenv("BENCH_ITEMS_FILE")) do
  common.courses[#common.courses + 1] = line
end
common.items = common.courses
-- A POST of `query` with `variables` (JSON text) as a random learner, or
-- anonymously when no tokens were given.
function common.post(query, variables)
  local headers = { ["content-type"] = "application/json" }
  if #common.tokens > 0 then
    headers["authorization"] = "Bearer " .. common.tokens[math.random(#common.tokens)]
  end
  return wrk.format("POST", nil, headers, string.format('{"query":"%s","variables":%s}', query, variables))
end
return common
