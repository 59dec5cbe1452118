#!/usr/bin/env bash
# Reruns every quality figure in the README: quarry's own scorer, then the
# reference Python scorers in ../shared/eval on the same predictions.
set -euo pipefail
cd "$(dirname "$0")/.."
EVAL=${EVAL:-../shared/eval}
OUT=${OUT:-target/eval}
mkdir -p "$OUT"
cargo build --release -q
Q=target/release/quarry
run() { # task gold name
  echo "== $3 ($1)"
  $Q eval --task "$1" --gold "$2" --predictions "$OUT/$3.pred.jsonl" >/dev/null
  if [ "$1" = quotes ]; then
    python3 "$EVAL/score_quotes.py" "$2" "$OUT/$3.pred.jsonl"
  else
    python3 "$EVAL/score_entities.py" "$2" "$OUT/$3.pred.jsonl"
  fi
}
run entities "$EVAL/entities/gum_news_dev.jsonl" gum_news
run entities "$EVAL/entities/gum_other_dev.jsonl" gum_other
run dates "$EVAL/dates/te3_platinum_dev.jsonl" te3_dates
run quotes "$EVAL/quotes/te3_quotes_dev.jsonl" te3_quotes
run quotes "$EVAL/quotes/gum_news_quotes_dev.jsonl" gum_quotes
