#!/usr/bin/env bash
# Hostile-request benchmark (see BENCHMARKS.md): what a ~975 KB query document
# (75,000 `me{username}` selections, no sign-in needed) costs the server
# before it is refused, how a cheap query fares while such documents arrive,
# and the server's RSS afterwards.
# Usage: bench/hostile.sh   (env: PORT=18081 COUNT=20 PARALLEL=4)
set -euo pipefail
cd "$(dirname "$0")/.."

PORT="${PORT:-18081}"
COUNT="${COUNT:-20}"
PARALLEL="${PARALLEL:-4}"

. bench/lib.sh
start_server "$PORT"

rss_mib() { awk '{printf "%.1f", $1 / 1024}' <<<"$(rss_kib)"; }
post() { curl -s -o /dev/null -w '%{http_code} %{time_total}\n' "$URL" \
  -H 'content-type: application/json' -H 'accept: application/graphql-response+json' "$@"; }

python3 -c 'import json; print(json.dumps({"query": "{ " + "me{username} " * 75000 + "}"}))' >"$work/huge.json"
echo '{"query":"{ __typename }"}' >"$work/cheap.json"
sleep 1
echo "machine: $(nproc) cores; release build; SQLite"
echo "document: $(stat -c %s "$work/huge.json") bytes, 75,000 selections"
echo "RSS idle:                          $(rss_mib) MiB"

# Latency figures from curl's total times (seconds, one per line).
stats() { sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "p50 %.1f ms, max %.1f ms (%d requests)", t[int((NR + 1) / 2)], t[NR], NR }'; }

# One at a time: the server's time to refuse (curl's total, upload included).
for _ in $(seq 1 "$COUNT"); do post --data-binary "@$work/huge.json"; done >"$work/sequential.txt"
echo "refused, one at a time:            $(cut -d' ' -f2 "$work/sequential.txt" | stats)"
echo "  answers: $(cut -d' ' -f1 "$work/sequential.txt" | sort | uniq -c | awk '{printf "HTTP %s × %s  ", $2, $1}')"
echo "RSS after $COUNT refused documents:  $(rss_mib) MiB"

# $PARALLEL at once, while a cheap query is timed.
for _ in $(seq 1 "$COUNT"); do
  pids=()
  for _ in $(seq 1 "$PARALLEL"); do post --data-binary "@$work/huge.json" >/dev/null & pids+=($!); done
  post --data-binary "@$work/cheap.json"
  wait "${pids[@]}"
done >"$work/cheap.txt"
echo "{ __typename } with $PARALLEL huge in flight: $(cut -d' ' -f2 "$work/cheap.txt" | stats)"
echo "  answers: $(cut -d' ' -f1 "$work/cheap.txt" | sort | uniq -c | awk '{printf "HTTP %s × %s  ", $2, $1}')"
echo "RSS after $((COUNT * (PARALLEL + 1))) more requests:   $(rss_mib) MiB"
