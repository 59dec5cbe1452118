//! The benchmark corpus: news-like English articles in JSON Lines, made up
//! from templates by a seeded PRNG, and generated name lists for the
//! gazetteer scale figures.
//!
//! Takes a size in MB; gives `target/bench-data/news-<MB>mb-<stamp>.jsonl`
//! with `id`, `date` and `text` fields (the text starts with a headline
//! line), plus the prefix of it that holds the first 10 MB.
//!
//! The design decision: **the corpus is a pure function of (generator
//! version, seed, size, the shipped name lists)**. The file name carries a
//! hash of all four, so a changed template or gazetteer makes a new file
//! instead of silently timing a stale one, and the generator is sequential,
//! so a smaller corpus is always a prefix of a larger one.
//!
//! Real names (people, places, organisations, titles, given names) are
//! drawn from the shipped `gazetteers/`; the sentences around them and the
//! invented names are written here. About half the people in an article
//! are invented (a known given name plus a made-up surname, some with
//! diacritics), so the rules and not only the lists have work to do.

use std::fmt::Write as _;
use std::fs;
use std::io::{self, BufWriter, Write};
use std::path::{Path, PathBuf};

/// Bumped whenever a template changes, so cached corpora are regenerated.
const GENERATOR_VERSION: u32 = 2;

/// The corpus seed. Fixed: figures are only comparable on the same text.
pub const SEED: u64 = 0x9e37_79b9_7f4a_7c15;

const PEOPLE: &str = include_str!("../../gazetteers/people/public_figures.tsv");
const COUNTRIES: &str = include_str!("../../gazetteers/places/countries.tsv");
const CITIES: &str = include_str!("../../gazetteers/places/cities.tsv");
const ADMIN1: &str = include_str!("../../gazetteers/places/admin1.tsv");
const REGIONS: &str = include_str!("../../gazetteers/places/regions.tsv");
const ORGS: &[&str] = &[
    include_str!("../../gazetteers/orgs/companies.tsv"),
    include_str!("../../gazetteers/orgs/gov.tsv"),
    include_str!("../../gazetteers/orgs/intl.tsv"),
    include_str!("../../gazetteers/orgs/ngos.tsv"),
    include_str!("../../gazetteers/orgs/parties.tsv"),
    include_str!("../../gazetteers/orgs/sports.tsv"),
    include_str!("../../gazetteers/orgs/universities.tsv"),
    include_str!("../../gazetteers/orgs/airlines.tsv"),
];
const NEWS_ORGS: &str = include_str!("../../gazetteers/orgs/news.tsv");
const TITLES: &str = include_str!("../../gazetteers/lexicon/titles.txt");
const GIVEN: &str = include_str!("../../gazetteers/lexicon/given_names.tsv");

/// SplitMix64: tiny, fast, and the same on every platform.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    /// A generator from a seed.
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    /// The next 64 random bits.
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: usize) -> usize {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 * n as f64) as usize % n.max(1)
    }

    /// Uniform in `lo..=hi`.
    pub fn range(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        ((self.next_u64() >> 11) as f64 / (1u64 << 53) as f64) < p
    }

    /// One word of a non-empty list.
    pub fn word(&mut self, xs: &[&'static str]) -> &'static str {
        xs[self.below(xs.len())]
    }

    /// One element of a non-empty slice.
    pub fn pick<'a, T>(&mut self, xs: &'a [T]) -> &'a T {
        &xs[self.below(xs.len())]
    }
}

/// FNV-1a, for the corpus stamp.
fn fnv(h: u64, bytes: &[u8]) -> u64 {
    bytes
        .iter()
        .fold(h, |h, &b| (h ^ b as u64).wrapping_mul(0x100_0000_01b3))
}

/// Grammatical sex, for pronouns and titles.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Sex {
    M,
    F,
}

impl Sex {
    fn he(self) -> &'static str {
        match self {
            Sex::M => "he",
            Sex::F => "she",
        }
    }
    fn his(self) -> &'static str {
        match self {
            Sex::M => "his",
            Sex::F => "her",
        }
    }
    fn honorific(self) -> &'static str {
        match self {
            Sex::M => "Mr.",
            Sex::F => "Ms.",
        }
    }
}

/// Data rows of a quarry TSV list: (name, attrs).
fn tsv_rows(text: &str) -> impl Iterator<Item = (&str, &str)> {
    text.lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .filter_map(|l| {
            let mut cols = l.split('\t');
            let name = cols.nth(2)?;
            let attrs = cols.nth(1).unwrap_or("");
            Some((name, attrs))
        })
}

fn attr<'a>(attrs: &'a str, key: &str) -> Option<&'a str> {
    attrs
        .split(';')
        .find_map(|kv| kv.strip_prefix(key)?.strip_prefix('='))
}

/// The name pools, parsed once from the shipped lists.
struct Pools {
    /// Real people: (full name, sex).
    people: Vec<(String, Sex)>,
    countries: Vec<String>,
    /// Cities over 200,000 people.
    cities: Vec<String>,
    admin1: Vec<String>,
    regions: Vec<String>,
    orgs: Vec<String>,
    news: Vec<String>,
    /// Person titles: (title, sex if the title implies one).
    titles: Vec<(String, Option<Sex>)>,
    given_m: Vec<String>,
    given_f: Vec<String>,
}

impl Pools {
    fn load() -> Pools {
        let sex_of = |s: Option<&str>| match s {
            Some("f") => Some(Sex::F),
            Some("m") => Some(Sex::M),
            _ => None,
        };
        let people = tsv_rows(PEOPLE)
            .filter_map(|(n, a)| sex_of(attr(a, "sex")).map(|s| (n.to_string(), s)))
            .collect();
        let names = |t: &str| tsv_rows(t).map(|(n, _)| n.to_string()).collect::<Vec<_>>();
        let cities = tsv_rows(CITIES)
            .filter(|(_, a)| {
                attr(a, "pop")
                    .and_then(|p| p.parse::<u64>().ok())
                    .is_some_and(|p| p >= 200_000)
            })
            .map(|(n, _)| n.to_string())
            .collect();
        let regions = tsv_rows(REGIONS)
            .filter(|(_, a)| attr(a, "kind").is_some_and(|k| k == "region" || k == "continent"))
            .map(|(n, _)| n.to_string())
            .collect();
        let orgs = ORGS.iter().flat_map(|t| names(t)).collect();
        let titles = TITLES
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .filter_map(|l| {
                let mut cols = l.split('\t');
                let t = cols.next()?.trim();
                let sex = cols.next().and_then(|a| sex_of(attr(a, "sex")));
                // One-word honorifics are produced by the templates.
                (t.contains(' ') || t.len() > 4).then(|| (t.to_string(), sex))
            })
            .collect();
        let mut given_m = Vec::new();
        let mut given_f = Vec::new();
        for l in GIVEN.lines().filter(|l| !l.starts_with('#')) {
            let mut cols = l.split('\t');
            let (Some(n), Some(s)) = (cols.next(), cols.next()) else {
                continue;
            };
            match s.trim() {
                "m" => given_m.push(n.to_string()),
                "f" => given_f.push(n.to_string()),
                _ => {
                    given_m.push(n.to_string());
                    given_f.push(n.to_string());
                }
            }
        }
        Pools {
            people,
            countries: names(COUNTRIES),
            cities,
            admin1: names(ADMIN1),
            regions,
            orgs,
            news: names(NEWS_ORGS),
            titles,
            given_m,
            given_f,
        }
    }

    /// A hash of every list the corpus draws from.
    fn stamp() -> u64 {
        let mut h = fnv(0xcbf2_9ce4_8422_2325, &GENERATOR_VERSION.to_le_bytes());
        h = fnv(h, &SEED.to_le_bytes());
        for t in [
            PEOPLE, COUNTRIES, CITIES, ADMIN1, REGIONS, NEWS_ORGS, TITLES, GIVEN,
        ] {
            h = fnv(h, t.as_bytes());
        }
        for t in ORGS {
            h = fnv(h, t.as_bytes());
        }
        h
    }
}

const ONSETS: &[&str] = &[
    "B", "Br", "C", "Ch", "D", "Dr", "F", "G", "Gr", "H", "K", "Kr", "L", "M", "N", "P", "Pr", "R",
    "S", "Sh", "St", "T", "Tr", "V", "W", "Y", "Z",
];
const VOWELS: &[&str] = &["a", "e", "i", "o", "u", "ai", "ou", "ei", "ia", "au"];
const CODAS: &[&str] = &[
    "", "n", "r", "l", "s", "k", "m", "nd", "rt", "st", "v", "z", "th",
];
const MIDDLES: &[&str] = &["b", "d", "g", "k", "l", "m", "n", "r", "s", "t", "v", "sh"];
const ENDINGS: &[&str] = &[
    "son", "berg", "ski", "ez", "ov", "ini", "ton", "ley", "er", "man", "ic", "ard", "es", "wala",
    "ura", "ford", "stein", "elli", "ado", "sen", "aki", "ian", "",
];
/// Surnames with diacritics: Central European, Nordic, Iberian, Vietnamese
/// and Turkish spellings.
const ACCENTED_VOWELS: &[&str] = &["á", "é", "í", "ó", "ö", "ü", "ø", "å", "ã", "ê", "ă", "ı"];
const ACCENTED_ENDINGS: &[&str] = &[
    "ović", "ński", "czyk", "sson", "ière", "ães", "ñez", "ğlu", "ễn", "šek", "ová", "ße",
];

/// A made-up surname: one or two syllables and an ending; one in eight has
/// diacritics.
fn surname(rng: &mut Rng) -> String {
    let mut s = String::new();
    let accented = rng.chance(0.125);
    s.push_str(rng.word(ONSETS));
    let syllables = rng.range(1, 2);
    for i in 0..syllables {
        if i > 0 {
            s.push_str(rng.word(MIDDLES));
        }
        if accented && rng.chance(0.5) {
            s.push_str(rng.word(ACCENTED_VOWELS));
        } else {
            s.push_str(rng.word(VOWELS));
        }
    }
    s.push_str(rng.word(CODAS));
    if accented {
        s.push_str(rng.word(ACCENTED_ENDINGS));
    } else {
        s.push_str(rng.word(ENDINGS));
    }
    s
}

/// `n` distinct invented person names ("Given Surname"), the same for the
/// same `n` and a prefix of the list for any larger `n`. The corpus draws
/// its invented people from the first few thousand, so every generated
/// user list has matches in the corpus.
pub fn person_names(n: usize) -> Vec<String> {
    let pools = Pools::load();
    person_names_from(&pools, n)
        .into_iter()
        .map(|(name, _)| name)
        .collect()
}

/// Invented people with the sex of their given name.
fn person_names_from(pools: &Pools, n: usize) -> Vec<(String, Sex)> {
    let mut rng = Rng::new(SEED ^ 0x05ee_d0f4_a3e5);
    let mut seen = std::collections::HashSet::with_capacity(n);
    let mut out = Vec::with_capacity(n);
    while out.len() < n {
        let (given, sex) = if rng.chance(0.5) {
            (rng.pick(&pools.given_m), Sex::M)
        } else {
            (rng.pick(&pools.given_f), Sex::F)
        };
        let name = if rng.chance(0.1) {
            let initial = (b'A' + rng.below(26) as u8) as char;
            format!("{given} {initial}. {}", surname(&mut rng))
        } else {
            format!("{given} {}", surname(&mut rng))
        };
        if seen.insert(name.clone()) {
            out.push((name, sex));
        }
    }
    out
}

/// A user gazetteer in quarry TSV (`id<TAB>PERSON<TAB>Name`) of `n`
/// invented people.
pub fn person_list_tsv(n: usize) -> String {
    let mut s = String::with_capacity(n * 32);
    s.push_str("# quarry TSV v1: generated by benches/throughput/corpus.rs\n");
    for (i, name) in person_names(n).iter().enumerate() {
        let _ = writeln!(s, "bench:p{i}\tPERSON\t{name}");
    }
    s
}

/// How many invented people the corpus draws from.
const INVENTED_PEOPLE: usize = 3000;

/// A person in an article's cast.
struct Person {
    full: String,
    surname: String,
    sex: Sex,
    /// "Foreign Minister", "Dr." ...; used on first mention.
    title: Option<String>,
    /// "a spokeswoman for", "the chief executive of" ...
    role: &'static str,
}

const ROLES: &[&str] = &[
    "a spokesman for",
    "a spokeswoman for",
    "the chief executive of",
    "a senior official at",
    "an analyst at",
    "the director of",
    "a researcher at",
    "the chairman of",
    "a lawyer for",
    "a board member of",
    "the head of communications at",
    "an economist at",
];

const SUBJECTS: &[&str] = &[
    "the government",
    "the company",
    "officials",
    "investors",
    "the committee",
    "residents",
    "the plan",
    "prices",
    "the deal",
    "the agency",
    "the central bank",
    "lawmakers",
    "the union",
    "regulators",
    "the ministry",
    "voters",
    "the board",
    "the court",
];
const VERB_PHRASES: &[&str] = &[
    "would review",
    "had rejected",
    "is expected to approve",
    "will delay",
    "could not confirm",
    "had warned about",
    "plans to expand",
    "has struggled with",
    "agreed to fund",
    "was weighing",
    "refused to discuss",
    "would challenge",
    "has not ruled out",
    "had underestimated",
    "is preparing to cut",
    "voted against",
];
const OBJECTS: &[&str] = &[
    "the proposal",
    "new rules on emissions",
    "a $2.4 billion bond sale",
    "the ceasefire talks",
    "its annual budget",
    "a bid for the contract",
    "the merger",
    "plans for a new rail line",
    "tax increases",
    "the investigation",
    "the price of wheat",
    "a 12 percent pay rise",
    "the trade agreement",
    "the cost of housing",
    "a review of the pension scheme",
    "the export ban",
    "the new stadium",
    "its debt of 3.1 billion euros",
];
const QUOTE_OPENERS: &[&str] = &[
    "We are not going to back down",
    "This is a difficult moment for everyone",
    "Nobody expected the numbers to move this fast",
    "I think people deserve a straight answer",
    "There is still a lot of work to do",
    "We have been very clear about our position",
    "It is too early to say what happens next",
    "The decision was not taken lightly",
    "Frankly, I was surprised",
    "We will keep talking as long as it takes",
    "This changes nothing for ordinary families",
    "Our priority is the safety of the workers",
    "I don't believe the figures",
    "We knew the risks when we started",
];
const QUOTE_TAILS: &[&str] = &[
    "and we will say so again",
    "but the direction is right",
    "whatever the critics say",
    "even if it takes another year",
    "and that worries me",
    "because the money simply isn't there",
    "not after what happened last winter",
    "and I hope they listen",
];
const ADJUNCTS: &[&str] = &[
    "",
    "",
    " despite the protests",
    " after months of negotiations",
    " in the coming weeks",
    " under pressure from shareholders",
    " for the first time since the crisis",
    " without giving details",
];
const WEEKDAYS: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
];
const MONTHS: &[&str] = &[
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const MONTH_ABBR: &[&str] = &[
    "Jan.", "Feb.", "March", "April", "May", "June", "July", "Aug.", "Sept.", "Oct.", "Nov.",
    "Dec.",
];
const RELATIVE_DATES: &[&str] = &[
    "last week",
    "earlier this month",
    "two years ago",
    "next month",
    "yesterday",
    "this year",
    "last year",
    "the following day",
    "on Friday night",
    "in the coming days",
    "three weeks ago",
    "late last year",
];
const SPEECH: &[&str] = &[
    "said",
    "said",
    "said",
    "added",
    "told reporters",
    "warned",
    "wrote",
];
const HEAD_VERBS: &[&str] = &[
    "Weighs",
    "Rejects",
    "Backs",
    "Delays",
    "Approves",
    "Questions",
    "Targets",
    "Expands",
];
const HEAD_NOUNS: &[&str] = &[
    "Budget Plan",
    "Rail Deal",
    "Tax Reform",
    "Export Ban",
    "Emissions Rules",
    "Bond Sale",
    "Ceasefire Talks",
    "Pension Review",
];
const INVENTED_ORG_WORDS: &[&str] = &[
    "Energy",
    "Mining",
    "Logistics",
    "Shipping",
    "Steel",
    "Capital",
    "Foods",
    "Telecom",
    "Pharma",
    "Textiles",
];
const ORG_SUFFIXES: &[&str] = &[
    "Inc.", "Corp.", "Ltd", "Holdings", "Group", "AG", "S.A.", "LLC",
];
const TOPICS: &[&str] = &[
    "Energy",
    "Health",
    "Transport",
    "Finance",
    "Education",
    "Agriculture",
    "Defence",
    "Labour",
];

/// One article's cast and the generator state.
struct Article<'p> {
    pools: &'p Pools,
    people: Vec<Person>,
    orgs: Vec<String>,
    places: Vec<String>,
    /// Which people have been introduced with their full name.
    introduced: Vec<bool>,
    year: usize,
    /// The article uses straight quotes instead of curly ones.
    straight: bool,
}

impl<'p> Article<'p> {
    fn new(
        pools: &'p Pools,
        invented: &'p [(String, Sex)],
        rng: &mut Rng,
        year: usize,
    ) -> Article<'p> {
        let mut people = Vec::new();
        for _ in 0..rng.range(2, 5) {
            let (full, sex) = if rng.chance(0.45) {
                let (n, s) = rng.pick(&pools.people);
                (n.clone(), *s)
            } else {
                rng.pick(invented).clone()
            };
            let surname = full.rsplit(' ').next().unwrap_or(&full).to_string();
            let title = if rng.chance(0.35) {
                let fits: Vec<&(String, Option<Sex>)> = (0..8)
                    .map(|_| rng.pick(&pools.titles))
                    .filter(|(_, s)| s.is_none_or(|s| s == sex))
                    .collect();
                fits.first().map(|(t, _)| t.clone())
            } else {
                None
            };
            people.push(Person {
                full,
                surname,
                sex,
                title,
                role: rng.word(ROLES),
            });
        }
        let mut orgs = Vec::new();
        for _ in 0..rng.range(1, 3) {
            orgs.push(if rng.chance(0.6) {
                rng.pick(&pools.orgs).clone()
            } else {
                invented_org(pools, rng)
            });
        }
        let mut places = Vec::new();
        for _ in 0..rng.range(1, 3) {
            places.push(match rng.below(10) {
                0..=3 => rng.pick(&pools.countries).clone(),
                4..=7 => rng.pick(&pools.cities).clone(),
                8 => rng.pick(&pools.admin1).clone(),
                _ => rng.pick(&pools.regions).clone(),
            });
        }
        Article {
            pools,
            introduced: vec![false; people.len()],
            people,
            orgs,
            places,
            year,
            straight: rng.chance(0.3),
        }
    }

    fn quote_marks(&self) -> (&'static str, &'static str) {
        if self.straight {
            ("\"", "\"")
        } else {
            ("\u{201c}", "\u{201d}")
        }
    }

    /// How to name person `i`: full name (with title) the first time, then
    /// the surname, sometimes with an honorific.
    fn name(&mut self, rng: &mut Rng, i: usize) -> String {
        let p = &self.people[i];
        if !self.introduced[i] {
            self.introduced[i] = true;
            return match &p.title {
                Some(t) => format!("{t} {}", p.full),
                None => p.full.clone(),
            };
        }
        if rng.chance(0.15) {
            format!("{} {}", p.sex.honorific(), p.surname)
        } else {
            p.surname.clone()
        }
    }

    fn date_expr(&self, rng: &mut Rng) -> String {
        match rng.below(8) {
            0 => format!("on {}", rng.pick(WEEKDAYS)),
            1 => format!("on {} {}", rng.pick(MONTH_ABBR), rng.range(1, 28)),
            2 => format!("in {}", rng.range(1950, self.year)),
            3 => format!(
                "on {} {}, {}",
                rng.pick(MONTHS),
                rng.range(1, 28),
                rng.range(self.year - 3, self.year)
            ),
            4 => format!("on {} {}", rng.range(1, 28), rng.pick(MONTHS)),
            5 => format!("in {} {}", rng.pick(MONTHS), rng.range(1990, self.year)),
            _ => rng.pick(RELATIVE_DATES).to_string(),
        }
    }

    fn clause(&self, rng: &mut Rng) -> String {
        format!(
            "{} {} {}{}",
            rng.pick(SUBJECTS),
            rng.pick(VERB_PHRASES),
            rng.pick(OBJECTS),
            rng.pick(ADJUNCTS)
        )
    }

    fn quote_text(&self, rng: &mut Rng) -> String {
        if rng.chance(0.5) {
            format!("{}, {}", rng.pick(QUOTE_OPENERS), rng.pick(QUOTE_TAILS))
        } else {
            rng.pick(QUOTE_OPENERS).to_string()
        }
    }

    fn org(&self, rng: &mut Rng) -> String {
        rng.pick(&self.orgs).clone()
    }

    fn place(&self, rng: &mut Rng) -> String {
        rng.pick(&self.places).clone()
    }

    /// One sentence from one of the templates.
    fn sentence(&mut self, rng: &mut Rng) -> String {
        let i = rng.below(self.people.len());
        let j = (i + 1) % self.people.len();
        let (o, c) = self.quote_marks();
        let sex = self.people[i].sex;
        match rng.below(26) {
            0 => {
                let n = self.name(rng, i);
                let d = rng.pick(WEEKDAYS);
                format!("{n} said on {d} that {}.", self.clause(rng))
            }
            1 | 2 => {
                let q = self.quote_text(rng);
                let n = self.name(rng, i);
                format!("{o}{q},{c} {n} {}.", rng.pick(SPEECH))
            }
            3 => {
                let q = self.quote_text(rng);
                let full = self.people[i].full.clone();
                let role = self.people[i].role;
                let org = self.org(rng);
                self.introduced[i] = true;
                format!("{o}{q},{c} said {full}, {role} {org}.")
            }
            4 => {
                let q = self.quote_text(rng);
                let q2 = rng.pick(QUOTE_OPENERS);
                let n = self.name(rng, i);
                format!("{o}{q},{c} {n} said. {o}{q2}.{c}")
            }
            5 => {
                let q = self.quote_text(rng);
                let n = self.name(rng, i);
                format!("{n} said: {o}{q}.{c}")
            }
            6 => {
                let q = self.quote_text(rng);
                let n = self.name(rng, i);
                let news = rng.pick(&self.pools.news).clone();
                format!("{o}{q},{c} {n} told {news}.")
            }
            7 => {
                let q = self.quote_text(rng);
                let n = self.name(rng, i);
                let p = self.place(rng);
                let d = self.date_expr(rng);
                format!("{o}{q},{c} {n} told reporters in {p} {d}.")
            }
            8 => {
                let n = self.name(rng, i);
                let q = rng.pick(QUOTE_TAILS);
                format!("{n} added that the plan would go ahead {o}{q}.{c}")
            }
            9 => {
                let org = self.org(rng);
                let d = self.date_expr(rng);
                format!(
                    "The {org} said in a statement {d} that {}.",
                    self.clause(rng)
                )
            }
            10 => {
                let n = self.name(rng, i);
                let y = rng.range(1960, self.year);
                let p = self.place(rng);
                let h = sex.he();
                format!(
                    "In {y}, {n} moved to {p}, where {h} worked for {}.",
                    self.org(rng)
                )
            }
            11 => {
                let org = self.org(rng);
                let p = self.place(rng);
                let d = self.date_expr(rng);
                format!(
                    "{org}, which is based in {p}, {} {} {d}.",
                    rng.pick(VERB_PHRASES),
                    rng.pick(OBJECTS)
                )
            }
            12 => {
                let full = self.people[i].full.clone();
                self.introduced[i] = true;
                let org = self.org(rng);
                format!(
                    "According to {full}, {} {org}, {}.",
                    self.people[i].role,
                    self.clause(rng)
                )
            }
            13 => {
                let n = self.name(rng, i);
                let m = self.name(rng, j);
                let p = self.place(rng);
                let d = self.date_expr(rng);
                format!("{n} met {m} in {p} {d} to discuss {}.", rng.pick(OBJECTS))
            }
            14 => {
                let org = self.org(rng);
                let pct = rng.range(1, 9);
                let dec = rng.below(10);
                let dir = if rng.chance(0.5) { "rose" } else { "fell" };
                let d = self.date_expr(rng);
                format!(
                    "Shares of {org} {dir} {pct}.{dec} percent {d}, the biggest move in months."
                )
            }
            15 => {
                let org = self.org(rng);
                let p = self.place(rng);
                let d = self.date_expr(rng);
                format!("The talks, hosted by {org} in {p}, ended {d} without an agreement.")
            }
            16 => {
                let n = self.name(rng, i);
                let obj = rng.pick(OBJECTS);
                format!("Asked about {obj}, {n} declined to comment.")
            }
            17 => {
                let p = self.place(rng);
                format!("Officials in {p} said {}.", self.clause(rng))
            }
            18 => {
                let n = self.name(rng, i);
                let his = sex.his();
                let ago = rng.range(2, 30);
                format!(
                    "{n} has led {his} team for {ago} years and is expected to stay on until {}.",
                    self.year + rng.range(1, 4)
                )
            }
            19 => {
                let topic = rng.pick(TOPICS);
                let p = self.place(rng);
                let d = self.date_expr(rng);
                format!("The Ministry of {topic} in {p} confirmed the figures {d}.")
            }
            20 => {
                let n = self.name(rng, i);
                let d = self.date_expr(rng);
                format!(
                    "Speaking {d}, {n} said {} had been {}.",
                    rng.pick(SUBJECTS),
                    rng.pick(&["misled", "too cautious", "right all along", "slow to act"])
                )
            }
            21 => {
                let d = self.date_expr(rng);
                format!(
                    "The figures, published by the statistics office {d}, showed that {} and that {}.",
                    self.clause(rng),
                    self.clause(rng)
                )
            }
            22 => format!(
                "It was not clear whether {}, and several people who attended the meeting said the mood had been tense.",
                self.clause(rng)
            ),
            23 => {
                let d = self.date_expr(rng);
                format!(
                    "Critics say {} because of a shortage of staff, a problem that has grown worse since the pandemic; supporters reply that {} {d}.",
                    self.clause(rng),
                    self.clause(rng)
                )
            }
            _ => {
                let c1 = self.clause(rng);
                let mut c1 = c1;
                if let Some(first) = c1.get(..1) {
                    let up = first.to_uppercase();
                    c1.replace_range(..1, &up);
                }
                format!("{c1}, analysts said.")
            }
        }
    }

    fn headline(&self, rng: &mut Rng) -> String {
        let p = rng.pick(&self.places);
        let h = match rng.below(3) {
            0 => format!("{p} {} {}", rng.pick(HEAD_VERBS), rng.pick(HEAD_NOUNS)),
            1 => format!(
                "{} {} {} in {p}",
                rng.pick(&self.orgs),
                rng.pick(HEAD_VERBS),
                rng.pick(HEAD_NOUNS)
            ),
            _ => format!(
                "{} {} {}",
                self.people[0].surname,
                rng.pick(HEAD_VERBS),
                rng.pick(HEAD_NOUNS)
            ),
        };
        if rng.chance(0.1) {
            h.to_uppercase()
        } else {
            h
        }
    }
}

/// An organisation that is in no list: a company with a legal suffix, a
/// ministry, or a university named after a place.
fn invented_org(pools: &Pools, rng: &mut Rng) -> String {
    let s = surname(rng);
    match rng.below(4) {
        0 => format!(
            "{s} {} {}",
            rng.pick(INVENTED_ORG_WORDS),
            rng.pick(ORG_SUFFIXES)
        ),
        1 => format!("Ministry of {}", rng.pick(TOPICS)),
        2 => format!("University of {}", rng.pick(&pools.cities)),
        _ => format!("{s} Institute"),
    }
}

/// Writes one article's text into `out`: headline, optional dateline and
/// byline, then paragraphs of one to four sentences up to 1–8 KB.
fn article_text(
    pools: &Pools,
    invented: &[(String, Sex)],
    rng: &mut Rng,
    year: usize,
    out: &mut String,
) {
    out.clear();
    let mut a = Article::new(pools, invented, rng, year);
    // Skewed towards 2–4 KB, as wire copy is.
    let u = (rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
    let target = 1024 + (u.powf(1.6) * 7000.0) as usize;
    out.push_str(&a.headline(rng));
    out.push_str("\n\n");
    if rng.chance(0.2) {
        let (by, _) = rng.pick(invented);
        let _ = write!(out, "By {by}\n\n");
    }
    let mut first = true;
    loop {
        let mut para = String::new();
        if first && rng.chance(0.3) {
            let city = rng.pick(&pools.cities);
            if rng.chance(0.5) {
                let news = rng.pick(&pools.news);
                let _ = write!(para, "{} ({news}) \u{2014} ", city.to_uppercase());
            } else {
                let _ = write!(
                    para,
                    "{city}, {} {} \u{2014} ",
                    rng.pick(MONTH_ABBR),
                    rng.range(1, 28)
                );
            }
        }
        first = false;
        for k in 0..rng.range(1, 4) {
            if k > 0 {
                para.push(' ');
            }
            para.push_str(&a.sentence(rng));
        }
        if out.len() + para.len() + 2 > 8192 {
            break;
        }
        out.push_str(&para);
        if out.len() >= target {
            break;
        }
        out.push_str(if rng.chance(0.8) { "\n\n" } else { "\n" });
    }
    if rng.chance(0.15) && out.len() < 8000 {
        let (e, _) = rng.pick(invented);
        let _ = write!(
            out,
            "\n\n(Reporting by {}; Editing by {e})",
            a.people[0].full
        );
    }
}

/// The corpus files for a size.
#[derive(Clone, Debug)]
pub struct CorpusFiles {
    /// The whole corpus.
    pub full: PathBuf,
    /// Its first 10 MB of text (the whole corpus when it is smaller).
    pub small: PathBuf,
}

/// Generates the corpus of `mb` MB of article text into `dir` unless a
/// file with the same stamp is already there.
pub fn ensure(dir: &Path, mb: usize) -> io::Result<CorpusFiles> {
    fs::create_dir_all(dir)?;
    let stamp = Pools::stamp();
    let full = dir.join(format!("news-{mb}mb-{:08x}.jsonl", stamp as u32));
    let small = dir.join(format!("news-{}mb-{:08x}.jsonl", mb.min(10), stamp as u32));
    if full.exists() && small.exists() {
        return Ok(CorpusFiles { full, small });
    }
    let started = std::time::Instant::now();
    generate(&full, mb, Some((&small, mb.min(10))))?;
    eprintln!(
        "generated {} in {:.1} s",
        full.display(),
        started.elapsed().as_secs_f64()
    );
    Ok(CorpusFiles { full, small })
}

/// Writes `mb` MB of article text as JSON Lines to `path` (through a
/// temporary file, so an interrupted run leaves no half corpus), and the
/// prefix holding `prefix_mb` MB to the second path.
fn generate(path: &Path, mb: usize, prefix: Option<(&Path, usize)>) -> io::Result<()> {
    let pools = Pools::load();
    let invented = person_names_from(&pools, INVENTED_PEOPLE);
    let mut rng = Rng::new(SEED);
    let limit = mb << 20;
    let tmp = path.with_extension("jsonl.tmp");
    let mut w = BufWriter::new(fs::File::create(&tmp)?);
    let mut pw = match prefix {
        Some((p, _)) if p != path => Some(BufWriter::new(fs::File::create(
            p.with_extension("jsonl.tmp"),
        )?)),
        _ => None,
    };
    let prefix_limit = prefix.map_or(0, |(_, m)| m << 20);
    let mut text = String::new();
    let mut line = Vec::new();
    let mut bytes = 0usize;
    let mut n = 0usize;
    while bytes < limit {
        let year = rng.range(2015, 2024);
        let date = format!("{year}-{:02}-{:02}", rng.range(1, 12), rng.range(1, 28));
        article_text(&pools, &invented, &mut rng, year, &mut text);
        line.clear();
        serde_json::to_writer(
            &mut line,
            &serde_json::json!({ "id": format!("bench-{n:06}"), "date": date, "text": text }),
        )?;
        line.push(b'\n');
        w.write_all(&line)?;
        if bytes < prefix_limit {
            if let Some(pw) = pw.as_mut() {
                pw.write_all(&line)?;
            }
        }
        bytes += text.len();
        n += 1;
    }
    w.flush()?;
    drop(w);
    fs::rename(&tmp, path)?;
    if let (Some(mut pw), Some((p, _))) = (pw, prefix) {
        pw.flush()?;
        drop(pw);
        fs::rename(p.with_extension("jsonl.tmp"), p)?;
    }
    Ok(())
}
