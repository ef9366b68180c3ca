#!/usr/bin/env bash
# Benchmarks the coder end to end on the full news corpus and prints the figures
# recorded in docs/performance.md ("Coder"): for the Phoenix dictionaries
# (PETR1_config.ini) and dyad's bundled default dictionaries, at 1 and 2 threads
# (or the thread counts in $THREADS), the sentences per second that `dyad code`
# reports, the events, the wall and CPU time and the peak resident memory.
#
#   scripts/bench.sh [CORPUS]
#
# CORPUS defaults to $DYAD_SHARED/data/corpus/world-news.jsonl.gz (DYAD_SHARED
# defaults to ../shared beside the checkout): 47,985 documents, 195 MB of JSONL,
# about 1.14M sentences (1.41M by dyad's splitter). Output is discarded; the
# figures come from dyad's own summary line and /usr/bin/time. Each run is
# repeated $RUNS times (default 1) so a shared machine's noise can be seen.
set -euo pipefail
cd "$(dirname "$0")/.."
shared=${DYAD_SHARED:-../shared}
corpus=${1:-$shared/data/corpus/world-news.jsonl.gz}
phoenix=$shared/data/dictionaries/phoenix/PETR1_config.ini
threads=${THREADS:-1 2}
runs=${RUNS:-1}
for f in "$corpus" "$phoenix"; do
    [ -e "$f" ] || { echo "bench.sh: $f not found (set DYAD_SHARED or pass CORPUS)" >&2; exit 2; }
done

cargo build --release -q -p dyad-cli

echo "== machine"
lscpu | grep -E '^(Model name|CPU\(s\))' | sed 's/  */ /g'
grep MemTotal /proc/meminfo
echo "load before: $(cut -d' ' -f1-3 /proc/loadavg) (a shared machine: wall figures vary with it)"
echo "== corpus: $corpus ($(du -h "$corpus" | cut -f1) on disk)"

log=$(mktemp)
trap 'rm -f "$log"' EXIT
printf '%-10s %7s %10s %8s %8s %8s %9s\n' dicts threads sent/s events wall_s cpu_s rss_MB
for dicts in phoenix default; do
    args=()
    [ "$dicts" = phoenix ] && args=(--dictionaries "$phoenix")
    for t in $threads; do
        for _ in $(seq "$runs"); do
            /usr/bin/time -f 'TIME %e %U %S %M' target/release/dyad code "$corpus" "${args[@]}" \
                --threads "$t" >/dev/null 2>"$log" || { cat "$log" >&2; exit 1; }
            # dyad: coded D documents, S sentences, E events in T s (X sentences/s) with ...
            summary=$(grep -E '^dyad: coded' "$log" || true)
            rate=$(sed -E 's/.*\(([0-9]+) sentences\/s\).*/\1/' <<<"$summary")
            events=$(sed -E 's/.*sentences, ([0-9]+) events.*/\1/' <<<"$summary")
            read -r _ wall user sys rss < <(grep '^TIME' "$log")
            printf '%-10s %7s %10s %8s %8s %8.2f %9d\n' "$dicts" "$t" "$rate" "$events" "$wall" \
                "$(echo "$user + $sys" | bc)" "$((rss / 1024))"
        done
    done
done
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
