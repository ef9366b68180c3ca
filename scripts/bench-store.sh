#!/usr/bin/env bash
# Benchmarks the event store and its analyses and prints the figures recorded in
# docs/performance.md ("Store and analysis").
#
#   scripts/bench-store.sh [EVENTS] [DB]
#
# EVENTS defaults to 10,000,000 and DB to /tmp/dyad-bench.db (removed and rebuilt:
# never point it at a store you want to keep). Needs about 500 bytes of disk per
# event, and about 20 minutes on a quiet 2-core machine for 10M events.
# Set SKIP_INGEST=1 to reuse an existing DB and only time the queries.
set -euo pipefail
events=${1:-10000000}
db=${2:-/tmp/dyad-bench.db}
cd "$(dirname "$0")/.."

# Two builds: with --example, cargo builds only the examples of the packages
# named, not the dyad binary the queries below run.
cargo build --release -p dyad-store --example generate
cargo build --release -p dyad-cli

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\))' | sed 's/  */ /g'
grep MemTotal /proc/meminfo
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (the machine is shared: wall figures vary with it)"

if [ "${SKIP_INGEST:-}" != 1 ]; then
    rm -f "$db" "$db-wal" "$db-shm"
    echo "== ingest: $events generated events in publication order into $db (Store::ingest_batch, 50,000 events a transaction)"
    target/release/examples/generate --events "$events" --db "$db" --stats

    shuffled=$(mktemp -u --suffix=.db)
    echo "== ingest, worst case: 1,000,000 events with days in random order (--order shuffled)"
    target/release/examples/generate --events 1000000 --order shuffled --db "$shuffled"
    rm -f "$shuffled" "$shuffled-wal" "$shuffled-shm"

    jsonl=$(mktemp --suffix=.jsonl)
    trap 'rm -f "$jsonl" "$db.cli" "$db.cli-wal" "$db.cli-shm"' EXIT
    target/release/examples/generate --events 500000 --jsonl "$jsonl" --jsonl-only --seed 7 >/dev/null
    echo "== dyad ingest --events (500,000 events of JSONL, parsing included, default batch)"
    /usr/bin/time -f "%e s wall, %U s user, %S s system" target/release/dyad ingest --events "$jsonl" --db "$db.cli"
fi

echo "== store size"
ls -l "$db" | awk '{print $5 " bytes"}'

time_it() {
    local label=$1; shift
    # First run warms the page cache; the figure is the best of the next three
    # (wall), with that run's CPU time (user + system).
    "$@" >/dev/null
    local best="" best_cpu=""
    for _ in 1 2 3; do
        local out times
        times=$(mktemp)
        /usr/bin/time -o "$times" -f "%e %U %S" "$@" >/dev/null 2>&1
        out=$(tail -1 "$times")
        rm -f "$times"
        local wall cpu
        wall=$(echo "$out" | awk '{print $1}')
        cpu=$(echo "$out" | awk '{printf "%.2f", $2 + $3}')
        if [ -z "$best" ] || [ "$(echo "$wall < $best" | bc)" = 1 ]; then best=$wall; best_cpu=$cpu; fi
    done
    printf '%-62s %6.2f s wall  %5.2f s CPU\n' "$label" "$best" "$best_cpu"
}
echo "== queries (best of 3 after one warm-up run)"
d=target/release/dyad
time_it "dyad query dyad PRK RUS (per month)" $d query dyad PRK RUS --db "$db"
time_it "dyad query dyad USA CHN (per month)" $d query dyad USA CHN --db "$db"
time_it "dyad query dyad USA CHN --by day" $d query dyad USA CHN --by day --db "$db"
time_it "dyad network (countries, all time)" $d network --db "$db"
time_it "dyad network --from 2024-10-15 --to 2024-12-20" $d network --from 2024-10-15 --to 2024-12-20 --db "$db"
time_it "dyad network --level actor --from 2024-12-01" $d network --level actor --from 2024-12-01 --db "$db"
time_it "dyad network --level actor (all time)" $d network --level actor --db "$db"
time_it "dyad spikes --by week --from 2024-10-01" $d spikes --by week --from 2024-10-01 --db "$db"
time_it "dyad query events --source PRK --target RUS --limit 100" $d query events --source PRK --target RUS --limit 100 --db "$db"
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
