//! The words the date finder knows, as data.
//!
//! Every word token is looked up once, lower-cased, and tagged with a
//! [`Lex`]; the grammar in `mod.rs` only ever looks at these tags, so adding
//! a synonym ("Sept", "fortnight") is a one-line change here.

/// What a word means to the date grammar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lex {
    /// A month, 1–12; `abbr` for "Dec", "Sept" (which may take a period).
    Month { m: u32, abbr: bool },
    /// A weekday, ISO numbering: Monday = 1 ... Sunday = 7.
    Weekday(u32),
    /// A season code: SP, SU, FA, WI.
    Season(Code),
    /// A part of the day code: MO, AF, EV, NI.
    DayPart(Code),
    /// A calendar unit ("day", "weeks", ...).
    Unit(Unit),
    /// A cardinal number word ("two", "a", "dozen" is not one).
    Card(u32),
    /// An ordinal word ("third").
    Ord(u32),
    /// A word with a fixed meaning to the grammar.
    W(W),
    /// Anything else.
    Other,
}

/// A TIMEX3 code of two capital letters ("SU", "NI"), kept as one byte
/// so that a token stays small.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Code(u8);

/// The codes a [`Code`] indexes.
const CODES: [&str; 8] = ["SP", "SU", "FA", "WI", "MO", "AF", "EV", "NI"];

impl Code {
    /// The code's letters.
    pub(crate) fn as_str(self) -> &'static str {
        CODES.get(usize::from(self.0)).copied().unwrap_or("XX")
    }
}

/// Calendar units.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Unit {
    Day,
    Week,
    Weekend,
    Month,
    Quarter,
    Year,
    Decade,
    Century,
}

/// Function words and relative words the grammar tests for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum W {
    The,
    This,
    Last,
    Next,
    Coming,
    Past,
    Early,
    Mid,
    Late,
    Earlier,
    Later,
    Ago,
    Before,
    After,
    Following,
    Previous,
    Same,
    That,
    Of,
    In,
    On,
    At,
    Every,
    Today,
    Yesterday,
    Tomorrow,
    Tonight,
    Now,
    PresentRef,
    PastRef,
    FutureRef,
    Present,
    Future,
    Near,
    Foreseeable,
    Fiscal,
    End,
    Beginning,
    Middle,
    Half,
    Noon,
    Midnight,
    Few,
    These,
    Several,
    Christmas,
    Eve,
    Year,
    Years,
    Day,
}

/// The longest word in [`ENTRIES`]; longer words are not looked up.
pub(crate) const MAX_WORD: usize = 11;

/// Every word the grammar knows, lower-case, with its tag.
const ENTRIES: &[(&str, Lex)] = &[
    ("january", Lex::Month { m: 1, abbr: false }),
    ("jan", Lex::Month { m: 1, abbr: true }),
    ("february", Lex::Month { m: 2, abbr: false }),
    ("feb", Lex::Month { m: 2, abbr: true }),
    ("march", Lex::Month { m: 3, abbr: false }),
    ("mar", Lex::Month { m: 3, abbr: true }),
    ("april", Lex::Month { m: 4, abbr: false }),
    ("apr", Lex::Month { m: 4, abbr: true }),
    ("may", Lex::Month { m: 5, abbr: false }),
    ("june", Lex::Month { m: 6, abbr: false }),
    ("jun", Lex::Month { m: 6, abbr: true }),
    ("july", Lex::Month { m: 7, abbr: false }),
    ("jul", Lex::Month { m: 7, abbr: true }),
    ("august", Lex::Month { m: 8, abbr: false }),
    ("aug", Lex::Month { m: 8, abbr: true }),
    ("september", Lex::Month { m: 9, abbr: false }),
    ("sep", Lex::Month { m: 9, abbr: true }),
    ("sept", Lex::Month { m: 9, abbr: true }),
    ("october", Lex::Month { m: 10, abbr: false }),
    ("oct", Lex::Month { m: 10, abbr: true }),
    ("november", Lex::Month { m: 11, abbr: false }),
    ("nov", Lex::Month { m: 11, abbr: true }),
    ("december", Lex::Month { m: 12, abbr: false }),
    ("dec", Lex::Month { m: 12, abbr: true }),
    ("monday", Lex::Weekday(1)),
    ("tuesday", Lex::Weekday(2)),
    ("wednesday", Lex::Weekday(3)),
    ("thursday", Lex::Weekday(4)),
    ("friday", Lex::Weekday(5)),
    ("saturday", Lex::Weekday(6)),
    ("sunday", Lex::Weekday(7)),
    ("spring", Lex::Season(Code(0))),
    ("summer", Lex::Season(Code(1))),
    ("fall", Lex::Season(Code(2))),
    ("autumn", Lex::Season(Code(2))),
    ("winter", Lex::Season(Code(3))),
    ("morning", Lex::DayPart(Code(4))),
    ("afternoon", Lex::DayPart(Code(5))),
    ("evening", Lex::DayPart(Code(6))),
    ("night", Lex::DayPart(Code(7))),
    ("day", Lex::W(W::Day)),
    ("days", Lex::Unit(Unit::Day)),
    ("week", Lex::Unit(Unit::Week)),
    ("weeks", Lex::Unit(Unit::Week)),
    ("weekend", Lex::Unit(Unit::Weekend)),
    ("month", Lex::Unit(Unit::Month)),
    ("months", Lex::Unit(Unit::Month)),
    ("quarter", Lex::Unit(Unit::Quarter)),
    ("quarters", Lex::Unit(Unit::Quarter)),
    ("year", Lex::W(W::Year)),
    ("years", Lex::W(W::Years)),
    ("decade", Lex::Unit(Unit::Decade)),
    ("decades", Lex::Unit(Unit::Decade)),
    ("century", Lex::Unit(Unit::Century)),
    ("centuries", Lex::Unit(Unit::Century)),
    ("a", Lex::Card(1)),
    ("an", Lex::Card(1)),
    ("one", Lex::Card(1)),
    ("two", Lex::Card(2)),
    ("three", Lex::Card(3)),
    ("four", Lex::Card(4)),
    ("five", Lex::Card(5)),
    ("six", Lex::Card(6)),
    ("seven", Lex::Card(7)),
    ("eight", Lex::Card(8)),
    ("nine", Lex::Card(9)),
    ("ten", Lex::Card(10)),
    ("eleven", Lex::Card(11)),
    ("twelve", Lex::Card(12)),
    ("fifteen", Lex::Card(15)),
    ("twenty", Lex::Card(20)),
    ("thirty", Lex::Card(30)),
    ("fifty", Lex::Card(50)),
    ("hundred", Lex::Card(100)),
    ("first", Lex::Ord(1)),
    ("second", Lex::Ord(2)),
    ("third", Lex::Ord(3)),
    ("fourth", Lex::Ord(4)),
    ("fifth", Lex::Ord(5)),
    ("sixth", Lex::Ord(6)),
    ("seventh", Lex::Ord(7)),
    ("eighth", Lex::Ord(8)),
    ("ninth", Lex::Ord(9)),
    ("tenth", Lex::Ord(10)),
    ("eleventh", Lex::Ord(11)),
    ("twelfth", Lex::Ord(12)),
    ("thirteenth", Lex::Ord(13)),
    ("fourteenth", Lex::Ord(14)),
    ("fifteenth", Lex::Ord(15)),
    ("sixteenth", Lex::Ord(16)),
    ("seventeenth", Lex::Ord(17)),
    ("eighteenth", Lex::Ord(18)),
    ("nineteenth", Lex::Ord(19)),
    ("twentieth", Lex::Ord(20)),
    ("the", Lex::W(W::The)),
    ("this", Lex::W(W::This)),
    ("last", Lex::W(W::Last)),
    ("next", Lex::W(W::Next)),
    ("coming", Lex::W(W::Coming)),
    ("past", Lex::W(W::Past)),
    ("early", Lex::W(W::Early)),
    ("mid", Lex::W(W::Mid)),
    ("late", Lex::W(W::Late)),
    ("earlier", Lex::W(W::Earlier)),
    ("later", Lex::W(W::Later)),
    ("ago", Lex::W(W::Ago)),
    ("before", Lex::W(W::Before)),
    ("after", Lex::W(W::After)),
    ("following", Lex::W(W::Following)),
    ("previous", Lex::W(W::Previous)),
    ("prior", Lex::W(W::Previous)),
    ("preceding", Lex::W(W::Previous)),
    ("same", Lex::W(W::Same)),
    ("that", Lex::W(W::That)),
    ("of", Lex::W(W::Of)),
    ("in", Lex::W(W::In)),
    ("on", Lex::W(W::On)),
    ("at", Lex::W(W::At)),
    ("every", Lex::W(W::Every)),
    ("each", Lex::W(W::Every)),
    ("per", Lex::W(W::Every)),
    ("today", Lex::W(W::Today)),
    ("yesterday", Lex::W(W::Yesterday)),
    ("tomorrow", Lex::W(W::Tomorrow)),
    ("tonight", Lex::W(W::Tonight)),
    ("now", Lex::W(W::Now)),
    ("currently", Lex::W(W::PresentRef)),
    ("presently", Lex::W(W::PresentRef)),
    ("nowadays", Lex::W(W::PresentRef)),
    ("recently", Lex::W(W::PastRef)),
    ("lately", Lex::W(W::PastRef)),
    ("soon", Lex::W(W::FutureRef)),
    ("present", Lex::W(W::Present)),
    ("future", Lex::W(W::Future)),
    ("near", Lex::W(W::Near)),
    ("foreseeable", Lex::W(W::Foreseeable)),
    ("fiscal", Lex::W(W::Fiscal)),
    ("end", Lex::W(W::End)),
    ("beginning", Lex::W(W::Beginning)),
    ("start", Lex::W(W::Beginning)),
    ("middle", Lex::W(W::Middle)),
    ("half", Lex::W(W::Half)),
    ("noon", Lex::W(W::Noon)),
    ("midday", Lex::W(W::Noon)),
    ("midnight", Lex::W(W::Midnight)),
    ("few", Lex::W(W::Few)),
    ("these", Lex::W(W::These)),
    ("several", Lex::W(W::Several)),
    ("many", Lex::W(W::Several)),
    ("some", Lex::W(W::Several)),
    ("christmas", Lex::W(W::Christmas)),
    ("eve", Lex::W(W::Eve)),
];

/// Slots of the lookup table (a power of two, over twice the entries).
const SLOTS: usize = 1024;

/// Open-addressing table from a packed lower-case word to its tag.
struct Table {
    keys: Vec<u128>,
    tags: Vec<Lex>,
    /// Bit `n` of `lens[c]` is set when some entry starts with letter `c`
    /// and has `n` letters: most words are turned away by this alone.
    lens: [u16; 26],
}

/// Packs an ASCII word of up to 16 letters, lower-cased, into one integer:
/// equal words give equal keys, and 0 means "no word".
fn pack(w: &[u8]) -> Option<u128> {
    if w.is_empty() || w.len() > 16 {
        return None;
    }
    let mut k: u128 = 0;
    for &b in w {
        if !b.is_ascii_alphabetic() {
            return None;
        }
        k = (k << 8) | u128::from(b.to_ascii_lowercase());
    }
    Some(k)
}

fn slot(k: u128) -> usize {
    let h = (k as u64 ^ (k >> 64) as u64 ^ (k >> 29) as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    (h >> 54) as usize % SLOTS
}

fn table() -> &'static Table {
    static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| {
        let mut t = Table {
            keys: vec![0; SLOTS],
            tags: vec![Lex::Other; SLOTS],
            lens: [0; 26],
        };
        for &(w, lex) in ENTRIES {
            if let Some(&c) = w.as_bytes().first() {
                t.lens[usize::from(c.to_ascii_lowercase().wrapping_sub(b'a')) % 26] |= 1 << w.len();
            }
            let Some(k) = pack(w.as_bytes()) else {
                continue;
            };
            let mut i = slot(k);
            while t.keys[i] != 0 && t.keys[i] != k {
                i = (i + 1) % SLOTS;
            }
            t.keys[i] = k;
            t.tags[i] = lex;
        }
        t
    })
}

/// Builds the lookup table if no one has yet.
pub(crate) fn warm() {
    let _ = table();
}

/// Looks a word up. `w` may be in any case; only ASCII words are known.
#[cfg(test)]
pub(crate) fn lookup(w: &str) -> Lex {
    let b = w.as_bytes();
    if b.is_empty() || b.len() > MAX_WORD {
        return Lex::Other;
    }
    match pack(b) {
        Some(k) => lookup_packed(k, b[0], b.len()),
        None => Lex::Other,
    }
}

/// Looks up an ASCII word already packed as [`pack`] does (the tokenizer
/// packs while it scans): `first` is its first byte, `len` its length, at
/// most [`MAX_WORD`].
#[inline]
pub(crate) fn lookup_packed(k: u128, first: u8, len: usize) -> Lex {
    let t = table();
    if t.lens[usize::from(first.to_ascii_lowercase().wrapping_sub(b'a')) % 26] & (1 << len) == 0 {
        return Lex::Other;
    }
    let mut i = slot(k);
    // The table is less than half full, so every probe run ends at a 0.
    loop {
        let key = t.keys[i];
        if key == k {
            return t.tags[i];
        }
        if key == 0 {
            return Lex::Other;
        }
        i = (i + 1) % SLOTS;
    }
}

/// Nouns that, right after a four-digit number, show it is a count and not
/// a year ("2000 people", "1994 votes").
pub(crate) fn is_count_noun(w: &str) -> bool {
    const NOUNS: &[&str] = &[
        "people",
        "persons",
        "men",
        "women",
        "children",
        "kids",
        "troops",
        "soldiers",
        "police",
        "officers",
        "votes",
        "voters",
        "workers",
        "jobs",
        "students",
        "cases",
        "deaths",
        "dead",
        "dollars",
        "euros",
        "pounds",
        "yen",
        "yuan",
        "rupees",
        "km",
        "kilometers",
        "kilometres",
        "miles",
        "metres",
        "meters",
        "feet",
        "ft",
        "kg",
        "kilograms",
        "tonnes",
        "tons",
        "barrels",
        "points",
        "units",
        "homes",
        "houses",
        "cars",
        "acres",
        "hectares",
        "calories",
        "mg",
        "mph",
        "cc",
        "hp",
        "rpm",
        "shares",
        "employees",
        "members",
        "residents",
        "patients",
        "refugees",
        "migrants",
        "signatures",
        "copies",
        "pages",
        "words",
        "runs",
        "yards",
        "years",
        "year",
        "days",
        "hours",
        "minutes",
        "times",
        "percent",
        "per",
        "bc",
        "bce",
        "staff",
        "fans",
        "delegates",
        "seats",
        "visitors",
        "tourists",
        "pupils",
        "teachers",
        "doctors",
        "nurses",
        "protesters",
        "prisoners",
        "inmates",
        "civilians",
        "fighters",
        "rebels",
        "casualties",
        "injuries",
        "infections",
        "customers",
        "users",
        "subscribers",
        "participants",
        "athletes",
        "vehicles",
        "flights",
        "passengers",
        "ships",
        "boats",
        "trucks",
        "weapons",
        "rockets",
        "missiles",
        "bombs",
        "tanks",
        "aircraft",
        "planes",
        "drones",
        "meters",
        "sq",
        "square",
        "degrees",
        "liters",
        "litres",
        "gallons",
        "bottles",
        "items",
        "pieces",
        "companies",
        "firms",
        "stores",
        "schools",
        "hospitals",
        "beds",
        "rooms",
        "jobs",
        "households",
        "families",
        "individuals",
        "mw",
        "kw",
        "gw",
        "ghz",
        "mhz",
        "gb",
        "mb",
        "tb",
        "pixels",
    ];
    w.len() <= 13 && NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Words right before a four-digit number that show it is not a year
/// ("No. 1994", "Flight 1549", "Route 2000").
pub(crate) fn is_number_label(w: &str) -> bool {
    const LABELS: &[&str] = &[
        "no",
        "number",
        "flight",
        "route",
        "room",
        "highway",
        "interstate",
        "boeing",
        "airbus",
        "model",
        "article",
        "section",
        "resolution",
        "page",
        "pages",
        "pp",
        "iso",
        "code",
        "bus",
        "line",
        "unit",
        "suite",
        "apartment",
        "box",
        "channel",
        "version",
        "level",
        "grade",
        "platform",
        "gate",
        "exit",
        "lot",
        "pier",
        "ward",
        "district",
        "precinct",
        "bill",
        "act",
        "rule",
        "law",
        "paragraph",
        "chapter",
        "vol",
        "volume",
        "issue",
        "tel",
        "phone",
        "ext",
        "id",
        "pin",
        "zip",
        "batch",
        "item",
        "patent",
        "case",
        "docket",
        "pt",
        "st",
        "ave",
        "rd",
        "windows",
        "office",
        "top",
        "about",
        "approximately",
        "nearly",
        "almost",
        "some",
        "over",
        "under",
        "than",
        "least",
        "roughly",
        "only",
        "just",
        "another",
        "additional",
    ];
    w.len() <= 13 && LABELS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Verbs whose past tense does not end in "-ed", for the tense guess.
pub(crate) fn is_irregular_past(w: &str) -> bool {
    const PAST: &[&str] = &[
        "was", "were", "had", "did", "began", "came", "went", "took", "made", "died", "won",
        "lost", "rose", "fell", "told", "saw", "met", "left", "gave", "got", "held", "led", "ran",
        "sold", "paid", "brought", "bought", "found", "thought", "became", "spoke", "wrote",
        "broke", "struck", "hit", "shot", "sent", "spent", "built", "felt", "kept", "meant", "put",
        "set", "quit", "fled", "fought", "caught", "taught", "drove", "flew", "grew", "knew",
        "threw", "chose", "stood", "sat", "ate", "drew", "hung", "sank", "swore",
    ];
    w.len() <= 8 && PAST.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Words that mark the future or an event still to come.
pub(crate) fn is_future_cue(w: &str) -> bool {
    const FUT: &[&str] = &[
        // Present-tense verbs of schedules: "the law takes effect in
        // January", "the festival opens on Friday".
        "begins",
        "starts",
        "opens",
        "closes",
        "ends",
        "expires",
        "runs",
        "takes",
        "kicks",
        "resumes",
        "meets",
        "convenes",
        "reports",
        "holds",
        "hosts",
        "launches",
        "faces",
        "visits",
        "travels",
        "heads",
        "will",
        "shall",
        "would",
        "due",
        "scheduled",
        "expected",
        "expects",
        "expect",
        "plans",
        "plan",
        "planning",
        "upcoming",
        "intends",
        "aims",
        "hopes",
        "slated",
        "next",
        "ll",
        "coming",
        "forthcoming",
        "pending",
        "awaits",
        "await",
        "planned",
        "tomorrow",
    ];
    w.len() <= 12 && FUT.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Verbs that move an event to a later time: "postponed until April",
/// "delayed to next week", "extended through June" look forward even in
/// the past tense.
pub(crate) fn is_deferral_verb(w: &str) -> bool {
    const DEFER: &[&str] = &[
        "postponed",
        "delayed",
        "deferred",
        "extended",
        "adjourned",
        "rescheduled",
        "pushed",
        "moved",
        "suspended",
        "put",
    ];
    w.len() <= 11 && DEFER.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Verbs of saying: a date right after one ("said Tuesday") dates the saying.
pub(crate) fn is_speech_verb(w: &str) -> bool {
    const SAY: &[&str] = &[
        "said",
        "says",
        "told",
        "announced",
        "reported",
        "stated",
        "added",
        "wrote",
        "tweeted",
        "confirmed",
        "declared",
        "explained",
        "noted",
    ];
    w.len() <= 10 && SAY.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Capitalised words in front of a weekday that make a named day, not a
/// date we can resolve ("Black Friday", "Super Tuesday").
pub(crate) fn is_named_day_prefix(w: &str) -> bool {
    const P: &[&str] = &[
        "black",
        "good",
        "ash",
        "bloody",
        "super",
        "cyber",
        "easter",
        "palm",
        "holy",
        "maundy",
        "fat",
        "giving",
        "shrove",
        "low",
        "trinity",
        "whit",
        "mothering",
        "plough",
    ];
    w.len() <= 9 && P.iter().any(|n| n.eq_ignore_ascii_case(w))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_entry_finds_its_tag() {
        for &(w, lex) in ENTRIES {
            assert!(w.len() <= MAX_WORD, "{w} is longer than MAX_WORD");
            let first = ENTRIES.iter().find(|(x, _)| *x == w).map(|e| e.1);
            assert_eq!(first, Some(lex), "{w} is listed twice");
            assert_eq!(lookup(w), lex, "{w}");
            assert_eq!(lookup(&w.to_ascii_uppercase()), lex, "{w}");
        }
        assert_eq!(lookup("xylophone"), Lex::Other);
        assert_eq!(lookup("Zürich"), Lex::Other);
        assert_eq!(lookup(""), Lex::Other);
    }
}
