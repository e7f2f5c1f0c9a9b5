#!/usr/bin/env bash
# Course-domain benchmark (see BENCHMARKS.md): on `lyceum seed --scale 1`
# data in PostgreSQL, the anonymous catalogue page, a signed-in course page
# and `enroll` under concurrency, then the catalogue side by side with
# PostGraphile 4 over the same tables (../shared/bench).
# Usage: bench/catalogue.sh   (env: DB=postgres://postgres@127.0.0.1:5432/lyceum_bench
#        SECONDS_PER_RUN=20 CONNECTIONS=8 PORT=18082 PEER=/path/to/copied/shared/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

. bench/pg.sh

# A learner, and the most popular course they are not enrolled in.
learner="$(psql "$DB" -tAc "SELECT username FROM users WHERE role = 'LEARNER' ORDER BY id LIMIT 1")"
TOKEN="$(sign_in "$learner")"
course_ids="$(gql '{"query":"{ courses(first: 50, orderBy: POPULAR) { nodes { id } } }"}' \
  | python3 -c 'import json,sys; print(",".join(n["id"] for n in json.load(sys.stdin)["data"]["courses"]["nodes"]))')"
popular="${course_ids%%,*}"
cat >"$work/course.json" <<JSON
{"query":"query CoursePage(\$id: ID!) { course(id: \$id) { title summary descriptionHtml priceCents currency level creator { displayName } tags lessonCount enrollmentCount ratingSummary { average count histogram } lessons { title freePreview durationMinutes viewerCompleted } viewerEnrollment { id } viewerProgress } }","variables":{"id":"$popular"}}
JSON

echo "machine: $(nproc) cores; release build; PostgreSQL $(psql "$DB" -tAc 'SHOW server_version'); $CONNECTIONS connections, ${SECS}s per run"
psql "$DB" -tAc "SELECT 'data: ' || (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM courses) || ' courses, ' || (SELECT count(*) FROM lessons) || ' lessons, ' || (SELECT count(*) FROM enrollments) || ' enrolments, ' || (SELECT count(*) FROM reviews) || ' reviews'"
echo "RSS idle: $(rss_mib) MiB"
load "catalogue page (anonymous)" bench/queries/catalogue.graphql
# The target: 5,000 req/s with p99 ≤ 10 ms, measured at that rate.
at_rate "catalogue at 5,000 req/s" bench/queries/catalogue.graphql 5000 "${RATE_RUNS:-5}"
load "course page (one learner)" "$work/course.json" "$TOKEN"

# 50 learners, for the course pages of many learners and for enroll.
tokens="$(learner_tokens 50)"

# Course pages: 50 learners × the 500 most popular courses, at random.
global_ids Course "SELECT id FROM courses WHERE status = 'PUBLISHED' ORDER BY enrollment_count DESC LIMIT 500" >"$work/popular.txt"
BENCH_TOKENS="$tokens" BENCH_COURSES_FILE="$work/popular.txt" \
  wrk -t1 -c"$CONNECTIONS" -d"${SECS}s" --latency -s bench/course_page.lua "$URL" >"$work/pages.txt"
wrk_line "course page (50 × 500)" "$work/pages.txt"

# enroll: the 50 learners, any of the published courses, a fresh key each time.
global_ids Course "SELECT id FROM courses WHERE status = 'PUBLISHED'" >"$work/courses.txt"
BENCH_TOKENS="$tokens" BENCH_COURSES_FILE="$work/courses.txt" \
  wrk -t1 -c"$CONNECTIONS" -d"${SECS}s" --latency -s bench/enroll.lua "$URL" >"$work/enroll.txt"
wrk_line "enroll (50 learners)" "$work/enroll.txt"
echo "RSS after: $(rss_mib) MiB"

if [ -n "$PEER" ]; then
  # The peer caches nothing: compare with the public micro-cache off.
  start_server 0
  load "catalogue page, cache off" bench/queries/catalogue.graphql
  echo "side by side with PostGraphile 4 (catalogue page, public cache off):"
  bash "$PEER/peer-lyceum.sh" "$DB" "$URL" bench/queries/catalogue.graphql bench/queries/catalogue-peer.graphql 8 "$CONNECTIONS" 5
fi
