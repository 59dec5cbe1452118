"""Validate every shipped gazetteer file of quarry and print counts.

Run: python3 scripts/gazetteers/check.py     (standard library only)

Takes: gazetteers/**/*.tsv in quarry TSV v1 and the lexicon files.
Gives: exit 0 and a count table when all files are valid, else one line per
problem ("file:line: message") and exit 1.

Checks: at most 5 tab-separated columns and at least 3; type is PERSON, PLACE
or ORG; ids unique across all files and of the form Q<digits>,
geonames:<digits> or slug:<kebab>; no empty names or aliases; no surface twice
within one type inside one file; attrs are key=value pairs; every country's
capital= has a capital_id= naming a shipped place. Surfaces shared by
several files are legal (the loader decides) and are only counted.
"""

from __future__ import annotations

import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GAZ = ROOT / "gazetteers"
TYPES = {"PERSON", "PLACE", "ORG"}
ID_RE = re.compile(r"^(Q[1-9][0-9]*|geonames:[0-9]+|slug:[a-z0-9]+(-[a-z0-9]+)*)$")
ATTR_RE = re.compile(r"^[a-z_0-9]+=[^;=]+$")
SEX = {"m", "f", "u"}


def main() -> int:
    errors: list[str] = []
    ids: dict[str, str] = {}
    counts: list[tuple[str, int, int]] = []
    surface_files: dict[tuple[str, str], set[str]] = defaultdict(set)
    capitals: list[tuple[str, int, str, str, str]] = []
    for path in sorted(GAZ.rglob("*.tsv")):
        rel = path.relative_to(ROOT).as_posix()
        if path.name == "given_names.tsv":
            continue
        seen: dict[tuple[str, str], int] = {}
        n = 0
        nsurf = 0
        for lineno, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
            where = f"{rel}:{lineno}"
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) > 5 or len(cols) < 3:
                errors.append(f"{where}: {len(cols)} columns")
                continue
            cols += [""] * (5 - len(cols))
            id_, type_, name, aliases, attrs = cols
            n += 1
            if not ID_RE.match(id_):
                errors.append(f"{where}: bad id {id_!r}")
            if id_ in ids:
                errors.append(f"{where}: id {id_} already in {ids[id_]}")
            ids[id_] = where
            if type_ not in TYPES:
                errors.append(f"{where}: unknown type {type_!r}")
            if not name.strip():
                errors.append(f"{where}: empty name")
            surfaces = [name] + (aliases.split("|") if aliases else [])
            for s in surfaces:
                if not s or s != s.strip():
                    errors.append(f"{where}: empty or padded surface {s!r}")
                    continue
                key = (type_, s)
                if key in seen:
                    errors.append(f"{where}: surface {s!r} also on line {seen[key]}")
                else:
                    seen[key] = lineno
                surface_files[key].add(rel)
                nsurf += 1
            if attrs and path.name == "countries.tsv" and ";capital=" in ";" + attrs:
                kv = dict(a.split("=", 1) for a in attrs.split(";") if "=" in a)
                capitals.append((rel, lineno, kv.get("country", ""), kv["capital"],
                                 kv.get("capital_id", "")))
            if attrs:
                for a in attrs.split(";"):
                    if not ATTR_RE.match(a):
                        errors.append(f"{where}: bad attr {a!r}")
                    elif a.startswith("sex=") and a[4:] not in ("m", "f"):
                        errors.append(f"{where}: bad sex {a!r}")
        counts.append((rel, n, nsurf))
    # Lexicons.
    gn = GAZ / "lexicon" / "given_names.tsv"
    if gn.exists():
        n = 0
        names = set()
        for lineno, line in enumerate(gn.read_text(encoding="utf-8").split("\n"), 1):
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if (
                len(cols) not in (2, 3)
                or cols[1] not in SEX
                or not cols[0]
                or (len(cols) == 3 and cols[2] != "w")
            ):
                errors.append(f"gazetteers/lexicon/given_names.tsv:{lineno}: want name<TAB>m|f|u[<TAB>w]")
            elif cols[0] in names:
                errors.append(f"gazetteers/lexicon/given_names.tsv:{lineno}: duplicate {cols[0]}")
            names.add(cols[0])
            n += 1
        counts.append(("gazetteers/lexicon/given_names.tsv", n, n))
    for fname, check in (("titles.txt", "title"), ("org_cues.txt", "cue"), ("place_cues.txt", "cue"),
                         ("not_names.txt", "word")):
        p = GAZ / "lexicon" / fname
        if not p.exists():
            continue
        n = 0
        seen_l: set[str] = set()
        for lineno, line in enumerate(p.read_text(encoding="utf-8").split("\n"), 1):
            if not line.strip() or line.startswith("#"):
                continue
            where = f"gazetteers/lexicon/{fname}:{lineno}"
            cols = line.split("\t")
            if check == "title":
                if len(cols) > 2 or (len(cols) == 2 and cols[1] not in ("sex=m", "sex=f")):
                    errors.append(f"{where}: want title[<TAB>sex=m|f]")
                key = cols[0]
            elif check == "cue":
                if len(cols) != 2 or cols[0] not in ("prefix", "suffix", "head"):
                    errors.append(f"{where}: want prefix|suffix|head<TAB>cue")
                key = line
            else:
                if len(cols) != 1:
                    errors.append(f"{where}: one word per line")
                key = cols[0]
            if key != key.strip() or not key:
                errors.append(f"{where}: padded or empty entry")
            if key in seen_l:
                errors.append(f"{where}: duplicate {key!r}")
            seen_l.add(key)
            n += 1
        counts.append((f"gazetteers/lexicon/{fname}", n, n))
    # Every country's capital is a shipped place (build_places.py resolves it).
    for rel, lineno, iso, cap, cid in capitals:
        if not cid:
            errors.append(f"{rel}:{lineno}: capital {cap!r} of {iso} has no capital_id")
        elif cid not in ids or not ids[cid].startswith("gazetteers/places/"):
            errors.append(f"{rel}:{lineno}: capital_id {cid} of {iso} is no shipped place")
    cross = Counter(k[0] for k, files in surface_files.items() if len(files) > 1)
    for e in errors[:200]:
        print(e)
    if len(errors) > 200:
        print(f"... {len(errors) - 200} more")
    print(f"{'file':50} {'entries':>8} {'surfaces':>9}")
    for rel, n, ns in counts:
        print(f"{rel:50} {n:8} {ns:9}")
    print(f"total ids: {len(ids)}; surfaces shared across files: {dict(cross)}")
    print("OK" if not errors else f"{len(errors)} problems")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
