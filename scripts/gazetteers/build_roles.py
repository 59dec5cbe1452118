#!/usr/bin/env python3
"""Regenerate gazetteers/lexicon/roles.txt: lower-case nouns for people by
role or occupation ("nurse", "harbourmaster", "ranger", "lawyer"), which the
rules take as evidence that a capitalised name right after them is a person
("nurse Kwame Mensah", "the ranger, Beatriz Olmedo,").

Source: WordNet 3.0 (Princeton University; WordNet 3.0 license, a permissive
BSD-style licence), read from Debian's `wordnet-base` package
(/usr/share/wordnet). A lemma is taken when its most frequent noun sense
(the first in index.noun) is in the lexicographer file noun.person, it is
written in lower case, has one or two words, and is frequent enough to
matter in news (wordfreq Zipf >= ZIPF for its words, ZIPF1 for a one-word
role, which must not be an adjective too; wordfreq data CC BY-SA 4.0). British spellings of -or/-er words are added ("harbour master").
Titles already in titles.txt are left out (they carry sex hints there).

Run: apt-get install wordnet-base && pip install wordfreq &&
     python3 scripts/gazetteers/build_roles.py
"""
from __future__ import annotations

from pathlib import Path

import wordfreq

ROOT = Path(__file__).resolve().parents[2]
WN = Path("/usr/share/wordnet")
ZIPF = 2.5
# One-word roles must be commoner: rare single nouns are mostly odd senses.
ZIPF1 = 3.0
NOUN_PERSON = 18
# Plain words whose first sense is a person but whose use before a name is
# mostly something else ("the giant Royal Dutch Shell", "a host of ...").
EXCLUDE = {
    "giant", "host", "party", "people", "person", "someone", "somebody", "anyone",
    "everyone", "nobody", "one", "self", "mother", "father", "brother", "sister",
    "native", "national", "foreigner", "man", "woman", "boy", "girl", "child", "kid",
    "adult", "individual", "human", "being", "fellow", "guy", "lady", "gentleman",
    "star", "cast", "crew", "head", "chief", "major", "general", "private",
    "principal", "master", "mate", "second", "first", "king", "queen", "prince",
    # Insults WordNet does not mark as such in the gloss.
    "asshole", "bugger", "cunt", "dick", "dork", "idiot", "jerk", "jerk-off", "moron",
    "prick", "puke", "redneck", "retard", "slut", "twat", "whore", "pimp",
}


# Glosses of slurs and insults.
INSULT = ("slur", "offensive", "obscene", "vulgar", "disparaging", "derogatory", "contemptuous")


def synset(offset: int, data: bytes) -> tuple[int, list[str], str]:
    """The lexicographer file, the words as written and the gloss of a synset."""
    # data.noun lines start with the zero-padded byte offset.
    line_end = data.index(b"\n", offset)
    line = data[offset:line_end].decode("utf-8")
    fields = line.split(" ")
    n = int(fields[3], 16)
    gloss = line.split(" | ", 1)[1] if " | " in line else ""
    return int(fields[1]), [fields[4 + 2 * i] for i in range(n)], gloss


def main() -> None:
    data = (WN / "data.noun").read_bytes()
    titles = set()
    for line in (ROOT / "gazetteers/lexicon/titles.txt").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            titles.add(line.split("\t")[0].strip().lower())
    # Words that are mostly adjectives ("dry", "brave", "neurotic").
    adjectives = {
        line.split(" ", 1)[0]
        for line in (WN / "index.adj").read_text(encoding="utf-8").splitlines()
        if not line.startswith(" ")
    }
    roles: set[str] = set()
    for line in (WN / "index.noun").read_text(encoding="utf-8").splitlines():
        if line.startswith(" "):
            continue
        cols = line.split()
        lemma, synset_cnt, p_cnt = cols[0], int(cols[2]), int(cols[3])
        offsets = cols[6 + p_cnt:]
        if not offsets or lemma != lemma.lower() or not lemma.replace("_", "").replace("-", "").isalpha():
            continue
        words = lemma.split("_")
        if len(words) > 2:
            continue
        senses = [synset(int(o), data) for o in offsets]
        lexfile, _, gloss = senses[0]
        # Index lemmas are folded; proper names ("Bismarck") are capitalised
        # in the synsets themselves, so some person sense must write the
        # lemma in lower case ("ranger" the forest warden, not only "Ranger"
        # the Texas lawman). Slurs and insults are no roles.
        lower_person = any(lf == NOUN_PERSON and lemma in w for lf, w, _ in senses)
        if lexfile != NOUN_PERSON or not lower_person or any(m in gloss for m in INSULT):
            continue
        if min(wordfreq.zipf_frequency(w, "en") for w in words) < ZIPF:
            continue
        if len(words) == 1 and (lemma in adjectives or wordfreq.zipf_frequency(lemma, "en") < ZIPF1):
            continue
        phrase = " ".join(words)
        if phrase in EXCLUDE or phrase in titles:
            continue
        roles.add(phrase)
        # WordNet spells American English; news also writes British.
        gb = {"harbor": "harbour", "labor": "labour", "counselor": "counsellor"}
        british = " ".join(gb.get(w, w) for w in words)
        roles.add(british)
    out = ROOT / "gazetteers/lexicon/roles.txt"
    out.write_text(
        "# Lower-case role and occupation nouns for people, one a line.\n"
        "# Generated by scripts/gazetteers/build_roles.py from WordNet 3.0\n"
        "# (noun.person first senses; WordNet licence); do not edit.\n"
        + "\n".join(sorted(roles))
        + "\n",
        encoding="utf-8",
    )
    print(f"{out}: {len(roles)} roles")


if __name__ == "__main__":
    main()
