-- wrk: each request reads the course page of one of the listed courses as
-- one of the signed-in learners, picked at random, so caches see what a
-- crowd of learners browsing the popular courses would give them (env:
-- BENCH_TOKENS comma-separated; BENCH_COURSES_FILE, course IDs one a line).
local common = dofile("bench/common.lua")
local tokens, courses = common.tokens, common.courses
local query = "query CoursePage($id: ID!) { course(id: $id) { title summary descriptionHtml priceCents currency level creator { displayName } tags lessonCount enrollmentCount ratingSummary { average count histogram } lessons { title freePreview durationMinutes viewerCompleted } viewerEnrollment { id } viewerProgress } }"
wrk.method = "POST"
request = function()
  local body = string.format('{"query":"%s","variables":{"id":"%s"}}', query, courses[math.random(#courses)])
  return wrk.format(nil, nil, { ["authorization"] = "Bearer " .. tokens[math.random(#tokens)],
                                ["content-type"] = "application/json" }, body)
end
