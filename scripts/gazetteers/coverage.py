"""Measure how many gold entity surfaces the shipped gazetteers contain.

Run: python3 scripts/gazetteers/coverage.py [EVAL.jsonl ...]
     (default: the GUM dev files under /work/shared/eval/entities/ and the
     gas-union sample's expected entities)

Takes: gold files in the eval JSON-lines format ({"entities": [{"text",
"type"}]}) and gazetteers/**/*.tsv.
Gives: per file and type, the share of gold spans (tokens, not types) whose
exact surface, or its ALL-CAPS form, is a surface of an entry of the same
type; then the misses, so coverage can be improved by category. A surface
found only under another type, or only as a demonym, is reported as such.

This is a dictionary look-up, not the matcher: it ignores context rules and
ambiguity flags, so it is an upper bound for what the gazetteer stage finds.
"""

from __future__ import annotations

import json
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GAZ = ROOT / "gazetteers"
SHARED = Path("/work/shared")


def load_surfaces() -> tuple[dict[str, set[str]], set[str]]:
    by_type: dict[str, set[str]] = defaultdict(set)
    demonyms: set[str] = set()
    for p in GAZ.rglob("*.tsv"):
        if p.name == "given_names.tsv":
            continue
        for line in p.read_text(encoding="utf-8").splitlines():
            if not line or line.startswith("#"):
                continue
            c = line.split("\t") + ["", ""]
            surf = [c[2]] + (c[3].split("|") if c[3] else [])
            for s in surf:
                by_type[c[1]].add(s)
                by_type[c[1]].add(s.upper())
            for a in c[4].split(";"):
                if a.startswith("demonyms="):
                    demonyms.update(a[len("demonyms="):].split("|"))
    return by_type, demonyms


def main() -> None:
    by_type, demonyms = load_surfaces()
    files = [Path(a) for a in sys.argv[1:]] or sorted((SHARED / "eval" / "entities").glob("gum_*_dev.jsonl"))
    for f in files:
        found: Counter = Counter()
        total: Counter = Counter()
        misses: dict[str, Counter] = defaultdict(Counter)
        for line in f.read_text(encoding="utf-8").splitlines():
            doc = json.loads(line)
            for e in doc["entities"]:
                t = e["type"]
                if t not in ("PLACE", "ORG", "PERSON"):
                    continue
                s = e["text"]
                total[t] += 1
                if s in by_type[t]:
                    found[t] += 1
                else:
                    other = [o for o in by_type if o != t and s in by_type[o]]
                    why = f"as {other[0]}" if other else "demonym" if s in demonyms else ""
                    misses[t][f"{s}" + (f" [{why}]" if why else "")] += 1
        print(f"== {f.name}")
        for t in ("PLACE", "ORG", "PERSON"):
            if total[t]:
                print(f"  {t:6} {found[t]:4}/{total[t]:<4} = {found[t] / total[t]:.1%}")
        for t in ("PLACE", "ORG"):
            if misses[t]:
                m = ", ".join(f"{s} x{n}" if n > 1 else s for s, n in misses[t].most_common())
                print(f"  missed {t}: {m}")
    # The sample article's expected places and organisations.
    sample = SHARED / "samples" / "gas-union.expected.json"
    if sample.exists():
        exp = json.loads(sample.read_text(encoding="utf-8"))["entities"]
        for t in ("PLACE", "ORG"):
            miss = [s for s in exp[t] if s not in by_type[t]]
            print(f"== gas-union {t}: {len(exp[t]) - len(miss)}/{len(exp[t])} present; missing: {miss}")


if __name__ == "__main__":
    main()
