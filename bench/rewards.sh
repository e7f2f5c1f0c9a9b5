#!/usr/bin/env bash
# Reward history benchmark (see BENCHMARKS.md, "Rewards history"): one user
# with 100,000 ledger rows spread over a year (and 2,000 other users with
# 100 rows each around them), in PostgreSQL; then wrk against the release
# server, signed in as that user: a `myRewards` page, a page deep in the
# history, a filtered page, and `rewardSummary(groupBy: DAY)` over a year.
# The database `lyceum_bench_rewards` is dropped and made again each run.
# Usage: bench/rewards.sh   (env: DB=postgres://postgres@127.0.0.1:5432/lyceum_bench_rewards
#        BIN=path/to/release/lyceum (else cargo build --release) SECONDS_PER_RUN=20
#        CONNECTIONS=1 PORT=18083 DATA_ONLY=1: stop after loading and EXPLAIN)
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${DB:-postgres://postgres@127.0.0.1:5432/lyceum_bench_rewards}"
SECS="${SECONDS_PER_RUN:-20}"
CONNECTIONS="${CONNECTIONS:-1}"
PORT="${PORT:-18083}"
ROWS=100000
command -v wrk >/dev/null || [ -n "${DATA_ONLY:-}" ] || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p lyceum
  BIN="${CARGO_TARGET_DIR:-target}/release/lyceum"
fi

db_name="${DB##*/}"
admin_url="${DB%/*}/postgres"
psql "$admin_url" -qc "DROP DATABASE IF EXISTS \"$db_name\"" -c "CREATE DATABASE \"$db_name\""
server_db="$DB"
[[ $DB == *\?* ]] || server_db="$DB?sslmode=disable"

work="$(mktemp -d)"
DATABASE_URL="$server_db" BIND_ADDR="127.0.0.1:$PORT" LYCEUM_ENV=production SEED_DEMO_DATA=false \
  JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn "$BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT/graphql"
gql() { curl -fs "$URL" -H 'content-type: application/json' ${TOKEN:+-H "authorization: Bearer $TOKEN"} -d "$1"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }

# The user, through the API (so sign-in works as usual).
gql '{"query":"mutation { register(input: {email: \"bencher@bench.test\", username: \"bencher\", password: \"bench-password-2026\", displayName: \"Bencher\"}) { id } }"}' >/dev/null
TOKEN="$(gql '{"query":"mutation { login(input: {login: \"bencher\", password: \"bench-password-2026\"}) { accessToken } }"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])')"
uid="$(psql "$DB" -tAc "SELECT id FROM users WHERE username = 'bencher'")"

echo "loading: $ROWS ledger rows for user $uid over a year, 2,000 × 100 for others"
started=$(date +%s%N)
psql "$DB" -v ON_ERROR_STOP=1 -q <<SQL
INSERT INTO users (email, username, display_name, password_hash, role, status, points, level, created_at, updated_at)
SELECT 'other' || g || '@bench.test', 'other' || g, 'Other ' || g, NULL, 'LEARNER', 'ACTIVE', 0, 0,
       now() - interval '400 days', now() - interval '400 days'
FROM generate_series(1, 2000) g;

-- Oldest first, so ids follow time as in a real ledger. A row every
-- 315.36 s is 100,000 rows in 365 days; the rules cycle, actors are the others.
INSERT INTO reward_events (user_id, rule, entry, cycle, points, rule_points, source_kind, source_id,
                           actor_id, thread_id, course_id, reverses_id, created_at)
SELECT $uid, r.rule, r.entry, 0, r.points, abs(r.points), r.kind, g,
       (SELECT min(id) FROM users WHERE username LIKE 'other%') + g % 2000,
       CASE WHEN r.kind IN ('THREAD', 'ANSWER') THEN g / 10 END,
       CASE WHEN r.kind IN ('ENROLLMENT', 'REVIEW') THEN g % 50 + 1 END,
       NULL, now() - g * interval '315.36 seconds'
FROM generate_series($ROWS, 1, -1) g
JOIN (VALUES (0, 'ANSWER_UPVOTED', 'AWARD', 10, 'ANSWER'), (1, 'THREAD_UPVOTED', 'AWARD', 5, 'THREAD'),
             (2, 'ANSWER_UPVOTED', 'AWARD', 10, 'ANSWER'), (3, 'ANSWER_DOWNVOTED', 'AWARD', -2, 'ANSWER'),
             (4, 'ANSWER_ACCEPTED', 'AWARD', 15, 'ANSWER'), (5, 'ANSWER_UPVOTED', 'REVERSAL', -10, 'ANSWER'),
             (6, 'COURSE_ENROLLED', 'AWARD', 5, 'ENROLLMENT'), (7, 'COURSE_REVIEWED_WELL', 'AWARD', 5, 'REVIEW'))
  AS r(n, rule, entry, points, kind) ON r.n = g % 8;

INSERT INTO reward_events (user_id, rule, entry, cycle, points, rule_points, source_kind, source_id,
                           actor_id, thread_id, course_id, reverses_id, created_at)
SELECT u.id, 'ANSWER_UPVOTED', 'AWARD', 0, 10, 10, 'ANSWER', g, $uid, g, NULL, NULL,
       now() - g * interval '3.65 days'
FROM generate_series(100, 1, -1) g CROSS JOIN users u
WHERE u.username LIKE 'other%';

-- The daily sums and balances the ledger would have kept.
DELETE FROM reward_daily;
INSERT INTO reward_daily (user_id, day, rule, points, entries)
SELECT user_id, CAST(created_at AT TIME ZONE 'UTC' AS DATE), rule, SUM(points), COUNT(*)
FROM reward_events GROUP BY 1, 2, 3;
UPDATE users SET points = GREATEST(1, (SELECT COALESCE(SUM(points), 0) FROM reward_events e WHERE e.user_id = users.id));
VACUUM ANALYZE;
SQL
printf 'loaded in %s ms: ' "$(( ($(date +%s%N) - started) / 1000000 ))"
psql "$DB" -tAc "SELECT (SELECT count(*) FROM reward_events) || ' ledger rows (' || (SELECT count(*) FROM reward_events WHERE user_id = $uid) || ' of the user), ' || (SELECT count(*) FROM reward_daily) || ' daily rows (' || (SELECT count(*) FROM reward_daily WHERE user_id = $uid) || ' of the user)'"

# A cursor in the middle of the history: the keyset order's name and the id.
deep_id="$(psql "$DB" -tAc "SELECT id FROM reward_events WHERE user_id = $uid ORDER BY id DESC OFFSET $((ROWS / 2)) LIMIT 1")"
deep="$(python3 -c 'import base64,json,sys; print(base64.urlsafe_b64encode(json.dumps({"o":"rewards.newest","k":[{"Int":int(sys.argv[1])}]}, separators=(",",":")).encode()).decode().rstrip("="))' "$deep_id")"
year_ago="$(date -u -d '365 days ago' +%Y-%m-%dT%H:%M:%SZ)"
half_year_ago="$(date -u -d '182 days ago' +%Y-%m-%dT%H:%M:%SZ)"
now="$(date -u +%Y-%m-%dT%H:%M:%SZ)"

# What the server runs for them, timed inside PostgreSQL.
explain() { # name, SQL
  printf '%-34s %s\n' "$1" "$(psql "$DB" -tAc "EXPLAIN (ANALYZE, BUFFERS) $2" | grep -E 'Execution Time' | sed 's/^ *//')"
}
explain "SQL: page" "SELECT * FROM reward_events WHERE user_id = $uid ORDER BY id DESC LIMIT 21"
explain "SQL: deep page" "SELECT * FROM reward_events WHERE user_id = $uid AND id < $deep_id ORDER BY id DESC LIMIT 21"
explain "SQL: filtered page" "SELECT * FROM reward_events WHERE user_id = $uid AND rule IN ('ANSWER_ACCEPTED') AND created_at >= '$half_year_ago' ORDER BY id DESC LIMIT 21"
explain "SQL: totalCount" "SELECT count(*) FROM reward_events WHERE user_id = $uid"
explain "SQL: summary rows (a year)" "SELECT * FROM reward_daily WHERE user_id = $uid AND day >= DATE '${year_ago%T*}' AND day <= DATE '${now%T*}'"
[ -z "${DATA_ONLY:-}" ] || exit 0

fields='edges { cursor node { id rule entry points rulePoints createdAt reverses actor { displayName } source { __typename ... on Answer { id } ... on Thread { id } ... on Course { id } ... on User { id } } } } pageInfo { hasNextPage endCursor }'
body() { # file, query, variables
  python3 -c 'import json,sys; print(json.dumps({"query": sys.argv[1], "variables": json.loads(sys.argv[2])}))' "$2" "$3" >"$work/$1"
  local answer
  answer="$(curl -fs "$URL" -H 'content-type: application/json' -H "authorization: Bearer $TOKEN" -d @"$work/$1")"
  if echo "$answer" | grep -q '"errors"'; then echo "$1 fails: ${answer:0:300}" >&2; exit 1; fi
}
body page.json "query Page(\$after: String) { myRewards(first: 20, after: \$after) { $fields } }" '{}'
body deep.json "query Page(\$after: String) { myRewards(first: 20, after: \$after) { $fields } }" "{\"after\": \"$deep\"}"
body filtered.json "query Page(\$filter: RewardFilter) { myRewards(first: 20, filter: \$filter) { $fields } }" \
  "{\"filter\": {\"rules\": [\"ANSWER_ACCEPTED\"], \"from\": \"$half_year_ago\"}}"
body summary.json "query Summary(\$from: DateTime!, \$to: DateTime!) { rewardSummary(groupBy: DAY, from: \$from, to: \$to) { rule total points { periodStart points entries } } }" \
  "{\"from\": \"$year_ago\", \"to\": \"$now\"}"

echo "machine: $(nproc) cores; PostgreSQL $(psql "$DB" -tAc 'SHOW server_version'); wrk 1 thread, $CONNECTIONS connection(s), ${SECS}s per run"
echo "RSS idle: $(rss_mib) MiB"
for run in page deep filtered summary; do
  BENCH_BODY_FILE="$work/$run.json" BENCH_TOKEN="$TOKEN" \
    wrk -t1 -c"$CONNECTIONS" -d"${SECS}s" --latency -s bench/rewards.lua "$URL" >"$work/$run.txt"
  awk -v name="$run" '/Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
    END { printf "%-10s rps=%s p50=%s p99=%s non-2xx=%s", name, rps, p50, p99, (bad == "" ? 0 : bad) }' "$work/$run.txt"
  echo "   RSS $(rss_mib) MiB"
done
echo "targets: page p99 < 20 ms (page, deep, filtered); summary p99 < 50 ms"
