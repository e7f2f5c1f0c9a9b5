-- wrk: each request enrols one of the signed-in learners in one of the
-- listed courses with a fresh idempotency key, so nearly every request is a
-- real purchase (env: BENCH_TOKENS comma-separated; BENCH_COURSES_FILE, a
-- file of course IDs, one a line).
local function split(text)
  local items = {}
  for item in string.gmatch(text or "", "[^,]+") do
    items[#items + 1] = item
  end
  return items
end
local tokens = split(os.getenv("BENCH_TOKENS"))
local courses = {}
for line in io.lines(os.getenv("BENCH_COURSES_FILE")) do
  courses[#courses + 1] = line
end
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
