#!/usr/bin/env bash
# Course-domain benchmark (see BENCHMARKS.md): on `lyceum seed --scale 1`
# data in PostgreSQL, the anonymous catalogue page, a signed-in course page
# and `enroll` under concurrency, then the catalogue side by side with
# PostGraphile 4 over the same tables (../shared/bench).
# Usage: bench/catalogue.sh   (env: DB=postgres://postgres@127.0.0.1:5432/lyceum_bench
#        SECONDS_PER_RUN=20 CONNECTIONS=8 PORT=18082 PEER=/path/to/copied/shared/bench)
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${DB:-postgres://postgres@127.0.0.1:5432/lyceum_bench}"
SECS="${SECONDS_PER_RUN:-20}"
CONNECTIONS="${CONNECTIONS:-8}"
PORT="${PORT:-18082}"
PEER="${PEER:-}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

cargo build --release -q -p lyceum
BIN="${CARGO_TARGET_DIR:-target}/release/lyceum"
db_name="${DB##*/}"
admin_url="${DB%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  psql "$admin_url" -qc "CREATE DATABASE \"$db_name\""
fi
if [ "$(psql "$DB" -tAc "SELECT to_regclass('courses') IS NOT NULL AND EXISTS (SELECT 1 FROM courses)" 2>/dev/null)" != "t" ]; then
  echo "seeding scale 1 into $DB (once; later runs reuse it)"
  DATABASE_URL="$DB" "$BIN" seed --scale 1
fi

# Loopback: no TLS, as the peer connects (sqlx would otherwise negotiate TLS).
server_db="$DB"
[[ $DB == *\?* ]] || server_db="$DB?sslmode=disable"
work="$(mktemp -d)"
server=""
start_server() { # [PUBLIC_CACHE_TTL_MS]
  [ -z "$server" ] || { kill "$server"; wait "$server" 2>/dev/null || true; }
  DATABASE_URL="$server_db" BIND_ADDR="127.0.0.1:$PORT" LYCEUM_ENV=production SEED_DEMO_DATA=false \
    JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn PUBLIC_CACHE_TTL_MS="${1:-1000}" \
    LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 "$BIN" serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
}
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
start_server
URL="http://127.0.0.1:$PORT/graphql"
gql() { curl -fs "$URL" -H 'content-type: application/json' ${TOKEN:+-H "authorization: Bearer $TOKEN"} -d "$1"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }

# A learner, and the most popular course they are not enrolled in.
learner="$(psql "$DB" -tAc "SELECT username FROM users WHERE role = 'LEARNER' ORDER BY id LIMIT 1")"
TOKEN="$(gql "{\"query\":\"mutation { login(input: {login: \\\"$learner\\\", password: \\\"lyceum-demo-2026\\\"}) { accessToken } }\"}" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])')"
course_ids="$(gql '{"query":"{ courses(first: 50, orderBy: POPULAR) { nodes { id } } }"}' \
  | python3 -c 'import json,sys; print(",".join(n["id"] for n in json.load(sys.stdin)["data"]["courses"]["nodes"]))')"
popular="${course_ids%%,*}"
cat >"$work/course.json" <<JSON
{"query":"query CoursePage(\$id: ID!) { course(id: \$id) { title summary descriptionHtml priceCents currency level creator { displayName } tags lessonCount enrollmentCount ratingSummary { average count histogram } lessons { title freePreview durationMinutes viewerCompleted } viewerEnrollment { id } viewerProgress } }","variables":{"id":"$popular"}}
JSON

load() { # name, query file, [token]
  local out
  out="$(bash "${PEER:-/work/shared/bench}/gql-load.sh" "$URL" "$2" "$SECS" "$CONNECTIONS" ${3:-} 2>&1 | grep '^result:')"
  printf '%-28s %s   RSS %s MiB\n' "$1" "${out#result: }" "$(rss_mib)"
}
echo "machine: $(nproc) cores; release build; PostgreSQL $(psql "$DB" -tAc 'SHOW server_version'); $CONNECTIONS connections, ${SECS}s per run"
psql "$DB" -tAc "SELECT 'data: ' || (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM courses) || ' courses, ' || (SELECT count(*) FROM lessons) || ' lessons, ' || (SELECT count(*) FROM enrollments) || ' enrolments, ' || (SELECT count(*) FROM reviews) || ' reviews'"
echo "RSS idle: $(rss_mib) MiB"
load "catalogue page (anonymous)" bench/queries/catalogue.graphql
load "course page (one learner)" "$work/course.json" "$TOKEN"

# 50 learners, for the course pages of many learners and for enroll.
tokens=""
for name in $(psql "$DB" -tAc "SELECT username FROM users WHERE role = 'LEARNER' ORDER BY id DESC LIMIT 50"); do
  t="$(gql "{\"query\":\"mutation { login(input: {login: \\\"$name\\\", password: \\\"lyceum-demo-2026\\\"}) { accessToken } }\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])')"
  tokens="${tokens:+$tokens,}$t"
done
course_ids() { # SQL selecting course ids → global IDs, one a line
  psql "$DB" -tAc "$1" \
    | python3 -c 'import base64,sys; print("\n".join(base64.urlsafe_b64encode(f"Course:{l.strip()}".encode()).decode().rstrip("=") for l in sys.stdin if l.strip()))'
}
wrk_line() { # name, wrk output file
  awk -v name="$1" '/Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%-28s rps=%s p50=%s p99=%s non-2xx=%s", name, rps, p50, p99, (bad == "" ? 0 : bad) }' "$2"
  echo "   RSS $(rss_mib) MiB"
}

# Course pages: 50 learners × the 500 most popular courses, at random.
course_ids "SELECT id FROM courses WHERE status = 'PUBLISHED' ORDER BY enrollment_count DESC LIMIT 500" >"$work/popular.txt"
BENCH_TOKENS="$tokens" BENCH_COURSES_FILE="$work/popular.txt" \
  wrk -t1 -c"$CONNECTIONS" -d"${SECS}s" --latency -s bench/course_page.lua "$URL" >"$work/pages.txt"
wrk_line "course page (50 × 500)" "$work/pages.txt"

# enroll: the 50 learners, any of the published courses, a fresh key each time.
course_ids "SELECT id FROM courses WHERE status = 'PUBLISHED'" >"$work/courses.txt"
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
