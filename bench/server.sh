#!/usr/bin/env bash
# Server benchmark (see BENCHMARKS.md): sign-in throughput and latency with
# argon2id at production parameters, while a parallel stream of cheap queries
# keeps its latency (the executor is never blocked); RSS idle and under load.
# Usage: bench/server.sh   (env: DURATION=20s PORT=18080 LOGIN_CONNECTIONS=4 CHEAP_CONNECTIONS=8
#                           PASSWORD_HASH_CONCURRENCY=…, passed to the server)
set -euo pipefail
cd "$(dirname "$0")/.."

DURATION="${DURATION:-20s}"
PORT="${PORT:-18080}"
LOGIN_CONNECTIONS="${LOGIN_CONNECTIONS:-4}"
CHEAP_CONNECTIONS="${CHEAP_CONNECTIONS:-8}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

. bench/lib.sh
start_server "$PORT" LOGIN_MAX_FAILURES_PER_ADDRESS=1000000

BENCH_TOKEN="$(curl -fs "$URL" -H 'content-type: application/json' \
  -d '{"query":"mutation { login(input: {login: \"learner_ben\", password: \"lyceum-demo-2026\"}) { accessToken } }"}' \
  | sed -E 's/.*"accessToken":"([^"]+)".*/\1/')"
export BENCH_TOKEN
sleep 1
idle_rss=$(rss_kib)

# wrk prints latencies with units; report req/s and p50/p99 from --latency.
summary() {
  awk -v label="$1" '
    /Requests\/sec/ { rps = $2 }
    /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 }
    /Non-2xx/ { bad = $NF }
    END { printf "%-34s %9s req/s   p50 %9s   p99 %9s   non-2xx %s\n", label, rps, p50, p99, (bad == "" ? 0 : bad) }
  ' "$2"
}

wrk -t1 -c"$CHEAP_CONNECTIONS" -d"$DURATION" --latency -s bench/cheap.lua "$URL" >"$work/cheap-alone.txt"
wrk -t1 -c"$LOGIN_CONNECTIONS" -d"$DURATION" --latency -s bench/login.lua "$URL" >"$work/login-alone.txt"

peak_rss=0
( while kill -0 "$server" 2>/dev/null; do rss_kib; sleep 0.25; done ) >"$work/rss.txt" &
sampler=$!
wrk -t1 -c"$LOGIN_CONNECTIONS" -d"$DURATION" --latency -s bench/login.lua "$URL" >"$work/login-mixed.txt" &
logins=$!
wrk -t1 -c"$CHEAP_CONNECTIONS" -d"$DURATION" --latency -s bench/cheap.lua "$URL" >"$work/cheap-mixed.txt"
wait "$logins"
kill "$sampler" 2>/dev/null || true
peak_rss=$(sort -n "$work/rss.txt" | tail -1)

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo); duration $DURATION per run; SQLite"
echo "argon2id m=19456 KiB t=2 p=1, ${PASSWORD_HASH_CONCURRENCY:-default (half the cores)} hash(es) at once; $LOGIN_CONNECTIONS sign-in connections, $CHEAP_CONNECTIONS query connections"
summary "cheap query (me) alone" "$work/cheap-alone.txt"
summary "sign-in alone" "$work/login-alone.txt"
summary "cheap query during sign-ins" "$work/cheap-mixed.txt"
summary "sign-in during cheap queries" "$work/login-mixed.txt"
echo "RSS idle: $((idle_rss / 1024)) MiB   RSS peak under mixed load: $((peak_rss / 1024)) MiB"
