#!/usr/bin/env bash
# Recommender benchmark (see BENCHMARKS.md): on `lyceum seed --scale 1` data
# in PostgreSQL, `lyceum train --model auto` (wall time, peak RSS), then
# `recommendedCourses(first: 10)` served from the trained model as signed-in
# learners with history, as new members (cold start) and anonymously.
# Usage: bench/recommend.sh   (env as bench/pg.sh; SKIP_TRAIN=1 reuses the active model)
set -euo pipefail
cd "$(dirname "$0")/.."
. bench/pg.sh

echo "machine: $(nproc) cores; release build; PostgreSQL $(psql "$DB" -tAc 'SHOW server_version'); $CONNECTIONS connections, ${SECS}s per run"
psql "$DB" -tAc "SELECT 'data: ' || (SELECT count(*) FROM users) || ' users, ' || (SELECT count(*) FROM courses) || ' courses, ' || (SELECT count(*) FROM threads) || ' threads, ' || (SELECT count(*) FROM enrollments) || ' enrolments'"
if [ -z "${SKIP_TRAIN:-}" ]; then
  DATABASE_URL="$server_db" RUST_LOG=warn /usr/bin/time -f "train: %e s wall, peak RSS %M KiB" \
    "$BIN" train --model "${MODEL:-auto}" 2>&1 | grep -v '^\s*$' | tail -5
fi
psql "$DB" -tAc "SELECT 'active model: ' || m.id || ' ' || m.kind || ', ' || m.users || ' users × ' || m.items || ' items, ' || m.interactions || ' interactions, fit ' || round(m.fit_seconds::numeric, 1) || ' s, artefact ' || pg_size_pretty(m.artifact_bytes) || ', metrics ' || m.metrics FROM recommender_activations a JOIN recommender_models m ON m.id = a.model_id ORDER BY a.id DESC LIMIT 1"
# The server hears the activation (NOTIFY); give it a moment to load the artefact.
sleep 5
echo "RSS with the model loaded: $(rss_mib) MiB"
echo /dev/null >"$work/none.txt"
run() { # name, tokens
  BENCH_TOKENS="$2" BENCH_ITEMS_FILE="$work/none.txt" \
    wrk -t1 -c"$CONNECTIONS" -d"${SECS}s" --latency -s bench/recommend.lua "$URL" >"$work/run.txt"
  wrk_line "$1" "$work/run.txt"
}
# Learners with the most enrolments (history the model knows).
active=""
for name in $(psql "$DB" -tAc "SELECT u.username FROM users u JOIN enrollments e ON e.user_id = u.id WHERE u.role = 'LEARNER' GROUP BY u.id, u.username ORDER BY count(*) DESC, u.id LIMIT 50"); do
  active="${active:+$active,}$(sign_in "$name")"
done
run "recommendedCourses (history)" "$active"
# New members: registered now, no history at all.
fresh=""
for i in $(seq 1 20); do
  name="new_$(date +%s | tail -c 6)_$i"
  gql "{\"query\":\"mutation { register(input: {username: \\\"$name\\\", email: \\\"$name@example.com\\\", password: \\\"lyceum-demo-2026\\\", displayName: \\\"$name\\\"}) { id } }\"}" >/dev/null
  fresh="${fresh:+$fresh,}$(sign_in "$name")"
done
run "recommendedCourses (cold start)" "$fresh"
run "recommendedCourses (anonymous)" ""
sleep 2
psql "$DB" -tAc "SELECT 'impressions recorded: ' || count(*) FROM recommendation_impressions"
echo "RSS after: $(rss_mib) MiB"
