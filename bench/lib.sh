# Shared by the bench/*.sh scripts: build the release binary, start it on a
# fresh SQLite database in a temp folder, stop it on exit.
# Sets: work (temp folder), server (pid), URL. Extra server env: pass as args.

start_server() {
  local port="$1"; shift
  cargo build --release -q -p lyceum
  local bin="${CARGO_TARGET_DIR:-target}/release/lyceum"
  URL="http://127.0.0.1:$port/graphql"
  work="$(mktemp -d)"
  env DATABASE_URL="sqlite://$work/bench.db?mode=rwc" BIND_ADDR="127.0.0.1:$port" \
    JWT_SECRET="bench-secret-bench-secret-bench-secret-0123" RUST_LOG=warn "$@" \
    "$bin" serve >"$work/server.log" 2>&1 &
  server=$!
  trap 'kill "$server" 2>/dev/null; wait "$server" 2>/dev/null; rm -rf "$work"' EXIT
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null && break; sleep 0.2; done
}

rss_kib() { awk '/^VmRSS/ {print $2}' "/proc/$server/status"; }
