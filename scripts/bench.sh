#!/usr/bin/env bash
# Benchmarks quarry on a generated news corpus (see BENCHMARKS.md).
#
#   scripts/bench.sh            end-to-end runs of the release binary, then
#                               `cargo bench --bench throughput`
#   scripts/bench.sh --profile  also `perf record` one run of the binary and
#                               print the top functions
#   scripts/bench.sh --e2e      only the end-to-end runs (and --profile)
#
# The end-to-end runs include the full corpus with stages left out
# (`--skip quotes`, `quotes,dates`, `quotes,dates,rules`).
#
# Environment: QUARRY_BENCH_MB (corpus size, default 50), QUARRY_BENCH_REPS
# (runs per figure, default 3; medians are reported), CARGO_TARGET_DIR.
# The corpus is generated once into target/bench-data/ and reused.
set -euo pipefail
cd "$(dirname "$0")/.."

profile=0
e2e_only=0
for arg in "$@"; do
    case "$arg" in
        --profile) profile=1 ;;
        --e2e) e2e_only=1 ;;
        *) echo "usage: scripts/bench.sh [--profile] [--e2e]" >&2; exit 2 ;;
    esac
done

reps=${QUARRY_BENCH_REPS:-3}
target=${CARGO_TARGET_DIR:-target}
threads=$(nproc)

cargo build --release --quiet --bin quarry
bin=$target/release/quarry

# The bench binary writes the corpus and prints "path<TAB>text bytes" for
# the full corpus and its 10 MB prefix.
mapfile -t corpora < <(cargo bench --quiet --bench throughput -- --generate)
corpora=("${corpora[@]:0:2}")

echo "quarry extract → /dev/null, $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), median of $reps runs"
echo "commit $(git rev-parse --short HEAD), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs)"
printf '%-34s %9s %9s %11s %10s\n' input wall_s MB/s MB/cpu-s peak_RSS
printf '%.0s-' {1..78}; echo
# The median of the numbers on standard input.
median() {
    sort -g | awk '{ v[NR] = $1 } END { m = int((NR + 1) / 2); print (NR % 2) ? v[m] : (v[m] + v[m + 1]) / 2 }'
}
# Runs the binary `reps` times; prints the median wall and CPU seconds and
# the largest peak RSS (kB).
measure() {
    local file=$1 j=$2 n=$3 runs
    shift 3
    runs=$(for _ in $(seq "$n"); do
        /usr/bin/time -f '%e %U %S %M' "$bin" extract "$file" -j "$j" -q "$@" 2>&1 >/dev/null | tail -1
    done)
    echo "$(awk '{ print $1 }' <<<"$runs" | median)" \
        "$(awk '{ print $2 + $3 }' <<<"$runs" | median)" \
        "$(awk '{ print $4 }' <<<"$runs" | sort -g | tail -1)"
}
seen=""
for entry in "${corpora[@]}"; do
    file=${entry%%$'\t'*}
    bytes=${entry##*$'\t'}
    [[ " $seen " == *" $file "* ]] && continue
    seen="$seen $file"
    mb=$(awk -v b="$bytes" 'BEGIN { printf "%.0f", b / 1048576 }')
    for j in 1 "$threads"; do
        read -r wall cpu peak < <(measure "$file" "$j" "$reps")
        awk -v mb="$mb" -v j="$j" -v b="$bytes" -v w="$wall" -v c="$cpu" -v p="$peak" 'BEGIN {
            printf "%-34s %9.2f %9.1f %11.1f %7.0f MB\n", sprintf("-j %d, %d MB", j, mb), w, b / 1048576 / w, (c > 0 ? b / 1048576 / c : 0), p / 1024
        }'
    done
done

# Stages left out (`--skip`), on the full corpus.
full=${corpora[0]%%$'\t'*}
full_bytes=${corpora[0]##*$'\t'}
for skip in quotes quotes,dates quotes,dates,rules; do
    for j in 1 "$threads"; do
        read -r wall cpu peak < <(measure "$full" "$j" "$reps" --skip "$skip")
        awk -v s="$skip" -v j="$j" -v b="$full_bytes" -v w="$wall" -v c="$cpu" -v p="$peak" 'BEGIN {
            printf "%-34s %9.2f %9.1f %11.1f %7.0f MB\n", sprintf("-j %d --skip %s", j, s), w, b / 1048576 / w, (c > 0 ? b / 1048576 / c : 0), p / 1024
        }'
    done
done

if [[ $profile == 1 ]]; then
    small=${corpora[1]%%$'\t'*}
    data=$(dirname "$small")
    echo
    echo "perf profile: quarry extract $(basename "$small") -j 1 (self time, top functions)"
    # DWARF unwinding: release builds have no frame pointers, and the
    # inclusive (children) figures need whole stacks.
    perf record -q -F 999 --call-graph dwarf,16384 -o "$data/perf.data" -- \
        "$bin" extract "$small" -j 1 -q >/dev/null 2>&1
    perf report -i "$data/perf.data" --no-children --sort symbol --percent-limit 0.7 \
        --stdio -g none 2>/dev/null | grep -v '^#' | grep -v '^$' | sed 's/ *- *- *$//' | head -40
    echo
    echo "perf profile: inclusive time (self + callees) of the stage entry points"
    perf report -i "$data/perf.data" --children --sort symbol --stdio -g none 2>/dev/null \
        | sed 's/ *- *- *$//' | grep -E 'analyze_with|segment_into|find_into|EntityRules::find$|DateFinder::find$|DateFinder::find_with$|resolve::resolve$|QuoteFinder::find$|fill_char_offsets|Sink>::document|Records as core|GazetteerBuilder::build$|pipeline::run$|attrib::Engine::run|context_rules$' \
        | head -20
fi

if [[ $e2e_only == 0 ]]; then
    echo
    QUARRY_BENCH_BIN=0 cargo bench --quiet --bench throughput
fi
