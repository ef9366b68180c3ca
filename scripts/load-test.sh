#!/usr/bin/env bash
# Bounded load test of `dyad serve` (issue 7): 200 concurrent clients on the
# overview page and the dyad API for 30 s, loopback only, against a store of
# 1M generated events. Stops by itself and prints requests/s, errors and
# p50/p90/p99 latency; exits 1 on any error or a p99 above 200 ms.
#
#   scripts/load-test.sh [STORE] [EVENTS]     (defaults: /tmp/dyad-load-1m.db, 1000000)
#
# The store is generated (crates/store/examples/generate.rs) when STORE does
# not exist, and kept for the next run. Release builds; installs nothing.
# Environment: CLIENTS (200), LOAD_SECONDS (30), MAX_P99_MS (200), LOAD_FLAGS
# (more flags for the client, e.g. --no-warm-up to measure a cold start).
set -euo pipefail
cd "$(dirname "$0")/.."

store="${1:-/tmp/dyad-load-1m.db}"
events="${2:-1000000}"
clients="${CLIENTS:-200}"
seconds="${LOAD_SECONDS:-30}"
max_p99="${MAX_P99_MS:-200}"

cargo build --release -p dyad-cli
cargo build --release -p dyad-server --example load
target="${CARGO_TARGET_DIR:-target}"

if [ ! -e "$store" ]; then
    echo "load-test: generating $events events into $store"
    cargo run --release -p dyad-store --example generate -- --events "$events" --db "$store"
fi

log="$(mktemp)"
"$target/release/dyad" serve --db "$store" --addr 127.0.0.1:0 --no-ingest 2>"$log" &
server=$!
trap 'kill "$server" 2>/dev/null || true; rm -f "$log"' EXIT

url=""
for _ in $(seq 1 600); do
    url="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$log" | head -n 1 || true)"
    [ -n "$url" ] && break
    if ! kill -0 "$server" 2>/dev/null; then
        cat "$log" >&2
        echo "load-test: dyad serve exited" >&2
        exit 1
    fi
    sleep 0.1
done
[ -n "$url" ] || { echo "load-test: dyad serve did not start" >&2; exit 1; }

# The overview reads the whole aggregate once per store version; wait for it
# (the server starts computing it at once) so that the run measures serving.
start=$(date +%s%N)
curl -sf "$url/" -o /dev/null
echo "load-test: first overview after $(( ($(date +%s%N) - start) / 1000000 )) ms"

echo "load-test: machine: $(nproc) cores, $(lscpu | sed -n 's/^Model name: *//p' | head -n 1)"
"$target/release/examples/load" --url "$url" --clients "$clients" --seconds "$seconds" --max-p99-ms "$max_p99" ${LOAD_FLAGS:-}
