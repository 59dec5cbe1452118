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
    Season(&'static str),
    /// A part of the day code: MO, AF, EV, NI.
    DayPart(&'static str),
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
    Several,
    Christmas,
    Eve,
    Year,
    Years,
    Day,
}

/// Looks a word up. `w` may be in any case; only ASCII words are known.
pub(crate) fn lookup(w: &str) -> Lex {
    if w.len() > 11 || !w.is_ascii() {
        return Lex::Other;
    }
    let mut buf = [0u8; 11];
    let b = &mut buf[..w.len()];
    b.copy_from_slice(w.as_bytes());
    b.make_ascii_lowercase();
    // The buffer holds ASCII only, so this cannot fail.
    let lower = std::str::from_utf8(b).unwrap_or("");
    use Lex::*;
    match lower {
        "january" => Month { m: 1, abbr: false },
        "jan" => Month { m: 1, abbr: true },
        "february" => Month { m: 2, abbr: false },
        "feb" => Month { m: 2, abbr: true },
        "march" => Month { m: 3, abbr: false },
        "mar" => Month { m: 3, abbr: true },
        "april" => Month { m: 4, abbr: false },
        "apr" => Month { m: 4, abbr: true },
        "may" => Month { m: 5, abbr: false },
        "june" => Month { m: 6, abbr: false },
        "jun" => Month { m: 6, abbr: true },
        "july" => Month { m: 7, abbr: false },
        "jul" => Month { m: 7, abbr: true },
        "august" => Month { m: 8, abbr: false },
        "aug" => Month { m: 8, abbr: true },
        "september" => Month { m: 9, abbr: false },
        "sep" | "sept" => Month { m: 9, abbr: true },
        "october" => Month { m: 10, abbr: false },
        "oct" => Month { m: 10, abbr: true },
        "november" => Month { m: 11, abbr: false },
        "nov" => Month { m: 11, abbr: true },
        "december" => Month { m: 12, abbr: false },
        "dec" => Month { m: 12, abbr: true },
        "monday" => Weekday(1),
        "tuesday" => Weekday(2),
        "wednesday" => Weekday(3),
        "thursday" => Weekday(4),
        "friday" => Weekday(5),
        "saturday" => Weekday(6),
        "sunday" => Weekday(7),
        "spring" => Season("SP"),
        "summer" => Season("SU"),
        "fall" | "autumn" => Season("FA"),
        "winter" => Season("WI"),
        "morning" => DayPart("MO"),
        "afternoon" => DayPart("AF"),
        "evening" => DayPart("EV"),
        "night" => DayPart("NI"),
        "day" => W(self::W::Day),
        "days" => Unit(self::Unit::Day),
        "week" | "weeks" => Unit(self::Unit::Week),
        "weekend" => Unit(self::Unit::Weekend),
        "month" | "months" => Unit(self::Unit::Month),
        "quarter" | "quarters" => Unit(self::Unit::Quarter),
        "year" => W(self::W::Year),
        "years" => W(self::W::Years),
        "decade" | "decades" => Unit(self::Unit::Decade),
        "century" | "centuries" => Unit(self::Unit::Century),
        "a" | "an" | "one" => Card(1),
        "two" => Card(2),
        "three" => Card(3),
        "four" => Card(4),
        "five" => Card(5),
        "six" => Card(6),
        "seven" => Card(7),
        "eight" => Card(8),
        "nine" => Card(9),
        "ten" => Card(10),
        "eleven" => Card(11),
        "twelve" => Card(12),
        "fifteen" => Card(15),
        "twenty" => Card(20),
        "thirty" => Card(30),
        "fifty" => Card(50),
        "hundred" => Card(100),
        "first" => Ord(1),
        "second" => Ord(2),
        "third" => Ord(3),
        "fourth" => Ord(4),
        "fifth" => Ord(5),
        "sixth" => Ord(6),
        "seventh" => Ord(7),
        "eighth" => Ord(8),
        "ninth" => Ord(9),
        "tenth" => Ord(10),
        "eleventh" => Ord(11),
        "twelfth" => Ord(12),
        "thirteenth" => Ord(13),
        "fourteenth" => Ord(14),
        "fifteenth" => Ord(15),
        "sixteenth" => Ord(16),
        "seventeenth" => Ord(17),
        "eighteenth" => Ord(18),
        "nineteenth" => Ord(19),
        "twentieth" => Ord(20),
        "the" => W(self::W::The),
        "this" => W(self::W::This),
        "last" => W(self::W::Last),
        "next" => W(self::W::Next),
        "coming" => W(self::W::Coming),
        "past" => W(self::W::Past),
        "early" => W(self::W::Early),
        "mid" => W(self::W::Mid),
        "late" => W(self::W::Late),
        "earlier" => W(self::W::Earlier),
        "later" => W(self::W::Later),
        "ago" => W(self::W::Ago),
        "before" => W(self::W::Before),
        "after" => W(self::W::After),
        "following" => W(self::W::Following),
        "previous" | "prior" | "preceding" => W(self::W::Previous),
        "same" => W(self::W::Same),
        "that" => W(self::W::That),
        "of" => W(self::W::Of),
        "in" => W(self::W::In),
        "on" => W(self::W::On),
        "at" => W(self::W::At),
        "every" | "each" | "per" => W(self::W::Every),
        "today" => W(self::W::Today),
        "yesterday" => W(self::W::Yesterday),
        "tomorrow" => W(self::W::Tomorrow),
        "tonight" => W(self::W::Tonight),
        "now" => W(self::W::Now),
        "currently" | "presently" | "nowadays" => W(self::W::PresentRef),
        "recently" | "lately" => W(self::W::PastRef),
        "soon" => W(self::W::FutureRef),
        "present" => W(self::W::Present),
        "future" => W(self::W::Future),
        "near" => W(self::W::Near),
        "foreseeable" => W(self::W::Foreseeable),
        "fiscal" => W(self::W::Fiscal),
        "end" => W(self::W::End),
        "beginning" | "start" => W(self::W::Beginning),
        "middle" => W(self::W::Middle),
        "half" => W(self::W::Half),
        "noon" | "midday" => W(self::W::Noon),
        "midnight" => W(self::W::Midnight),
        "few" => W(self::W::Few),
        "several" | "many" | "some" => W(self::W::Several),
        "christmas" => W(self::W::Christmas),
        "eve" => W(self::W::Eve),
        _ => Other,
    }
}

/// Nouns that, right after a four-digit number, show it is a count and not
/// a year ("2000 people", "1994 votes").
pub(crate) fn is_count_noun(w: &str) -> bool {
    const NOUNS: &[&str] = &[
        "people", "persons", "men", "women", "children", "kids", "troops", "soldiers", "police",
        "officers", "votes", "voters", "workers", "jobs", "students", "cases", "deaths", "dead",
        "dollars", "euros", "pounds", "yen", "yuan", "rupees", "km", "kilometers", "kilometres",
        "miles", "metres", "meters", "feet", "ft", "kg", "kilograms", "tonnes", "tons", "barrels",
        "points", "units", "homes", "houses", "cars", "acres", "hectares", "calories", "mg", "mph",
        "cc", "hp", "rpm", "shares", "employees", "members", "residents", "patients", "refugees",
        "migrants", "signatures", "copies", "pages", "words", "runs", "yards", "years", "year",
        "days", "hours", "minutes", "times", "percent", "per", "bc", "bce", "staff", "fans",
        "delegates", "seats", "visitors", "tourists", "pupils", "teachers", "doctors", "nurses",
        "protesters", "prisoners", "inmates", "civilians", "fighters", "rebels", "casualties",
        "injuries", "infections", "customers", "users", "subscribers", "participants", "athletes",
        "vehicles", "flights", "passengers", "ships", "boats", "trucks", "weapons", "rockets",
        "missiles", "bombs", "tanks", "aircraft", "planes", "drones", "meters", "sq", "square",
        "degrees", "liters", "litres", "gallons", "bottles", "items", "pieces", "companies",
        "firms", "stores", "schools", "hospitals", "beds", "rooms", "jobs", "households",
        "families", "individuals", "mw", "kw", "gw", "ghz", "mhz", "gb", "mb", "tb", "pixels",
    ];
    w.len() <= 13 && NOUNS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Words right before a four-digit number that show it is not a year
/// ("No. 1994", "Flight 1549", "Route 2000").
pub(crate) fn is_number_label(w: &str) -> bool {
    const LABELS: &[&str] = &[
        "no", "number", "flight", "route", "room", "highway", "interstate", "boeing", "airbus",
        "model", "article", "section", "resolution", "page", "pages", "pp", "iso", "code", "bus",
        "line", "unit", "suite", "apartment", "box", "channel", "version", "level", "grade",
        "platform", "gate", "exit", "lot", "pier", "ward", "district", "precinct", "bill", "act",
        "rule", "law", "paragraph", "chapter", "vol", "volume", "issue", "tel", "phone", "ext",
        "id", "pin", "zip", "batch", "item", "patent", "case", "docket", "pt", "st", "ave", "rd",
        "windows", "office", "top", "about", "approximately", "nearly", "almost", "some",
        "over", "under", "than", "least", "roughly", "only", "just", "another", "additional",
    ];
    w.len() <= 13 && LABELS.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Verbs whose past tense does not end in "-ed", for the tense guess.
pub(crate) fn is_irregular_past(w: &str) -> bool {
    const PAST: &[&str] = &[
        "was", "were", "had", "did", "began", "came", "went", "took", "made", "died", "won",
        "lost", "rose", "fell", "told", "saw", "met", "left", "gave", "got", "held", "led", "ran",
        "sold", "paid", "brought", "bought", "found", "thought", "became", "spoke", "wrote",
        "broke", "struck", "hit", "shot", "sent", "spent", "built", "felt", "kept", "meant",
        "put", "set", "quit", "fled", "fought", "caught", "taught", "drove", "flew", "grew",
        "knew", "threw", "chose", "stood", "sat", "ate", "drew", "hung", "sank", "swore",
    ];
    w.len() <= 8 && PAST.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Words that mark the future or an event still to come.
pub(crate) fn is_future_cue(w: &str) -> bool {
    const FUT: &[&str] = &[
        "will", "shall", "would", "due", "scheduled", "expected", "expects", "expect", "plans",
        "plan", "planning", "upcoming", "intends", "aims", "hopes", "slated", "next", "ll",
        "coming", "forthcoming", "pending", "awaits", "await", "planned", "tomorrow",
    ];
    w.len() <= 12 && FUT.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Verbs of saying: a date right after one ("said Tuesday") dates the saying.
pub(crate) fn is_speech_verb(w: &str) -> bool {
    const SAY: &[&str] = &[
        "said", "says", "told", "announced", "reported", "stated", "added", "wrote", "tweeted",
        "confirmed", "declared", "explained", "noted",
    ];
    w.len() <= 10 && SAY.iter().any(|n| n.eq_ignore_ascii_case(w))
}

/// Capitalised words in front of a weekday that make a named day, not a
/// date we can resolve ("Black Friday", "Super Tuesday").
pub(crate) fn is_named_day_prefix(w: &str) -> bool {
    const P: &[&str] = &[
        "black", "good", "ash", "bloody", "super", "cyber", "easter", "palm", "holy", "maundy",
        "fat", "giving", "shrove", "low", "trinity", "whit", "mothering", "plough",
    ];
    w.len() <= 9 && P.iter().any(|n| n.eq_ignore_ascii_case(w))
}
