-- wrk: each request enrols one of the signed-in learners in one of the
-- listed courses with a fresh idempotency key, so nearly every request is a
-- real purchase (env: BENCH_TOKENS comma-separated; BENCH_COURSES_FILE, a
-- file of course IDs, one a line).
local common = dofile("bench/common.lua")
local tokens, courses = common.tokens, common.courses
local counter = 0
wrk.method = "POST"
wrk.headers["content-type"] = "application/json"
request = function()
  counter = counter + 1
  local body = string.format(
    '{"query":"mutation E($c: ID!, $k: String!) { enroll(courseId: $c, idempotencyKey: $k) { id } }","variables":{"c":"%s","k":"bench-%d-%d"}}',
    courses[math.random(#courses)], math.random(1, 1000000000), counter)
  return wrk.format(nil, nil, { ["authorization"] = "Bearer " .. tokens[math.random(#tokens)],
                                ["content-type"] = "application/json" }, body)
end
