#!/usr/bin/env bash
# Runs every recipe in docs/recipes.md, and in the "## Recipes" section of
# README.md, against a real quarry run on fixtures/articles/ and checks
# what each prints. Each document runs in its own scratch directory.
#
# A recipe is a fenced block (sh, sql or python) preceded by a line
#   <!-- check: NEEDS | REGEX | REGEX ... -->
# NEEDS is "-" or space-separated tools (jq, node, sqlite3: commands;
# pandas, polars: Python modules; duckdb: the duckdb command or the Python
# module). Each REGEX (grep -E) must match a line of the recipe's output.
# Unmarked sh blocks (making the outputs) are run too, with no check.
# A recipe whose tool is missing is skipped, not failed: CI has only Rust,
# so this is not part of `cargo test`. Blocks run in order in one scratch
# directory holding a copy of fixtures/articles/ as articles/.
#
# Usage: scripts/check_recipes.sh [path/to/quarry]
# (default: builds and uses the debug binary). Exit 1 if a recipe fails.
set -u

root=$(cd "$(dirname "$0")/.." && pwd)
if [ $# -ge 1 ]; then
    quarry=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
else
    target=${CARGO_TARGET_DIR:-$root/target}
    (cd "$root" && cargo build --quiet --bin quarry) || exit 1
    quarry=$target/debug/quarry
fi
[ -x "$quarry" ] || { echo "no quarry binary at $quarry" >&2; exit 1; }

scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
mkdir "$scratch/bin"
ln -s "$quarry" "$scratch/bin/quarry"
export PATH="$scratch/bin:$PATH"
# README.md's recipes: only its "## Recipes" section (the rest of the
# README has sh blocks that are not meant to run here).
awk '/^## / { on = ($0 == "## Recipes") } on' "$root/README.md" > "$scratch/readme-recipes.md"

passed=0 skipped=0 failed=0

run_doc() {
local doc=$1 work=$2
mkdir -p "$work"
cp -r "$root/fixtures/articles" "$work/articles"
echo "== $3"

# Split the document into numbered blocks: block.N.{lang,check,body}.
awk -v dir="$work" '
    /^<!-- check: .* -->$/ { check = $0; sub(/^<!-- check: /, "", check); sub(/ -->$/, "", check); next }
    /^```(sh|sql|python)$/ && !inblock { n++; inblock = 1; lang = substr($0, 4)
        print lang > (dir "/block." n ".lang"); print check > (dir "/block." n ".check"); check = ""
        printf "" > (dir "/block." n ".body"); next }
    /^```$/ && inblock { inblock = 0; next }
    inblock { print >> (dir "/block." n ".body") }
    /^```/ && !inblock { check = "" }
' "$doc"

has_module() { python3 -c "import $1" 2>/dev/null; }
has() {
    case $1 in
        -) return 0 ;;
        duckdb) command -v duckdb >/dev/null || has_module duckdb ;;
        pandas|polars|numpy) command -v python3 >/dev/null && has_module "$1" ;;
        *) command -v "$1" >/dev/null ;;
    esac
}

run_sql() {
    if command -v duckdb >/dev/null; then
        duckdb -noheader -list -separator , :memory: < "$1"
    else
        python3 -c '
import sys, duckdb
for row in duckdb.sql(open(sys.argv[1]).read()).fetchall():
    print(",".join("" if v is None else str(v) for v in row))
' "$1"
    fi
}

cd "$work" || exit 1
for langfile in $(ls block.*.lang | sort -t. -k2 -n); do
    n=${langfile#block.}; n=${n%.lang}
    lang=$(cat "$langfile")
    check=$(cat "block.$n.check")
    body="block.$n.body"
    first=$(grep -m1 -v '^\s*\(#\|import\|$\)' "$body" | cut -c1-70)
    if [ "$lang" != sh ] && [ -z "$check" ]; then
        continue
    fi
    needs=${check%%|*}
    [ -z "$check" ] && needs=-
    [ "$lang" = python ] && needs="python3 $needs"
    missing=
    for tool in $needs; do
        has "$tool" || missing="$missing $tool"
    done
    if [ -n "$missing" ]; then
        echo "SKIP  #$n $lang: $first  (missing:$missing)"
        skipped=$((skipped + 1))
        continue
    fi
    case $lang in
        sh) out=$(bash -e "$body" 2>&1) ;;
        sql) out=$(run_sql "$body" 2>&1) ;;
        python) out=$(python3 "$body" 2>&1) ;;
    esac
    status=$?
    ok=1
    [ $status -eq 0 ] || ok=0
    if [ -n "$check" ]; then
        rest=${check#*|}
        IFS='|' read -r -a patterns <<< "$rest"
        for p in "${patterns[@]}"; do
            p=$(echo "$p" | sed 's/^ *//; s/ *$//')
            [ -z "$p" ] && continue
            if ! printf '%s\n' "$out" | grep -Eq -- "$p"; then
                echo "      #$n: no line matches /$p/"
                ok=0
            fi
        done
    fi
    if [ $ok -eq 1 ]; then
        echo "PASS  #$n $lang: $first"
        passed=$((passed + 1))
    else
        echo "FAIL  #$n $lang: $first (exit $status)"
        printf '%s\n' "$out" | sed 's/^/      | /' | head -20
        failed=$((failed + 1))
    fi
done
}

run_doc "$root/docs/recipes.md" "$scratch/docs" docs/recipes.md
run_doc "$scratch/readme-recipes.md" "$scratch/readme" "README.md (## Recipes)"
echo "recipes: $passed passed, $skipped skipped, $failed failed"
[ $failed -eq 0 ]
