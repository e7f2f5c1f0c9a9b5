#!/usr/bin/env bash
# Analytics benchmark (see BENCHMARKS.md, "Analytics at 10 million events"):
# every staff report over the last 90 days, through the release server on a
# PostgreSQL database seeded with `lyceum seed --scale 1 --events 10000000`.
# Each report runs RUNS times in turn (round robin, so a slow moment hurts
# every report alike); prints min / median / max wall time per report, as
# curl sees it, and each report's CSV download once.
# Usage: bench/analytics.sh   (env: DB=postgres://postgres@127.0.0.1:5432/lyceum_bench
#        BIN=path/to/release/lyceum (else cargo build --release) RUNS=7 PORT=18084
#        GRANULARITY=DAY)
set -euo pipefail
cd "$(dirname "$0")/.."

DB="${DB:-postgres://postgres@127.0.0.1:5432/lyceum_bench}"
RUNS="${RUNS:-7}"
PORT="${PORT:-18084}"
GRANULARITY="${GRANULARITY:-DAY}"
if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p lyceum
  BIN="${CARGO_TARGET_DIR:-target}/release/lyceum"
fi
server_db="$DB"
[[ $DB == *\?* ]] || server_db="$DB?sslmode=disable"

events="$(psql "$DB" -tAc "SELECT count(*) FROM events")"
[ "$events" -gt 0 ] || { echo "no events in $DB: run lyceum seed --scale 1 --events 10000000 first" >&2; exit 1; }

work="$(mktemp -d)"
DATABASE_URL="$server_db" BIND_ADDR="127.0.0.1:$PORT" LYCEUM_ENV=production SEED_DEMO_DATA=false \
  RECOMMENDER_RETRAIN_HOURS=0 LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 \
  JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn "$BIN" serve >"$work/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
for _ in $(seq 1 300); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
URL="http://127.0.0.1:$PORT"
gql() { curl -fs "$URL/graphql" -H 'content-type: application/json' ${TOKEN:+-H "authorization: Bearer $TOKEN"} -d "$1"; }

# A staff member, made through the API, then promoted.
if [ -z "$(psql "$DB" -tAc "SELECT 1 FROM users WHERE username = 'analyst'")" ]; then
  gql '{"query":"mutation { register(input: {email: \"analyst@bench.test\", username: \"analyst\", password: \"bench-password-2026\", displayName: \"Analyst\"}) { id } }"}' >/dev/null
fi
psql "$DB" -qc "UPDATE users SET role = 'ADMIN' WHERE username = 'analyst'"
TOKEN="$(gql '{"query":"mutation { login(input: {login: \"analyst\", password: \"bench-password-2026\"}) { accessToken } }"}' \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])')"

# The 90 days that end on the newest event's day.
to="$(psql "$DB" -tAc "SELECT to_char(max(occurred_at), 'YYYY-MM-DD') FROM events")"
from="$(date -d "$to -89 days" +%F)"
echo "$events events; reports for $from .. $to (90 days, granularity $GRANULARITY), $RUNS runs each"
echo "$(psql "$DB" -tAc "SELECT count(*) FROM users") users, $(psql "$DB" -tAc "SELECT count(*) FROM reward_events") ledger rows, $(psql "$DB" -tAc "SELECT count(*) FROM analytics_daily_users") member-days"

range="from: \\\"$from\\\", to: \\\"$to\\\""
cut="$range, granularity: $GRANULARITY"
declare -A query=(
  [activityMetrics]="activityMetrics($cut) { points { date dau wau mau stickiness newMembers newContributors } }"
  [retentionCohorts]="retentionCohorts($range) { date members periods { index date active share } }"
  [funnel]="funnel($cut) { steps { step members conversion overall } points { date steps { members } } }"
  [communityHealth]="communityHealth($cut) { points { date threads answered shareAnswered medianSecondsToFirstAnswer featuredShare } unanswered(first: 20) { totalCount nodes { id title } } }"
  [contentQuality]="contentQuality($range) { priorMean answers(first: 20) { totalCount nodes { wilsonLowerBound upvotes answer { id } } } courses(first: 20) { totalCount nodes { bayesianAverage ratings course { id title } } } }"
  [creatorMetrics]="creatorMetrics($range, first: 20) { totalCount nodes { creator { username } enrolments grossCents refunds netCents points newFollowers } }"
  [rewardMetrics]="rewardMetrics($cut) { points { date rule issued reversed net entries } topEarners(first: 10) { points user { username } } }"
  [recommendationMetrics]="recommendationMetrics($cut) { totals { modelId variant impressions clicks ctr } points { date modelId impressions clicks ctr } }"
)
reports=(activityMetrics retentionCohorts funnel communityHealth contentQuality creatorMetrics rewardMetrics recommendationMetrics)

declare -A times
for name in "${reports[@]}"; do
  # One warm-up, checked for errors.
  answer="$(gql "{\"query\":\"{ ${query[$name]} }\"}")"
  if grep -q '"errors"' <<<"$answer"; then echo "$name failed: $answer" >&2; exit 1; fi
done
for _ in $(seq 1 "$RUNS"); do
  for name in "${reports[@]}"; do
    t="$(curl -fs -o /dev/null -w '%{time_total}' "$URL/graphql" -H 'content-type: application/json' \
      -H "authorization: Bearer $TOKEN" -d "{\"query\":\"{ ${query[$name]} }\"}")"
    times[$name]="${times[$name]:-} $t"
  done
done

printf '\n%-24s %9s %9s %9s %9s\n' report "min ms" "median ms" "max ms" "csv ms"
for name in "${reports[@]}"; do
  csv="$(curl -fs -o /dev/null -w '%{time_total}' -H "authorization: Bearer $TOKEN" \
    "$URL/analytics/$name.csv?from=$from&to=$to")"
  python3 - "$name" "$csv" ${times[$name]} <<'PY'
import statistics, sys
name, csv, *runs = sys.argv[1:]
ms = sorted(float(t) * 1000 for t in runs)
print(f"{name:<24} {ms[0]:9.0f} {statistics.median(ms):9.0f} {ms[-1]:9.0f} {float(csv) * 1000:9.0f}")
PY
done
# Retention over the longest range: the cohorts of the last two years (the
# scale seed's sign-ups end before its year of events, so the last 90 days
# hold few cohorts) with a year of activity.
long_from="$(date -d "$to -729 days" +%F)"
long="retentionCohorts(from: \\\"$long_from\\\", to: \\\"$to\\\") { date members periods { index active share } }"
long_times=""
for _ in $(seq 1 "$RUNS"); do
  t="$(curl -fs -o /dev/null -w '%{time_total}' "$URL/graphql" -H 'content-type: application/json' \
    -H "authorization: Bearer $TOKEN" -d "{\"query\":\"{ $long }\"}")"
  long_times="$long_times $t"
done
python3 - "$long_from" $long_times <<'PY'
import statistics, sys
since, *runs = sys.argv[1:]
ms = sorted(float(t) * 1000 for t in runs)
print(f"retentionCohorts from {since} (730 days, WEEK): min {ms[0]:.0f} ms, median {statistics.median(ms):.0f} ms, max {ms[-1]:.0f} ms")
PY
echo "server RSS: $(awk '/^VmRSS/ {printf "%.0f MiB", $2 / 1024}' "/proc/$server/status")"
