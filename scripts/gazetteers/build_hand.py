"""Regenerate the hand-written organisation and people gazetteers of quarry.

Run: python3 scripts/gazetteers/build_hand.py    (standard library only)

Takes: scripts/gazetteers/hand/orgs/*.txt and hand/people/*.txt, written by
hand in the compact format documented in gazlib.py.
Gives: gazetteers/orgs/<name>.tsv and gazetteers/people/<name>.tsv in quarry
TSV v1, entries sorted by name so the output is deterministic.

The one design decision: ids are slugs of the canonical name unless a QID is
given explicitly; renaming an entry changes its id, so keep canonical names
stable and add new spellings as aliases.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazlib import GAZ, HAND, fold, read_hand, write_tsv  # noqa: E402

SCRIPT = "build_hand.py"


def main() -> None:
    # Ids must be unique across the place files too: seed with their ids.
    used: set[str] = set()
    for p in sorted((GAZ / "places").glob("*.tsv")):
        for line in p.read_text(encoding="utf-8").splitlines():
            if line and not line.startswith("#"):
                used.add(line.split("\t", 1)[0])
    total = 0
    for sub in ("orgs", "people"):
        for src in sorted((HAND / sub).glob("*.txt")):
            entries = read_hand(src, used)
            for e in entries:
                # Add the diacritic-free spelling news wires often use.
                for s in list(e.surfaces()):
                    f = fold(s)
                    if f != s and f not in e.surfaces():
                        e.aliases.append(f)
            entries.sort(key=lambda e: (e.name, e.id))
            out = GAZ / sub / (src.stem + ".tsv")
            write_tsv(out, entries, SCRIPT,
                      f"Source: hand-written, scripts/gazetteers/hand/{sub}/{src.name}.")
            print(f"{out.relative_to(GAZ.parent)}: {len(entries)}")
            total += len(entries)
    print(f"total {total}")


if __name__ == "__main__":
    main()
