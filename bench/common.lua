-- Shared by the wrk scripts: the signed-in learners' tokens (BENCH_TOKENS,
-- comma-separated) and course IDs (BENCH_COURSES_FILE, one a line).
local common = { tokens = {}, courses = {} }
for item in string.gmatch(os.getenv("BENCH_TOKENS") or "", "[^,]+") do
  common.tokens[#common.tokens + 1] = item
end
for line in io.lines(os.getenv("BENCH_COURSES_FILE")) do
  common.courses[#common.courses + 1] = line
end
return common
