#!/usr/bin/env bash
# Benchmarks the event store and its analyses and prints the figures recorded in
# docs/performance.md ("Store and analysis").
#
#   scripts/bench-store.sh [EVENTS] [DB]
#
# EVENTS defaults to 10,000,000 and DB to /tmp/dyad-bench.db (removed and rebuilt:
# never point it at a store you want to keep). Needs about 600 bytes of disk per event.
set -euo pipefail
events=${1:-10000000}
db=${2:-/tmp/dyad-bench.db}
cd "$(dirname "$0")/.."

cargo build --release -p dyad-store --example generate -p dyad-cli
rm -f "$db" "$db-wal" "$db-shm"

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\))' | sed 's/  */ /g'
echo "== ingest: $events generated events into $db (Store::ingest_batch, 10,000 events a transaction)"
target/release/examples/generate --events "$events" --db "$db"

jsonl=$(mktemp --suffix=.jsonl)
trap 'rm -f "$jsonl" "$db.cli" "$db.cli-wal" "$db.cli-shm"' EXIT
target/release/examples/generate --events 500000 --jsonl "$jsonl" --jsonl-only --seed 7 >/dev/null
echo "== dyad ingest --events (500,000 events of JSONL, parsing included)"
/usr/bin/time -f "%e s wall" target/release/dyad ingest --events "$jsonl" --db "$db.cli"

echo "== store size"
ls -l "$db" | awk '{print $5 " bytes"}'

time_it() {
    local label=$1; shift
    # First run warms the page cache; the figure is the best of the next three.
    "$@" >/dev/null
    local best=""
    for _ in 1 2 3; do
        local start end took
        start=$(date +%s.%N)
        "$@" >/dev/null
        end=$(date +%s.%N)
        took=$(echo "$end - $start" | bc)
        if [ -z "$best" ] || [ "$(echo "$took < $best" | bc)" = 1 ]; then best=$took; fi
    done
    printf '%-60s %6.3f s\n' "$label" "$best"
}
echo "== queries (best of 3 after one warm-up run)"
time_it "dyad query dyad PRK RUS --by month" target/release/dyad query dyad PRK RUS --by month --db "$db"
time_it "dyad query dyad USA CHN --by day" target/release/dyad query dyad USA CHN --by day --db "$db"
time_it "dyad network --level country (all time)" target/release/dyad network --db "$db"
time_it "dyad network --from 2024-10-01 --to 2024-12-31" target/release/dyad network --from 2024-10-01 --to 2024-12-31 --db "$db"
time_it "dyad network --level actor --from 2024-12-01" target/release/dyad network --level actor --from 2024-12-01 --db "$db"
time_it "dyad spikes --by week --from 2024-10-01" target/release/dyad spikes --by week --from 2024-10-01 --db "$db"
time_it "dyad query events --source PRK --target RUS --limit 100" target/release/dyad query events --source PRK --target RUS --limit 100 --db "$db"
