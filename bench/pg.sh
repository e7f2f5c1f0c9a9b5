# Shared by the PostgreSQL benchmarks (catalogue.sh, community.sh): the
# release build, the `--scale 1` database (seeded once, reused), the server
# (restartable with another public-cache TTL), sign-ins and wrk summaries.
# Env: DB=postgres://postgres@127.0.0.1:5432/lyceum_bench SECONDS_PER_RUN=20
#      CONNECTIONS=8 PORT=18082 PEER=/path/to/copied/shared/bench
#      BIN=path/to/release/lyceum (else cargo build --release)
#      EXTRA_ENV="NAME=value …" (more server settings, e.g. SHARED_CACHE_TTL_MS)
DB="${DB:-postgres://postgres@127.0.0.1:5432/lyceum_bench}"
SECS="${SECONDS_PER_RUN:-20}"
CONNECTIONS="${CONNECTIONS:-8}"
PORT="${PORT:-18082}"
PEER="${PEER:-}"
command -v wrk >/dev/null || { echo "needs wrk: apt-get install wrk" >&2; exit 1; }

if [ -z "${BIN:-}" ]; then
  cargo build --release -q -p lyceum
  BIN="${CARGO_TARGET_DIR:-target}/release/lyceum"
fi
db_name="${DB##*/}"
admin_url="${DB%/*}/postgres"
if ! psql "$admin_url" -tAc "SELECT 1 FROM pg_database WHERE datname = '$db_name'" | grep -q 1; then
  psql "$admin_url" -qc "CREATE DATABASE \"$db_name\""
fi
if [ "$(psql "$DB" -tAc "SELECT to_regclass('courses') IS NOT NULL AND EXISTS (SELECT 1 FROM courses)" 2>/dev/null)" != "t" ]; then
  echo "seeding scale 1 into $DB (once; later runs reuse it)"
  DATABASE_URL="$DB" "$BIN" seed --scale 1
  psql "$DB" -qc "VACUUM ANALYZE"
fi

# Loopback: no TLS, as the peer connects (sqlx would otherwise negotiate TLS).
server_db="$DB"
[[ $DB == *\?* ]] || server_db="$DB?sslmode=disable"
work="$(mktemp -d)"
server=""
start_server() { # [PUBLIC_CACHE_TTL_MS]
  [ -z "$server" ] || { kill "$server"; wait "$server" 2>/dev/null || true; }
  # No scheduled retraining: benchmarks train when they say so.
  DATABASE_URL="$server_db" BIND_ADDR="127.0.0.1:$PORT" LYCEUM_ENV=production SEED_DEMO_DATA=false RECOMMENDER_RETRAIN_HOURS=0 \
    JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn PUBLIC_CACHE_TTL_MS="${1:-1000}" \
    LOGIN_MAX_FAILURES_PER_ADDRESS=1000000 env ${EXTRA_ENV:-} "$BIN" serve >"$work/server.log" 2>&1 &
  server=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$PORT/readyz" >/dev/null && break; sleep 0.2; done
}
trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
start_server
URL="http://127.0.0.1:$PORT/graphql"
gql() { curl -fs "$URL" -H 'content-type: application/json' ${TOKEN:+-H "authorization: Bearer $TOKEN"} -d "$1"; }
rss_mib() { awk '/^VmRSS/ {printf "%.0f", $2 / 1024}' "/proc/$server/status"; }

sign_in() { # username → access token
  gql "{\"query\":\"mutation { login(input: {login: \\\"$1\\\", password: \\\"lyceum-demo-2026\\\"}) { accessToken } }\"}" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["data"]["login"]["accessToken"])'
}
learner_tokens() { # how many → comma-separated tokens of the newest learners
  local tokens=""
  for name in $(psql "$DB" -tAc "SELECT username FROM users WHERE role = 'LEARNER' ORDER BY id DESC LIMIT $1"); do
    tokens="${tokens:+$tokens,}$(sign_in "$name")"
  done
  echo "$tokens"
}
global_ids() { # node kind, SQL selecting ids → global IDs, one a line
  psql "$DB" -tAc "$2" \
    | python3 -c 'import base64,sys; kind=sys.argv[1]; print("\n".join(base64.urlsafe_b64encode(f"{kind}:{l.strip()}".encode()).decode().rstrip("=") for l in sys.stdin if l.strip()))' "$1"
}
wrk_line() { # name, wrk output file
  awk -v name="$1" '/Requests\/sec/ { rps = $2 } /^ +50%/ { p50 = $2 } /^ +99%/ { p99 = $2 } /Non-2xx/ { bad = $NF }
    /^vote errors:/ { gqlerr = " " $3 " " $4 }
    END { printf "%-28s rps=%s p50=%s p99=%s non-2xx=%s%s", name, rps, p50, p99, (bad == "" ? 0 : bad), gqlerr }' "$2"
  echo "   RSS $(rss_mib) MiB"
}
load() { # name, query file, [token]
  local out
  out="$(bash "${PEER:-/work/shared/bench}/gql-load.sh" "$URL" "$2" "$SECS" "$CONNECTIONS" ${3:-} 2>&1 | grep '^result:')"
  printf '%-28s %s   RSS %s MiB\n' "$1" "${out#result: }" "$(rss_mib)"
}

OHA="$(command -v oha || echo "$HOME/.cargo/bin/oha")"
at_rate() { # name, query file, requests per second [, runs]
  # Open loop at a fixed rate, latency-corrected: the p99 clients see at that
  # load (a saturated closed-loop run measures its own queueing instead).
  if [ ! -x "$OHA" ]; then echo "$1: needs oha (cargo install oha --locked)"; return; fi
  python3 -c 'import json,sys; print(json.dumps({"query": open(sys.argv[1]).read()}))' "$2" >"$work/rate.json"
  for run in $(seq 1 "${4:-1}"); do
    "$OHA" --no-tui -z "${SECS}s" -c "$CONNECTIONS" -q "$3" --latency-correction -m POST \
      -H 'content-type: application/json' -D "$work/rate.json" --output-format json "$URL" >"$work/rate.out" 2>/dev/null
    python3 - "$1" "$work/rate.out" <<'PY'
import json, sys
d = json.load(open(sys.argv[2])); s = d["summary"]; p = d["latencyPercentiles"]
codes = d.get("statusCodeDistribution", {})
print("%-28s rps=%.0f p50=%.2fms p99=%.2fms p99.9=%.2fms max=%.1fms non-2xx=%d" % (
    sys.argv[1], s["requestsPerSec"], p["p50"] * 1e3, p["p99"] * 1e3, p["p99.9"] * 1e3,
    s["slowest"] * 1e3, sum(v for k, v in codes.items() if not k.startswith("2"))))
PY
  done
}
