//! Stage: dates. Finds DATE and TIME expressions in article text and
//! normalises them to TIMEX3 values.
//!
//! Takes the article text and, when known, its publication date (the
//! "document creation time", dct); gives [`DateMention`]s in text order,
//! non-overlapping, with values such as `2022-11-27`, `2022-11`, `199`,
//! `2022-W49`, `2022-SU`, `2013-03-24T20:00` or `PRESENT_REF`.
//!
//! The one design decision to know: the text is cut once into small tokens
//! that carry a lexicon tag (month, weekday, unit, "last", ...), and a
//! hand-written grammar runs left to right over the tagged tokens, trying
//! patterns only where a tag or a digit says a date may start. No regex runs
//! over the text, which keeps the cost at one pass (a regex prefilter that
//! tokenized only the text near digits and time words was tried and did not
//! pay: three quarters of news text lies within 200 bytes of one). The
//! lexicon is one table, hashed once per process. Under-specified dates
//! ("Nov. 27", "Thursday", "in May") are placed by the news convention:
//! before the publication date unless the clause around them speaks of the
//! future ("will", "is due to", "next"). Without a publication date the
//! unknown parts stay unknown (`XXXX-11-27`); the clock is never read.
//! "A year earlier", "the next day" and "that night" count from the last
//! date the text named (the publication date until one is named).
//!
//! Spans follow TimeML: "in 1994" gives "1994", "last summer" and "late last
//! July" are one expression each, "Sunday night at 8 PM" gives two (the day
//! part, then the time, which borrows the day's date).

mod calendar;
mod dateline;
mod lexicon;
mod scan;

#[cfg(test)]
mod tests;

use chrono::{Datelike, NaiveDate};

use crate::model::{DateMention, Span, TimexMod, TimexType};
use calendar::{
    fmt_day, fmt_unit, fmt_unit_partial, month_day, month_year, near_future, quarter_year,
    season_year, shift, weekday_date, weekday_of, Lean,
};
use lexicon::{Lex, Unit, W};
use scan::{tokenize, Kind, Tok};

pub use dateline::find_dateline;

/// Options for date finding.
#[derive(Clone, Debug, Default)]
pub struct DateOptions {
    /// Read `07/12/2022` as 7 December (day first) instead of July 12.
    pub day_first: bool,
}

/// Finds date and time expressions. Built once, shared by all threads.
#[derive(Clone, Debug)]
pub struct DateFinder {
    opts: DateOptions,
}

impl DateFinder {
    /// A finder with the given options.
    pub fn new(opts: DateOptions) -> DateFinder {
        // Build the shared lexicon table now rather than inside the first
        // document of some worker thread.
        lexicon::warm();
        DateFinder { opts }
    }

    /// All DATE/TIME expressions in `text`, in text order, non-overlapping,
    /// values resolved against `dct` (the publication date) when known.
    pub fn find(&self, text: &str, dct: Option<NaiveDate>) -> Vec<DateMention> {
        // One token buffer per thread, reused from document to document.
        TOKENS.with(|cell| match cell.try_borrow_mut() {
            Ok(mut toks) => self.find_with(text, dct, &mut toks),
            Err(_) => self.find_with(text, dct, &mut Vec::new()),
        })
    }

    fn find_with(
        &self,
        text: &str,
        dct: Option<NaiveDate>,
        toks: &mut Vec<Tok>,
    ) -> Vec<DateMention> {
        tokenize(text, toks);
        let toks: &[Tok] = toks;
        let mut g = Grammar {
            text,
            t: toks,
            dct,
            day_first: self.opts.day_first,
            anchor: dct.map(|d| (d, Gran::Day)),
            year_anchor: dct.map(|d| d.year()),
        };
        let mut hits: Vec<Hit> = Vec::new();
        let mut i = 0;
        while i < toks.len() {
            match g.at(i) {
                Some(h) if h.e > i && h.s >= i => {
                    if let Some(a) = h.anchor {
                        g.anchor = Some(a);
                        if h.weekday.is_none() && h.daypart.is_none() {
                            g.year_anchor = Some(a.0.year());
                        }
                    }
                    i = h.e;
                    hits.push(h);
                }
                _ => i += 1,
            }
        }
        g.finish(&mut hits);
        hits.into_iter()
            .filter_map(|h| {
                let s = toks.get(h.s)?.s;
                let e = toks.get(h.e.checked_sub(1)?)?.e;
                if s >= e || !text.is_char_boundary(s) || !text.is_char_boundary(e) {
                    return None;
                }
                Some(DateMention {
                    span: Span::new(s, e),
                    value: h.value,
                    kind: h.kind,
                    modifier: h.modifier,
                })
            })
            .collect()
    }
}

thread_local! {
    static TOKENS: std::cell::RefCell<Vec<Tok>> = const { std::cell::RefCell::new(Vec::new()) };
}

/// How precise an anchor date is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Gran {
    Day,
    Month,
    Year,
}

/// A match of the grammar, in tokens, before it becomes a [`DateMention`].
#[derive(Clone, Debug)]
struct Hit {
    /// First token.
    s: usize,
    /// One past the last token.
    e: usize,
    value: String,
    kind: TimexType,
    modifier: Option<TimexMod>,
    /// The calendar day it names, when it names one.
    date: Option<NaiveDate>,
    /// Weekday named in the text (1 = Monday).
    weekday: Option<u32>,
    /// Part of day code appended to the date (`MO`, `NI`, ...).
    daypart: Option<&'static str>,
    /// Clock time (hour, minute) still waiting for its date.
    clock: Option<(u32, u32)>,
    /// What later relative expressions ("a year earlier") count from.
    anchor: Option<(NaiveDate, Gran)>,
}

impl Hit {
    fn lit(s: usize, e: usize, value: impl Into<String>) -> Hit {
        Hit {
            s,
            e,
            value: value.into(),
            kind: TimexType::Date,
            modifier: None,
            date: None,
            weekday: None,
            daypart: None,
            clock: None,
            anchor: None,
        }
    }

    fn day(s: usize, e: usize, d: NaiveDate) -> Hit {
        let mut h = Hit::lit(s, e, fmt_day(d));
        h.date = Some(d);
        h.anchor = Some((d, Gran::Day));
        h
    }

    fn month(s: usize, e: usize, y: i32, m: u32) -> Hit {
        let mut h = Hit::lit(s, e, format!("{y:04}-{m:02}"));
        h.anchor = NaiveDate::from_ymd_opt(y, m, 1).map(|d| (d, Gran::Month));
        h
    }

    fn year(s: usize, e: usize, y: i32) -> Hit {
        let mut h = Hit::lit(s, e, format!("{y:04}"));
        h.anchor = NaiveDate::from_ymd_opt(y, 1, 1).map(|d| (d, Gran::Year));
        h
    }

    fn with_mod(mut self, m: Option<TimexMod>) -> Hit {
        if m.is_some() {
            self.modifier = m;
        }
        self
    }
}

/// The grammar over one document's tokens.
struct Grammar<'a> {
    text: &'a str,
    t: &'a [Tok],
    dct: Option<NaiveDate>,
    day_first: bool,
    /// The last date the text named, for "the next day", "a year earlier".
    anchor: Option<(NaiveDate, Gran)>,
    /// The year of the last date named other than by a weekday: the year
    /// a narrative is in ("the day before he vanished").
    year_anchor: Option<i32>,
}

/// Time zone words that may follow a clock time.
const ZONES: &[&str] = &[
    "gmt", "utc", "est", "edt", "cst", "cdt", "mst", "mdt", "pst", "pdt", "et", "pt", "ct", "cet",
    "cest", "bst", "ist", "jst", "aest", "msk", "local", "hrs", "h",
];

impl<'a> Grammar<'a> {
    // ----- token access -------------------------------------------------

    fn tok(&self, i: usize) -> Option<&Tok> {
        self.t.get(i)
    }

    fn lex(&self, i: usize) -> Lex {
        self.t.get(i).map_or(Lex::Other, |t| t.lex)
    }

    fn is(&self, i: usize, w: W) -> bool {
        self.lex(i) == Lex::W(w)
    }

    fn punct(&self, i: usize, c: char) -> bool {
        self.t.get(i).is_some_and(|t| t.kind == Kind::Punct(c))
    }

    /// Token `i` touches the one before it.
    fn adj(&self, i: usize) -> bool {
        self.t.get(i).is_some_and(|t| t.sp == 0)
    }

    fn word(&self, i: usize) -> &'a str {
        match self.t.get(i) {
            Some(t) if t.kind == Kind::Word => self.text.get(t.s..t.e).unwrap_or(""),
            _ => "",
        }
    }

    fn word_is(&self, i: usize, w: &str) -> bool {
        self.word(i).eq_ignore_ascii_case(w)
    }

    fn prev_word(&self, i: usize) -> &'a str {
        if i == 0 {
            ""
        } else {
            self.word(i - 1)
        }
    }

    fn num(&self, i: usize) -> Option<(u32, u32)> {
        match self.t.get(i) {
            Some(t) if t.kind == Kind::Num => Some((t.num, t.nd)),
            _ => None,
        }
    }

    fn is_punct_tok(&self, i: usize) -> bool {
        self.t
            .get(i)
            .is_none_or(|t| matches!(t.kind, Kind::Punct(_)))
    }

    /// A sentence ends between token `i - 1` and token `i`.
    fn boundary_before(&self, i: usize) -> bool {
        let Some(t) = self.t.get(i) else { return true };
        if t.sp >= 2 || i == 0 {
            return true;
        }
        match self.t[i - 1].kind {
            Kind::Punct('!' | '?' | ';') => true,
            Kind::Punct('.') => {
                // "Dec. 7", "p.m. on": an abbreviation's dot, not a full stop.
                let before = if i >= 2 { self.word(i - 2) } else { "" };
                let abbr = before.len() == 1
                    || (i >= 2 && matches!(self.lex(i - 2), Lex::Month { abbr: true, .. }))
                    || [
                        "mr", "mrs", "ms", "dr", "st", "gen", "gov", "sen", "rep", "no",
                    ]
                    .iter()
                    .any(|a| before.eq_ignore_ascii_case(a));
                !abbr
            }
            _ => false,
        }
    }

    // ----- tense --------------------------------------------------------

    /// Past or future, from the verbs of the clause around tokens `s..e`.
    /// The nearest cue wins; news leans to the past when there is none.
    fn lean(&self, s: usize, e: usize) -> Lean {
        if self.deferred_to(s) {
            return Lean::Future;
        }
        let back = self.cue_back(s);
        let fwd = self.cue_fwd(e);
        match (back, fwd) {
            (Some((db, lb)), Some((df, lf))) => {
                if db <= df {
                    lb
                } else {
                    lf
                }
            }
            (Some((_, l)), None) | (None, Some((_, l))) => l,
            (None, None) => Lean::Past,
        }
    }

    /// True when the expression at token `s` is where something was moved
    /// to: "postponed until April", "pushed back to June", "put off till
    /// May" look forward even in the past tense.
    fn deferred_to(&self, s: usize) -> bool {
        let Some(p) = s.checked_sub(1) else {
            return false;
        };
        if !["until", "till", "to", "into"]
            .iter()
            .any(|w| self.word_is(p, w))
        {
            return false;
        }
        // The verb within a few words before the preposition, its object
        // between ("put the decision off until May"), in the same clause.
        (1..=5)
            .map_while(|d| p.checked_sub(d))
            .take_while(|&v| self.tok(v).is_some_and(|t| t.kind == Kind::Word))
            .any(|v| lexicon::is_deferral_verb(self.word(v)))
    }

    fn cue(&self, k: usize) -> Option<Lean> {
        let w = self.word(k);
        if w.is_empty() {
            return None;
        }
        if w.eq_ignore_ascii_case("won") && self.punct(k + 1, '\'') {
            return Some(Lean::Future);
        }
        // "is set to", "set for": a plan, not a past act.
        if w.eq_ignore_ascii_case("set")
            && (self.word_is(k + 1, "to") || self.word_is(k + 1, "for"))
        {
            return Some(Lean::Future);
        }
        if lexicon::is_future_cue(w) {
            if w.eq_ignore_ascii_case("ll") && !self.punct(k.wrapping_sub(1), '\'') {
                return None;
            }
            return Some(Lean::Future);
        }
        let lw = w.len();
        let irregular = lexicon::is_irregular_past(w);
        let regular = lw > 4 && (w.ends_with("ed") || w.ends_with("ED")) && !self.t[k].cap;
        if irregular || regular {
            // A participle after "be"/"is" is passive voice, not past tense
            // ("will be held", "is expected").
            let p = self.prev_word(k).to_ascii_lowercase();
            let aux = matches!(
                w.to_ascii_lowercase().as_str(),
                "was" | "were" | "had" | "did"
            );
            if !aux
                && matches!(
                    p.as_str(),
                    "be" | "been" | "being" | "is" | "are" | "am" | "to"
                )
            {
                return None;
            }
            return Some(Lean::Past);
        }
        None
    }

    fn cue_back(&self, s: usize) -> Option<(usize, Lean)> {
        let mut k = s;
        let mut dist = 0;
        while k > 0 && dist < 14 {
            if self.boundary_before(k) {
                return None;
            }
            k -= 1;
            dist += 1;
            let w = self.word(k);
            if lexicon::is_speech_verb(w) {
                return (dist <= 2).then_some((dist, Lean::Past));
            }
            if self.is(k, W::That) {
                return None;
            }
            if let Some(l) = self.cue(k) {
                return Some((dist, l));
            }
        }
        None
    }

    fn cue_fwd(&self, e: usize) -> Option<(usize, Lean)> {
        let mut k = e;
        let mut dist = 0;
        while k < self.t.len() && dist < 14 {
            if k > e && self.boundary_before(k) {
                return None;
            }
            dist += 1;
            let w = self.word(k);
            if lexicon::is_speech_verb(w) || self.is(k, W::That) {
                return None;
            }
            if let Some(l) = self.cue(k) {
                return Some((dist, l));
            }
            k += 1;
        }
        None
    }

    /// The sentence around `i` says "this year" (the festival runs through
    /// March 11 this year).
    fn says_this_year(&self, s: usize, e: usize) -> bool {
        let lo = s.saturating_sub(12);
        let hi = (e + 12).min(self.t.len());
        (lo..hi.saturating_sub(1)).any(|k| self.is(k, W::This) && self.is(k + 1, W::Year))
    }

    // ----- dispatch -----------------------------------------------------

    /// The longest expression starting at token `i`, if any.
    fn at(&self, i: usize) -> Option<Hit> {
        let t = self.tok(i)?;
        match t.kind {
            Kind::Num => self.numeric(i),
            Kind::Punct('\'' | '’') => self.short_decade(i, i),
            Kind::Punct(_) => None,
            Kind::Word => match t.lex {
                Lex::Month { .. } => self.month(i, i, true),
                Lex::Weekday(_) => self.weekday(i, i, None),
                Lex::Season(_) => self.season(i, i),
                Lex::Card(_) | Lex::W(W::Few | W::Several) => self.ago(i),
                Lex::Unit(_) | Lex::W(W::Years) => self.bare_ago(i),
                Lex::Ord(_) => self.ord_part(i, i),
                Lex::W(w) => self.word_rule(i, w),
                Lex::DayPart(_) => None,
                Lex::Other => self.other_word(i),
            },
        }
    }

    fn word_rule(&self, i: usize, w: W) -> Option<Hit> {
        match w {
            W::The => self.the(i),
            W::This | W::Last | W::Next | W::Coming => self.rel(i, i),
            W::Early | W::Mid | W::Late => self.modded(i),
            W::Earlier | W::Later => self.earlier_this(i),
            W::Today | W::Yesterday | W::Tomorrow => self.deictic(i),
            W::Tonight => {
                let mut h = self.offset_day(i, i + 1, 0);
                h.daypart = Some("NI");
                h.kind = TimexType::Time;
                h.value.push_str("TNI");
                Some(h)
            }
            W::Now => {
                // "every now and again", "now and then" are not times.
                let idiom = self.is(i.wrapping_sub(1), W::Every) || self.word_is(i + 1, "and");
                (!idiom).then(|| Hit::lit(i, i + 1, "PRESENT_REF"))
            }
            W::PresentRef => Some(Hit::lit(i, i + 1, "PRESENT_REF")),
            W::PastRef => Some(Hit::lit(i, i + 1, "PAST_REF")),
            W::FutureRef => {
                // "as soon as", "soon after": a connective, not a time.
                let connective = self.word_is(i.wrapping_sub(1), "as")
                    || self.is(i + 1, W::After)
                    || self.word_is(i + 1, "afterward")
                    || self.word_is(i + 1, "afterwards");
                (!connective).then(|| Hit::lit(i, i + 1, "FUTURE_REF"))
            }
            W::At if self.is(i + 1, W::Present) => Some(Hit::lit(i + 1, i + 2, "PRESENT_REF")),
            W::That => self.that_unit(i),
            W::These if self.word_is(i + 1, "days") => Some(Hit::lit(i, i + 2, "PRESENT_REF")),
            W::Fiscal => self.fiscal(i),
            W::Noon | W::Midnight => {
                let clock = if w == W::Noon { (12, 0) } else { (24, 0) };
                Some(self.clock_hit(i, i + 1, clock))
            }
            W::Christmas => self.christmas(i),
            _ => None,
        }
    }

    fn other_word(&self, i: usize) -> Option<Hit> {
        let w = self.word(i);
        match w.len() {
            1 if w == "Q" => self.quarter_code(i),
            2 if w.eq_ignore_ascii_case("fy") => self.fiscal(i),
            3 if w == "New" => self.new_year(i),
            _ => None,
        }
    }

    // ----- numbers ------------------------------------------------------

    fn numeric(&self, i: usize) -> Option<Hit> {
        let (n, nd) = self.num(i)?;
        // A digit run glued to a letter before it ("A380", "COVID19") is a name.
        if i > 0 && self.adj(i) && matches!(self.t[i - 1].kind, Kind::Word) {
            return None;
        }
        if nd == 4 {
            if let Some(h) = self.iso_date(i) {
                return Some(h);
            }
        }
        if nd <= 2 {
            if let Some(h) = self.slash_date(i) {
                return Some(h);
            }
            if let Some(h) = self.clock(i) {
                return Some(h);
            }
            if let Some(h) = self.day_month(i, i) {
                return Some(h);
            }
            if let Some(h) = self.ord_century(i, i) {
                return Some(h);
            }
            if let Some(h) = self.year_range_tail(i) {
                return Some(h);
            }
        }
        if nd <= 3 {
            if let Some(h) = self.ago(i) {
                return Some(h);
            }
        }
        if nd == 4 {
            if let Some(h) = self.decade(i, i) {
                return Some(h);
            }
            if self.year_ok(i, false) {
                return Some(Hit::year(i, i + 1, n as i32));
            }
        }
        None
    }

    /// `2022-12-07`.
    fn iso_date(&self, i: usize) -> Option<Hit> {
        let (y, _) = self.num(i)?;
        let sep_ok = |k: usize| self.punct(k, '-') && self.adj(k) && self.adj(k + 1);
        if !sep_ok(i + 1) || !sep_ok(i + 3) {
            return None;
        }
        let (m, mnd) = self.num(i + 2)?;
        let (d, dnd) = self.num(i + 4)?;
        if mnd != 2 || dnd != 2 || (self.adj(i + 5) && self.num(i + 5).is_some()) {
            return None;
        }
        let date = NaiveDate::from_ymd_opt(y as i32, m, d)?;
        Some(Hit::day(i, i + 5, date))
    }

    /// `12/07/2022`, `7.12.2022`, `12/7/22`.
    fn slash_date(&self, i: usize) -> Option<Hit> {
        let sep = match self.tok(i + 1)?.kind {
            Kind::Punct(c @ ('/' | '.')) => c,
            _ => return None,
        };
        if !self.adj(i + 1) || !self.adj(i + 2) || !self.punct(i + 3, sep) || !self.adj(i + 3) {
            return None;
        }
        if !self.adj(i + 4) {
            return None;
        }
        let (a, _) = self.num(i)?;
        let (b, bnd) = self.num(i + 2)?;
        let (y, ynd) = self.num(i + 4)?;
        if bnd > 2 || !(ynd == 2 || ynd == 4) {
            return None;
        }
        // An IP address or a version number goes on with another separator.
        if self.adj(i + 5) && self.punct(i + 5, sep) && self.num(i + 6).is_some() {
            return None;
        }
        if i >= 2 && self.adj(i) && matches!(self.t[i - 1].kind, Kind::Punct('/' | '.')) {
            return None;
        }
        let y = if ynd == 2 {
            if y < 50 {
                2000 + y as i32
            } else {
                1900 + y as i32
            }
        } else {
            y as i32
        };
        let day_first = self.day_first || sep == '.';
        let (m, d) = if day_first { (b, a) } else { (a, b) };
        let date = NaiveDate::from_ymd_opt(y, m, d).or_else(|| NaiveDate::from_ymd_opt(y, d, m))?;
        Some(Hit::day(i, i + 5, date))
    }

    /// `a.m.`, `pm`, `P.M.` at token `k`: (is pm, end token).
    fn ampm(&self, k: usize) -> Option<(bool, usize)> {
        let w = self.word(k).to_ascii_lowercase();
        match w.as_str() {
            // A dot after "pm" ends the sentence; it is not part of the time.
            "am" | "pm" => Some((w == "pm", k + 1)),
            "a" | "p" => {
                if self.punct(k + 1, '.')
                    && self.adj(k + 1)
                    && self.word_is(k + 2, "m")
                    && self.adj(k + 2)
                {
                    let mut e = k + 3;
                    if self.punct(e, '.') && self.adj(e) {
                        e += 1;
                    }
                    Some((w == "p", e))
                } else {
                    None
                }
            }
            _ => None,
        }
    }

    /// `3 p.m.`, `10:30 a.m.`, `15:11` (after "at"/"of" or before a zone).
    fn clock(&self, i: usize) -> Option<Hit> {
        let (h, _) = self.num(i)?;
        let mut mnt = 0;
        let mut j = i + 1;
        let mut has_min = false;
        if (self.punct(j, ':') || self.punct(j, '.')) && self.adj(j) && self.adj(j + 1) {
            if let Some((m, 2)) = self.num(j + 1) {
                if m <= 59 {
                    mnt = m;
                    has_min = true;
                    j += 2;
                }
            }
        }
        if let Some((pm, e)) = self.ampm(j) {
            if !(1..=12).contains(&h) {
                return None;
            }
            let h24 = match (pm, h) {
                (true, 12) => 12,
                (true, h) => h + 12,
                (false, 12) => 0,
                (false, h) => h,
            };
            return Some(self.clock_hit(i, e, (h24, mnt)));
        }
        if !has_min || h > 24 || !self.punct(i + 1, ':') {
            return None;
        }
        let prev = self.prev_word(i).to_ascii_lowercase();
        let ctx_before = matches!(
            prev.as_str(),
            "at" | "by"
                | "of"
                | "from"
                | "until"
                | "till"
                | "to"
                | "around"
                | "about"
                | "before"
                | "after"
                | "since"
        );
        let zone = ZONES.iter().any(|z| self.word_is(j, z));
        if !(ctx_before || zone) || (self.punct(j, ':') && self.adj(j)) {
            return None;
        }
        Some(self.clock_hit(i, j, (h, mnt)))
    }

    fn clock_hit(&self, s: usize, e: usize, clock: (u32, u32)) -> Hit {
        let mut h = Hit::lit(s, e, String::new());
        h.kind = TimexType::Time;
        h.clock = Some(clock);
        h
    }

    /// An ordinal suffix glued to the number at `k - 1` ("7th", "21st").
    fn ord_suffix(&self, k: usize) -> bool {
        self.adj(k) && ["st", "nd", "rd", "th"].iter().any(|s| self.word_is(k, s))
    }

    /// `7 December 2022`, `7th of December`, `the 7th of December`.
    fn day_month(&self, i: usize, start: usize) -> Option<Hit> {
        let (d, _) = self.num(i)?;
        if !(1..=31).contains(&d) {
            return None;
        }
        let mut j = i + 1;
        if self.ord_suffix(j) {
            j += 1;
        }
        if self.is(j, W::Of) {
            j += 1;
        }
        let Lex::Month { m, abbr } = self.lex(j) else {
            return None;
        };
        if !self.tok(j)?.cap {
            return None;
        }
        let mut e = j + 1;
        if abbr && self.punct(e, '.') && self.adj(e) {
            e += 1;
        }
        let mut k = e;
        if self.punct(k, ',') {
            k += 1;
        }
        if let Some(y) = self.year_at(k) {
            let date = NaiveDate::from_ymd_opt(y, m, d)?;
            return Some(Hit::day(start, k + 1, date));
        }
        Some(self.month_day_hit(start, e, m, d))
    }

    /// A four-digit year at `k` that may follow a month or a day.
    fn year_at(&self, k: usize) -> Option<i32> {
        let (y, nd) = self.num(k)?;
        if nd != 4 || !(1000..=2099).contains(&y) {
            return None;
        }
        if self.adj(k + 1)
            && (self.punct(k + 1, ',') || self.punct(k + 1, '.'))
            && self.num(k + 2).is_some()
            && self.adj(k + 2)
        {
            return None;
        }
        Some(y as i32)
    }

    /// Month and day without a year: placed by tense around the dct.
    fn month_day_hit(&self, s: usize, e: usize, m: u32, d: u32) -> Hit {
        if d > days_in_month_max(m) {
            return Hit::lit(s, e, format!("XXXX-{m:02}-{d:02}"));
        }
        let Some(dct) = self.dct else {
            return Hit::lit(s, e, format!("XXXX-{m:02}-{d:02}"));
        };
        let lean = if self.says_this_year(s, e) {
            Lean::This
        } else {
            near_future(m, dct, self.lean(s, e))
        };
        match month_day(m, d, dct, lean).or_else(|| month_day(m, d, dct, Lean::Past)) {
            Some(date) => Hit::day(s, e, date),
            None => Hit::lit(s, e, format!("XXXX-{m:02}-{d:02}")),
        }
    }

    /// `20th century` → `19`.
    fn ord_century(&self, i: usize, start: usize) -> Option<Hit> {
        let (n, _) = self.num(i)?;
        if !self.ord_suffix(i + 1) || self.lex(i + 2) != Lex::Unit(Unit::Century) {
            return None;
        }
        if !(1..=21).contains(&n) || self.word(i + 2).ends_with('s') {
            return None;
        }
        Some(Hit::lit(start, i + 3, format!("{:02}", n - 1)))
    }

    /// The `58` of `1957-58`.
    fn year_range_tail(&self, i: usize) -> Option<Hit> {
        let (n, nd) = self.num(i)?;
        if nd != 2 || i < 2 {
            return None;
        }
        if !matches!(self.t[i - 1].kind, Kind::Punct('-' | '–' | '/')) {
            return None;
        }
        let (y, ynd) = self.num(i - 2)?;
        if ynd != 4 || !(1000..=2099).contains(&y) || n <= y % 100 {
            return None;
        }
        if self.adj(i + 1)
            && matches!(
                self.tok(i + 1).map(|t| t.kind),
                Some(Kind::Punct('-' | '/'))
            )
        {
            return None;
        }
        Some(Hit::year(i, i + 1, (y - y % 100 + n) as i32))
    }

    /// `1990s` / `1990's` → `199`; `1800s` → `18`.
    fn decade(&self, i: usize, start: usize) -> Option<Hit> {
        let (n, nd) = self.num(i)?;
        if nd != 4 || n % 10 != 0 || !(1000..=2090).contains(&n) {
            return None;
        }
        let mut j = i + 1;
        if (self.punct(j, '\'') || self.punct(j, '’')) && self.adj(j) {
            j += 1;
        }
        if !(self.word_is(j, "s") && self.adj(j)) {
            return None;
        }
        let v = if n % 100 == 0 && n != 2000 {
            format!("{:02}", n / 100)
        } else {
            format!("{:03}", n / 10)
        };
        Some(Hit::lit(start, j + 1, v))
    }

    /// `'90s` → `199`.
    fn short_decade(&self, i: usize, start: usize) -> Option<Hit> {
        let (n, nd) = self.num(i + 1)?;
        if nd != 2
            || n % 10 != 0
            || !self.adj(i + 1)
            || !self.word_is(i + 2, "s")
            || !self.adj(i + 2)
        {
            return None;
        }
        let century = if n <= 20 { 20 } else { 19 };
        Some(Hit::lit(start, i + 3, format!("{}{}", century, n / 10)))
    }

    /// Token `i` is a four-digit number that reads as a year here.
    fn year_ok(&self, i: usize, strong: bool) -> bool {
        let Some((n, 4)) = self.num(i) else {
            return false;
        };
        if !(1000..=2099).contains(&n) {
            return false;
        }
        let prev = self.prev_word(i);
        let temporal_prev = matches!(
            prev.to_ascii_lowercase().as_str(),
            "in" | "since"
                | "from"
                | "of"
                | "by"
                | "until"
                | "till"
                | "around"
                | "circa"
                | "before"
                | "after"
                | "during"
                | "between"
                | "and"
                | "to"
                | "through"
                | "year"
                | "early"
                | "late"
                | "mid"
                | "summer"
                | "winter"
                | "spring"
                | "autumn"
                | "fall"
        );
        // An old year needs a reason: "in 1738", "(1738)", "c. 1818",
        // "1892 – 94".
        let paren = i > 0 && self.punct(i - 1, '(');
        let circa_word = if i >= 2 && self.punct(i - 1, '.') {
            self.word(i - 2)
        } else {
            prev
        };
        let circa = matches!(
            circa_word.to_ascii_lowercase().as_str(),
            "c" | "ca" | "circa"
        );
        let dash = |k: usize| {
            matches!(
                self.tok(k).map(|t| t.kind),
                Some(Kind::Punct('-' | '–' | '—'))
            )
        };
        let range = (dash(i + 1) && self.num(i + 2).is_some_and(|(_, nd)| nd == 2 || nd == 4))
            || (i >= 2 && dash(i - 1) && self.num(i - 2).is_some_and(|(_, nd)| nd == 4));
        if n < 1900 && !(strong || temporal_prev || paren || circa || range) {
            return false;
        }
        // "a survey of 1709 children": an old year after "of" ends a phrase.
        if n < 1900 && !strong && prev.eq_ignore_ascii_case("of") && !self.is_punct_tok(i + 1) {
            return false;
        }
        if i > 0 {
            let p = &self.t[i - 1];
            match p.kind {
                Kind::Punct('$' | '£' | '€' | '#' | '¥' | '№' | '+' | '*' | '=' | '×') => {
                    return false
                }
                Kind::Punct(',' | '.' | ':' | '-' | '/') if p.sp == 0 && self.adj(i) && i >= 2 => {
                    if let Some((_, pnd)) = self.num(i - 2) {
                        let range = pnd == 4 && matches!(p.kind, Kind::Punct('-' | '/'));
                        if !range {
                            return false;
                        }
                    }
                }
                Kind::Word if lexicon::is_number_label(prev) && !temporal_prev => return false,
                _ => {}
            }
        }
        if let Some(nx) = self.tok(i + 1) {
            match nx.kind {
                Kind::Punct('%') => return false,
                Kind::Punct(',' | '.' | ':')
                    if nx.sp == 0 && self.adj(i + 2) && self.num(i + 2).is_some() =>
                {
                    return false
                }
                Kind::Word if lexicon::is_count_noun(self.word(i + 1)) => return false,
                Kind::Word if nx.sp == 0 => return false,
                Kind::Word if n < 1900 && !nx.cap && looks_plural(self.word(i + 1)) => {
                    return false
                }
                _ => {}
            }
        }
        true
    }

    // ----- months -------------------------------------------------------

    /// `December 7, 2022`, `Dec. 7`, `September 2010`, `in May`.
    fn month(&self, i: usize, start: usize, need_context: bool) -> Option<Hit> {
        let t = self.tok(i)?;
        let Lex::Month { m, abbr } = t.lex else {
            return None;
        };
        if !t.cap || self.is(i.wrapping_sub(1), W::Every) {
            return None;
        }
        let mut j = i + 1;
        let mut dotted = false;
        if abbr && self.punct(j, '.') && self.adj(j) {
            j += 1;
            dotted = true;
        }
        // Month Day [, Year]
        if let Some((d, dnd)) = self.num(j) {
            let ok_day = dnd <= 2 && (1..=31).contains(&d) && (dotted || !self.adj(j));
            let mut k = j + 1;
            if self.ord_suffix(k) {
                k += 1;
            }
            let glued = self.adj(k)
                && matches!(
                    self.tok(k).map(|t| t.kind),
                    Some(Kind::Punct(':' | '%' | '.' | ','))
                )
                && self.num(k + 1).is_some()
                && self.adj(k + 1);
            let pct = self.punct(k, '%') || self.word_is(k, "percent");
            if ok_day && !glued && !pct {
                let mut y_at = k;
                if self.punct(y_at, ',') {
                    y_at += 1;
                }
                if let Some(y) = self.year_at(y_at) {
                    let date = NaiveDate::from_ymd_opt(y, m, d)?;
                    return Some(Hit::day(start, y_at + 1, date));
                }
                return Some(self.month_day_hit(start, k, m, d));
            }
        }
        // Month [,|of] Year
        let mut k = j;
        if self.punct(k, ',') || self.is(k, W::Of) {
            k += 1;
        }
        if let Some(y) = self.year_at(k) {
            if !(self.adj(k + 1) && self.word(k + 1).len() == 1) {
                return Some(Hit::month(start, k + 1, y, m));
            }
        }
        // "the March quarter": the quarter that ends in that month.
        if self.lex(j) == Lex::Unit(Unit::Quarter) && !self.word(j).ends_with('s') && m % 3 == 0 {
            let q = m / 3;
            let y = match self.dct {
                Some(dct) => {
                    let lean = near_future(m, dct, self.lean(start, j + 1));
                    quarter_year(q, dct, lean).to_string()
                }
                None => "XXXX".into(),
            };
            return Some(Hit::lit(start, j + 1, format!("{y}-Q{q}")));
        }
        // Month alone.
        if abbr && !dotted {
            return None;
        }
        if need_context && !self.bare_month_ok(i, m) {
            return None;
        }
        // "that January day", "a May morning": a day inside the month.
        if matches!(self.lex(j), Lex::W(W::Day) | Lex::DayPart(_)) {
            return None;
        }
        Some(self.month_hit(start, j, m, Lean::Past, true))
    }

    /// A month named alone reads as a month here (not "May" the verb or
    /// the name, not "March" the noun).
    fn bare_month_ok(&self, i: usize, m: u32) -> bool {
        let prev = self.prev_word(i).to_ascii_lowercase();
        let temporal_prev = matches!(
            prev.as_str(),
            "in" | "since"
                | "until"
                | "till"
                | "by"
                | "from"
                | "during"
                | "through"
                | "throughout"
                | "before"
                | "after"
                | "early"
                | "late"
                | "mid"
                | "last"
                | "next"
                | "this"
                | "of"
                | "between"
                | "and"
                | "or"
                | "to"
                | "for"
                | "that"
                | "each"
        );
        let next = self.tok(i + 1);
        let next_cap_name = next.is_some_and(|t| {
            t.kind == Kind::Word && t.cap && t.sp < 2 && !matches!(t.lex, Lex::Weekday(_))
        });
        // "in July President Obama said": a preposition outweighs the name.
        let strong_prev = temporal_prev
            && !matches!(
                prev.as_str(),
                "to" | "and" | "or" | "of" | "that" | "for" | "each"
            );
        if next_cap_name && !strong_prev {
            return false;
        }
        // "... spoke to May", "in May's view": only with a date word around.
        let ambiguous = matches!(m, 3 | 4 | 5 | 6 | 8);
        if ambiguous {
            let possessive = self.punct(i + 1, '\'') || self.punct(i + 1, '’');
            let prev_ok = temporal_prev
                && !matches!(prev.as_str(), "to" | "and" | "or" | "of" | "that" | "for");
            let mid = i > 0 && self.punct(i - 1, '-') && self.word_is(i.wrapping_sub(2), "mid");
            // "between February and March", "the first week of May".
            let before_prev = |k: usize| i >= k && matches!(self.lex(i - k), Lex::Month { .. });
            let listed = matches!(prev.as_str(), "and" | "or" | "to")
                && (before_prev(2) || (before_prev(3) && self.punct(i - 2, '.')));
            let part_of = prev == "of"
                && i >= 2
                && matches!(
                    self.lex(i - 2),
                    Lex::Unit(_) | Lex::W(W::End | W::Beginning | W::Middle | W::Half)
                );
            return (prev_ok || mid || listed || part_of || self.deferred_to(i)) && !possessive;
        }
        temporal_prev || self.prev_word(i).is_empty() || i == 0 || !self.t[i - 1].cap
    }

    /// A month without a year: its year comes from the dct and the tense.
    fn month_hit(&self, s: usize, e: usize, m: u32, lean: Lean, by_tense: bool) -> Hit {
        let Some(dct) = self.dct else {
            return Hit::lit(s, e, format!("XXXX-{m:02}"));
        };
        let lean = if by_tense {
            if self.says_this_year(s, e) {
                Lean::This
            } else {
                near_future(m, dct, self.lean(s, e))
            }
        } else {
            lean
        };
        Hit::month(s, e, month_year(m, dct, lean), m)
    }

    // ----- weekdays -----------------------------------------------------

    /// `Thursday`, `Tuesday morning`; `lean` is set by "last"/"next".
    fn weekday(&self, i: usize, start: usize, lean: Option<Lean>) -> Option<Hit> {
        let t = self.tok(i)?;
        let Lex::Weekday(wd) = t.lex else { return None };
        if start == i {
            if self.is(i.wrapping_sub(1), W::Every) {
                return None;
            }
            if i > 0 && self.t[i - 1].cap && lexicon::is_named_day_prefix(self.prev_word(i)) {
                return None;
            }
        }
        if self.adj(i + 1) && self.word_is(i + 1, "s") {
            return None;
        }
        let mut e = i + 1;
        let mut daypart = None;
        if let Lex::DayPart(pc) = self.lex(e) {
            daypart = Some(pc.as_str());
            e += 1;
        } else if let Some(nx) = self.tok(e) {
            // "Sunday Times", "Monday Club": a name, not a day; but "on
            // Thursday President Obama said" is a day.
            let prev = self.prev_word(start).to_ascii_lowercase();
            let dated = start != i
                || lexicon::is_speech_verb(&prev)
                || matches!(
                    prev.as_str(),
                    "on" | "by"
                        | "until"
                        | "till"
                        | "since"
                        | "before"
                        | "after"
                        | "from"
                        | "through"
                        | "late"
                        | "early"
                        | "and"
                        | "or"
                );
            if nx.kind == Kind::Word
                && nx.cap
                && nx.sp < 2
                && !matches!(nx.lex, Lex::Month { .. })
                && !dated
            {
                return None;
            }
        }
        // "Monday after next": the one a week after next Monday.
        let after_next =
            daypart.is_none() && self.word_is(e, "after") && self.word_is(e + 1, "next");
        if after_next {
            e += 2;
        }
        let mut h = match self.dct {
            Some(dct) => {
                let d = if after_next {
                    weekday_date(wd, dct, Lean::Next)?
                        .checked_add_signed(chrono::Duration::try_days(7)?)?
                } else {
                    let lean = lean.unwrap_or_else(|| self.lean(start, e));
                    weekday_date(wd, dct, lean)?
                };
                Hit::day(start, e, d)
            }
            None => Hit::lit(start, e, format!("XXXX-WXX-{wd}")),
        };
        h.weekday = Some(wd);
        if let Some(p) = daypart {
            h.daypart = Some(p);
            h.kind = TimexType::Time;
            h.value.push('T');
            h.value.push_str(p);
        }
        Some(h)
    }

    // ----- seasons ------------------------------------------------------

    /// `summer 2021`, `the summer of 2021`, `in the spring`.
    fn season(&self, i: usize, start: usize) -> Option<Hit> {
        let Lex::Season(sc) = self.lex(i) else {
            return None;
        };
        let mut k = i + 1;
        if self.is(k, W::Of) {
            k += 1;
        }
        if let Some(y) = self.year_at(k) {
            let mut h = Hit::lit(start, k + 1, format!("{y:04}-{}", sc.as_str()));
            h.anchor = NaiveDate::from_ymd_opt(y, 1, 1).map(|d| (d, Gran::Year));
            return Some(h);
        }
        if self.is(i + 1, W::Of) {
            return None;
        }
        // A bare season needs "in", "during", ... before it (or before "the").
        let p = if start < i { start } else { i };
        let prev = self.prev_word(p).to_ascii_lowercase();
        if !matches!(
            prev.as_str(),
            "in" | "during"
                | "over"
                | "through"
                | "throughout"
                | "since"
                | "until"
                | "by"
                | "this"
                | "last"
                | "next"
                | "early"
                | "late"
                | "mid"
                | "that"
        ) {
            return None;
        }
        Some(self.season_hit(start, i + 1, sc.as_str(), None))
    }

    fn season_hit(&self, s: usize, e: usize, code: &str, lean: Option<Lean>) -> Hit {
        match self.dct {
            Some(dct) => {
                let lean = lean.unwrap_or_else(|| self.lean(s, e));
                let y = season_year(code, dct, lean);
                let mut h = Hit::lit(s, e, format!("{y:04}-{code}"));
                h.anchor = NaiveDate::from_ymd_opt(y, 1, 1).map(|d| (d, Gran::Year));
                h
            }
            None => Hit::lit(s, e, format!("XXXX-{code}")),
        }
    }

    // ----- "the ..." ----------------------------------------------------

    fn the(&self, i: usize) -> Option<Hit> {
        let j = i + 1;
        let nt = self.tok(j)?;
        match nt.kind {
            Kind::Num
                if self.num(j).is_some_and(|(n, nd)| nd == 2 && n % 10 == 0)
                    && self.word_is(j + 1, "s")
                    && self.adj(j + 1) =>
            {
                // "the 80s" without its apostrophe.
                let n = self.num(j)?.0;
                let century = if n <= 20 { 20 } else { 19 };
                return Some(Hit::lit(i, j + 2, format!("{}{}", century, n / 10)));
            }
            Kind::Num if self.ord_suffix(j + 1) && self.is(j + 2, W::Day) => {
                return Some(Hit::lit(i, j + 3, "XXXX-XX-XX"));
            }
            Kind::Num => {
                return self
                    .decade(j, i)
                    .or_else(|| self.ord_century(j, j))
                    .or_else(|| self.day_month(j, i).filter(|h| h.e > j + 2));
            }
            Kind::Punct('\'' | '’') => return self.short_decade(j, i),
            _ => {}
        }
        match nt.lex {
            Lex::W(W::Early | W::Mid | W::Late) => {
                // "the early 1990s", "the mid-1990s", "the late 20th century".
                let m = modifier_of(nt.lex);
                let mut k = j + 1;
                if self.punct(k, '-') && self.adj(k) {
                    k += 1;
                }
                if let Some(h) = self.decade(k, i) {
                    return Some(h.with_mod(m));
                }
                if let Some(h) = self.ord_century(k, j) {
                    return Some(h.with_mod(m));
                }
                if let Lex::Ord(n) = self.lex(k) {
                    if self.lex(k + 1) == Lex::Unit(Unit::Century) && (1..=21).contains(&n) {
                        return Some(Hit::lit(j, k + 2, format!("{:02}", n - 1)).with_mod(m));
                    }
                }
                None
            }
            Lex::Ord(_) if self.is(j + 1, W::Day) => Some(Hit::lit(i, j + 2, "XXXX-XX-XX")),
            Lex::Ord(_) => self.ord_part(j, j),
            Lex::W(W::Past) => {
                if self.time_noun_follows(j + 1) {
                    return None;
                }
                Some(Hit::lit(i, j + 1, "PAST_REF"))
            }
            Lex::W(W::Near | W::Foreseeable) if self.is(j + 1, W::Future) => {
                Some(Hit::lit(i, j + 2, "FUTURE_REF"))
            }
            Lex::W(W::Future) => {
                let nx = self.word(j + 1).to_ascii_lowercase();
                let ok = self.is_punct_tok(j + 1)
                    || matches!(
                        nx.as_str(),
                        "and"
                            | "is"
                            | "was"
                            | "will"
                            | "for"
                            | "to"
                            | "as"
                            | "but"
                            | "or"
                            | "with"
                            | "in"
                    );
                ok.then(|| Hit::lit(i, j + 1, "FUTURE_REF"))
            }
            Lex::W(W::Present) => {
                if self.is_punct_tok(j + 1) {
                    Some(Hit::lit(i, j + 1, "PRESENT_REF"))
                } else if self.is(j + 1, W::Day) {
                    Some(Hit::lit(i, j + 2, "PRESENT_REF"))
                } else {
                    None
                }
            }
            Lex::W(W::Day) => self.the_day(i),
            Lex::W(W::Year) | Lex::Unit(Unit::Week | Unit::Month)
                if !self.word(j).ends_with('s')
                    && (self.is(j + 1, W::Before) || self.is(j + 1, W::After))
                    && self.is_punct_tok(j + 2) =>
            {
                // "the year before,": adverbial, counted from the last date.
                let unit = match nt.lex {
                    Lex::Unit(u) => u,
                    _ => Unit::Year,
                };
                let dir = if self.is(j + 1, W::Before) { -1 } else { 1 };
                Some(self.anchored(i, j + 2, unit, dir))
            }
            Lex::W(W::Next | W::Following | W::Previous | W::Same) => self.the_rel_unit(i),
            Lex::W(W::End | W::Beginning | W::Middle) => self.part_of(i),
            Lex::Unit(Unit::Weekend) => {
                let dct = self.dct?;
                let lean = self.lean(i, j + 1);
                let sat = weekday_date(6, dct, lean)?;
                Some(Hit::lit(i, j + 1, fmt_unit(Unit::Weekend, sat)))
            }
            Lex::Season(_) => self.season(j, i),
            _ => None,
        }
    }

    /// A time unit or a count follows ("the past three years", "the past
    /// week"): a duration, not a reference to the past.
    fn time_noun_follows(&self, k: usize) -> bool {
        if self.num(k).is_some() {
            return true;
        }
        matches!(
            self.lex(k),
            Lex::Unit(_)
                | Lex::Card(_)
                | Lex::Ord(_)
                | Lex::DayPart(_)
                | Lex::Weekday(_)
                | Lex::Month { .. }
                | Lex::Season(_)
                | Lex::W(W::Year | W::Years | W::Day | W::Few | W::Several)
        ) || matches!(
            self.word(k).to_ascii_lowercase().as_str(),
            "hour" | "hours" | "couple" | "fortnight" | "dozen"
        )
    }

    /// `the day before`, `the day after`; `the day` before an event.
    fn the_day(&self, i: usize) -> Option<Hit> {
        let j = i + 2;
        let dir = if self.is(j, W::Before) {
            -1
        } else if self.is(j, W::After) {
            1
        } else {
            return None;
        };
        let adverbial = self.is_punct_tok(j + 1) || self.word_is(j + 1, "and");
        if adverbial {
            return Some(self.anchored(i, j + 1, Unit::Day, dir));
        }
        let y = self.year_anchor.or(self.anchor.map(|(d, _)| d.year()));
        Some(Hit::lit(i, i + 2, fmt_unit_partial(Unit::Day, y)))
    }

    /// `the next day`, `the following week`, `the previous year`, `the same day`.
    fn the_rel_unit(&self, i: usize) -> Option<Hit> {
        let w = self.lex(i + 1);
        let k = i + 2;
        if let (Lex::Weekday(wd), Lex::W(W::Next | W::Following)) = (self.lex(k), w) {
            // "the next Tuesday": the first one after the last date named.
            let mut h = self.weekday(k, i, Some(Lean::Next))?;
            if let Some((a, Gran::Day)) = self.anchor {
                if let Some(d) = weekday_date(wd, a, Lean::Next) {
                    h.date = Some(d);
                    h.anchor = Some((d, Gran::Day));
                    h.value = match h.daypart {
                        Some(p) => format!("{}T{p}", fmt_day(d)),
                        None => fmt_day(d),
                    };
                }
            }
            return Some(h);
        }
        let unit = match self.lex(k) {
            Lex::W(W::Day) => Unit::Day,
            Lex::DayPart(_) => Unit::Day,
            Lex::W(W::Year) => Unit::Year,
            Lex::Unit(u @ (Unit::Week | Unit::Month | Unit::Weekend | Unit::Quarter)) => u,
            _ => return None,
        };
        if self.word(k).ends_with('s') {
            return None;
        }
        // "over the next year" is a stretch of time, not a date.
        let prev = self.prev_word(i).to_ascii_lowercase();
        if matches!(
            prev.as_str(),
            "over" | "for" | "during" | "within" | "throughout" | "in"
        ) && unit != Unit::Day
        {
            return None;
        }
        let n = match w {
            Lex::W(W::Next | W::Following) => 1,
            Lex::W(W::Previous) => -1,
            _ => 0,
        };
        let mut h = self.anchored(i, k + 1, unit, n);
        if let Lex::DayPart(pc) = self.lex(k) {
            if h.date.is_some() {
                h.value.push('T');
                h.value.push_str(pc.as_str());
                h.kind = TimexType::Time;
            }
        }
        Some(h)
    }

    /// A date `n` units from the last date the text named.
    fn anchored(&self, s: usize, e: usize, unit: Unit, n: i64) -> Hit {
        match self.anchor {
            Some((d, gran)) => {
                let fine_enough = match unit {
                    Unit::Day | Unit::Week | Unit::Weekend => gran == Gran::Day,
                    Unit::Month | Unit::Quarter => gran != Gran::Year,
                    _ => true,
                };
                if !fine_enough {
                    return Hit::lit(s, e, fmt_unit_partial(unit, Some(d.year())));
                }
                match shift(d, unit, n) {
                    Some(x) => {
                        let mut h = Hit::lit(s, e, fmt_unit(unit, x));
                        if unit == Unit::Day {
                            h.date = Some(x);
                            h.anchor = Some((x, Gran::Day));
                        }
                        h
                    }
                    None => Hit::lit(s, e, fmt_unit_partial(unit, None)),
                }
            }
            None => Hit::lit(s, e, fmt_unit_partial(unit, None)),
        }
    }

    /// `the end of 2022`, `the beginning of the year`, `the middle of March`.
    fn part_of(&self, i: usize) -> Option<Hit> {
        let m = match self.lex(i + 1) {
            Lex::W(W::End) => TimexMod::End,
            Lex::W(W::Beginning) => TimexMod::Start,
            _ => TimexMod::Mid,
        };
        if !self.is(i + 2, W::Of) {
            return None;
        }
        let k = i + 3;
        let inner = match self.lex(k) {
            Lex::Month { .. } => self.month(k, i, false),
            Lex::Season(_) => self.season_after_part(k, i),
            Lex::W(W::This | W::Last | W::Next) => self.rel(k, i),
            Lex::W(W::The) => {
                // "the end of the year/month/week/decade" → the dct's own.
                match self.lex(k + 1) {
                    Lex::W(W::Year) => Some(self.dct_unit(i, k + 2, Unit::Year, 0)),
                    Lex::Unit(u @ (Unit::Month | Unit::Week | Unit::Decade | Unit::Quarter)) => {
                        if self.word(k + 1).ends_with('s') {
                            None
                        } else {
                            Some(self.dct_unit(i, k + 2, u, 0))
                        }
                    }
                    Lex::Season(sc) => Some(self.season_hit(i, k + 2, sc.as_str(), None)),
                    _ => self.the(k).map(|mut h| {
                        h.s = i;
                        h
                    }),
                }
            }
            _ => {
                if self.year_ok(k, true) {
                    let y = self.num(k)?.0 as i32;
                    self.decade(k, i).or(Some(Hit::year(i, k + 1, y)))
                } else {
                    None
                }
            }
        }?;
        let mut h = inner;
        h.s = i;
        h.modifier = Some(m);
        Some(h)
    }

    fn season_after_part(&self, k: usize, s: usize) -> Option<Hit> {
        let Lex::Season(sc) = self.lex(k) else {
            return None;
        };
        let mut e = k + 1;
        if self.is(e, W::Of) {
            e += 1;
        }
        if let Some(y) = self.year_at(e) {
            return Some(Hit::lit(s, e + 1, format!("{y:04}-{}", sc.as_str())));
        }
        Some(self.season_hit(s, k + 1, sc.as_str(), None))
    }

    /// The unit containing the dct, moved by `n`.
    fn dct_unit(&self, s: usize, e: usize, unit: Unit, n: i64) -> Hit {
        match self.dct.and_then(|d| shift(d, unit, n)) {
            Some(d) => {
                let mut h = Hit::lit(s, e, fmt_unit(unit, d));
                h.anchor = Some((
                    d,
                    match unit {
                        Unit::Day => Gran::Day,
                        Unit::Month => Gran::Month,
                        _ => Gran::Year,
                    },
                ));
                if unit == Unit::Day {
                    h.date = Some(d);
                }
                h
            }
            None => Hit::lit(s, e, fmt_unit_partial(unit, None)),
        }
    }

    // ----- this / last / next -------------------------------------------

    /// `this week`, `last year`, `next Tuesday`, `last summer`, `last March`,
    /// `this morning`, `last night`, `this past weekend`.
    fn rel(&self, i: usize, start: usize) -> Option<Hit> {
        if start == i && i > 0 && self.is(i - 1, W::The) {
            return None; // "the last year" is a stretch of time
        }
        let mut lean = match self.lex(i) {
            Lex::W(W::This) => Lean::This,
            Lex::W(W::Last) => Lean::Last,
            _ => Lean::Next,
        };
        let mut j = i + 1;
        if lean == Lean::This && self.is(j, W::Past) {
            lean = Lean::Last;
            j += 1;
        } else if lean == Lean::This && self.is(j, W::Coming) {
            lean = Lean::Next;
            j += 1;
        }
        let n = match lean {
            Lean::Last => -1,
            Lean::Next => 1,
            _ => 0,
        };
        let nt = self.tok(j)?;
        match nt.lex {
            Lex::W(W::Year) => Some(self.dct_unit(start, j + 1, Unit::Year, n)),
            Lex::Unit(u) => {
                if self.word(j).ends_with('s') || u == Unit::Day {
                    return None;
                }
                Some(self.dct_unit(start, j + 1, u, n))
            }
            Lex::Month { m, abbr } => {
                if !nt.cap {
                    return None;
                }
                let mut e = j + 1;
                if abbr && self.punct(e, '.') && self.adj(e) {
                    e += 1;
                }
                Some(self.month_hit(start, e, m, lean, false))
            }
            Lex::Weekday(_) => self.weekday(j, start, Some(lean)),
            Lex::Season(sc) => Some(self.season_hit(start, j + 1, sc.as_str(), Some(lean))),
            Lex::DayPart(pc) => {
                // "last night" is the evening before the dct.
                let off = if lean == Lean::Last { -1 } else { 0 };
                if lean == Lean::Next {
                    return None;
                }
                let mut h = self.offset_day(start, j + 1, off);
                h.kind = TimexType::Time;
                h.daypart = Some(pc.as_str());
                h.value.push('T');
                h.value.push_str(pc.as_str());
                Some(h)
            }
            _ => None,
        }
    }

    /// `earlier this year`, `later this month`.
    fn earlier_this(&self, i: usize) -> Option<Hit> {
        if !self.is(i + 1, W::This) {
            return None;
        }
        let mut h = self.rel(i + 1, i)?;
        if h.date.is_some() || h.weekday.is_some() {
            return None;
        }
        h.s = i;
        Some(h)
    }

    /// `today`, `yesterday`, `tomorrow`, with an optional part of day.
    fn deictic(&self, i: usize) -> Option<Hit> {
        let off = match self.lex(i) {
            Lex::W(W::Yesterday) => -1,
            Lex::W(W::Tomorrow) => 1,
            _ => 0,
        };
        // "the day before yesterday"
        let mut e = i + 1;
        let mut h = if let Lex::DayPart(pc) = self.lex(e) {
            e += 1;
            let mut h = self.offset_day(i, e, off);
            h.kind = TimexType::Time;
            h.daypart = Some(pc.as_str());
            h.value.push('T');
            h.value.push_str(pc.as_str());
            h
        } else {
            self.offset_day(i, e, off)
        };
        if off == 0 && self.generic_today(i) {
            h = Hit::lit(i, e, "PRESENT_REF");
        }
        Some(h)
    }

    /// "today" meaning "nowadays": compared with the past ("than today",
    /// "of today") rather than naming the day of the report.
    fn generic_today(&self, i: usize) -> bool {
        let p = self.prev_word(i).to_ascii_lowercase();
        if matches!(p.as_str(), "of" | "until" | "till" | "known") {
            return true;
        }
        let mut k = i;
        while k > 0 && i - k < 8 && !self.boundary_before(k) {
            k -= 1;
            if self.word_is(k, "than") || self.word_is(k, "still") {
                return true;
            }
        }
        false
    }

    fn offset_day(&self, s: usize, e: usize, off: i64) -> Hit {
        match self.dct.and_then(|d| shift(d, Unit::Day, off)) {
            Some(d) => Hit::day(s, e, d),
            None => Hit::lit(s, e, "XXXX-XX-XX"),
        }
    }

    // ----- counted units ------------------------------------------------

    /// `two days ago`, `a year earlier`, `90 days later`, `a week from now`.
    fn ago(&self, i: usize) -> Option<Hit> {
        let mut j = i;
        let mut vague = false;
        let n: i64 = match self.lex(j) {
            Lex::Card(n) => {
                if self.is(j + 1, W::Few) || self.lex(j + 1) == Lex::Card(100) {
                    vague = self.is(j + 1, W::Few);
                    j += 1;
                }
                n.into()
            }
            Lex::W(W::Few | W::Several) => {
                vague = true;
                1
            }
            _ => {
                let (n, nd) = self.num(j)?;
                if nd > 3 {
                    return None;
                }
                n.into()
            }
        };
        j += 1;
        // "two and a half years": give up on fractions.
        let unit = match self.lex(j) {
            Lex::W(W::Day) => Unit::Day,
            Lex::W(W::Year | W::Years) => Unit::Year,
            Lex::Unit(u) => u,
            _ => return None,
        };
        let k = j + 1;
        let (dir, e, from_dct) = match self.lex(k) {
            Lex::W(W::Ago) => (-1, k + 1, true),
            Lex::W(W::Earlier) => (-1, k + 1, false),
            Lex::W(W::Later) => (1, k + 1, false),
            Lex::W(W::Before) if self.is_punct_tok(k + 1) => (-1, k + 1, false),
            Lex::W(W::After) if self.is_punct_tok(k + 1) => (1, k + 1, false),
            _ if self.word_is(k, "from") && self.is(k + 1, W::Now) => (1, k + 2, true),
            _ => return None,
        };
        if vague {
            if dir < 0 && from_dct {
                return Some(Hit::lit(i, e, "PAST_REF"));
            }
            return None;
        }
        if unit == Unit::Weekend {
            return None;
        }
        if from_dct {
            Some(self.dct_unit(i, e, unit, dir * n))
        } else {
            let mut h = self.anchored(i, e, unit, dir * n);
            if unit == Unit::Year || unit == Unit::Month {
                h.anchor = self
                    .anchor
                    .and_then(|(d, g)| shift(d, unit, dir * n).map(|x| (x, g)));
            }
            Some(h)
        }
    }

    /// `years ago`, `weeks ago` → PAST_REF.
    fn bare_ago(&self, i: usize) -> Option<Hit> {
        if self.word(i).ends_with('s') && self.is(i + 1, W::Ago) {
            return Some(Hit::lit(i, i + 2, "PAST_REF"));
        }
        None
    }

    /// `that day`, `that year`, `that morning`.
    fn that_unit(&self, i: usize) -> Option<Hit> {
        if self.punct(i + 2, '-') {
            return None;
        }
        if let Lex::DayPart(pc) = self.lex(i + 1) {
            // "that night": the evening of the last day named.
            let mut h = self.anchored(i, i + 2, Unit::Day, 0);
            if h.date.is_some() {
                h.kind = TimexType::Time;
                h.daypart = Some(pc.as_str());
                h.value.push('T');
                h.value.push_str(pc.as_str());
            }
            return Some(h);
        }
        let unit = match self.lex(i + 1) {
            Lex::W(W::Day) => Unit::Day,
            Lex::W(W::Year) => Unit::Year,
            Lex::Unit(u @ (Unit::Week | Unit::Month)) if !self.word(i + 1).ends_with('s') => u,
            _ => return None,
        };
        Some(self.anchored(i, i + 2, unit, 0))
    }

    // ----- quarters, halves, fiscal years -------------------------------

    /// `third quarter [of 2022]`, `third-quarter`, `first half of 2023`.
    fn ord_part(&self, i: usize, start: usize) -> Option<Hit> {
        let Lex::Ord(n) = self.lex(i) else {
            return None;
        };
        let mut j = i + 1;
        if self.punct(j, '-') && self.adj(j) {
            j += 1;
        }
        let (code, max) = match self.lex(j) {
            Lex::Unit(Unit::Quarter) if !self.word(j).ends_with('s') => ('Q', 4),
            Lex::W(W::Half) => ('H', 2),
            Lex::Unit(Unit::Century) if !self.word(j).ends_with('s') => ('C', 21),
            _ => return None,
        };
        if n > max {
            return None;
        }
        if code == 'C' {
            return Some(Hit::lit(start, j + 1, format!("{:02}", n - 1)));
        }
        let mut k = j + 1;
        if self.is(k, W::Of) || self.punct(k, ',') {
            k += 1;
        }
        if let Some(y) = self.year_at(k) {
            return Some(Hit::lit(start, k + 1, format!("{y:04}-{code}{n}")));
        }
        let hyphenated = j > i + 1;
        if code == 'H' && !self.is(j + 1, W::Of) && !hyphenated {
            return None; // "the second half" of a match, but "first-half profit"
        }
        if self.is(k, W::Of) || self.is(j + 1, W::Of) {
            // "the first quarter of last year"
            if let Some(h) = self.rel(j + 2, start) {
                if h.value.len() == 4 {
                    return Some(Hit::lit(start, h.e, format!("{}-{code}{n}", h.value)));
                }
            }
        }
        let dct = self.dct;
        let y = match dct {
            Some(dct) => {
                let lean = self.lean(start, j + 1);
                let q = if code == 'H' { n * 2 } else { n };
                quarter_year(q, dct, lean).to_string()
            }
            None => "XXXX".into(),
        };
        Some(Hit::lit(start, j + 1, format!("{y}-{code}{n}")))
    }

    /// `Q3 2022`, `Q3`.
    fn quarter_code(&self, i: usize) -> Option<Hit> {
        let (q, nd) = self.num(i + 1)?;
        if nd != 1
            || !(1..=4).contains(&q)
            || !self.adj(i + 1)
            || (self.adj(i + 2) && !self.is_punct_tok(i + 2))
        {
            return None;
        }
        let mut k = i + 2;
        if self.punct(k, '/') || self.punct(k, ',') {
            k += 1;
        }
        if let Some(y) = self.year_at(k) {
            return Some(Hit::lit(i, k + 1, format!("{y:04}-Q{q}")));
        }
        let y = match self.dct {
            Some(dct) => quarter_year(q, dct, self.lean(i, i + 2)).to_string(),
            None => "XXXX".into(),
        };
        Some(Hit::lit(i, i + 2, format!("{y}-Q{q}")))
    }

    /// `fiscal 2023`, `fiscal year 2023`, `FY2023`, `FY23`.
    fn fiscal(&self, i: usize) -> Option<Hit> {
        let mut k = i + 1;
        if self.is(k, W::Year) {
            k += 1;
        }
        let (y, nd) = self.num(k)?;
        let y = match nd {
            4 if (1900..=2099).contains(&y) => y,
            2 if self.word_is(i, "fy") => 2000 + y,
            _ => return None,
        };
        if self.word_is(i, "fy") && !self.t[i].cap {
            return None;
        }
        Some(Hit::lit(i, k + 1, format!("FY{y:04}")))
    }

    // ----- holidays -----------------------------------------------------

    fn christmas(&self, i: usize) -> Option<Hit> {
        if !self.tok(i)?.cap {
            return None;
        }
        let (mut d, mut e) = (25, i + 1);
        if self.is(e, W::Eve) {
            d = 24;
            e += 1;
        } else if self.is(e, W::Day) {
            e += 1;
        }
        if let Some(y) = self.year_at(e) {
            let date = NaiveDate::from_ymd_opt(y, 12, d)?;
            return Some(Hit::day(i, e + 1, date));
        }
        // "Christmas" alone may be the season or a name; name the day only
        // after "on".
        if !self.word_is(i.wrapping_sub(1), "on") && e == i + 1 {
            return None;
        }
        Some(self.month_day_hit(i, e, 12, d))
    }

    /// `New Year's Day`, `New Year's Eve`.
    fn new_year(&self, i: usize) -> Option<Hit> {
        if !self.is(i + 1, W::Year)
            || !(self.punct(i + 2, '\'') || self.punct(i + 2, '’'))
            || !self.word_is(i + 3, "s")
        {
            return None;
        }
        let (m, d) = if self.is(i + 4, W::Eve) {
            (12, 31)
        } else if self.is(i + 4, W::Day) {
            (1, 1)
        } else {
            return None;
        };
        Some(self.month_day_hit(i, i + 5, m, d))
    }

    // ----- early / mid / late -------------------------------------------

    /// `late November`, `early 2023`, `mid-March`, `late last July`.
    fn modded(&self, i: usize) -> Option<Hit> {
        let m = modifier_of(self.lex(i));
        let mut j = i + 1;
        if self.punct(j, '-') && self.adj(j) {
            j += 1;
        }
        let nt = self.tok(j)?;
        let inner = match (nt.kind, nt.lex) {
            (_, Lex::Month { .. }) => self.month(j, i, false),
            (_, Lex::Season(sc)) => {
                let mut e = j + 1;
                if self.is(e, W::Of) {
                    e += 1;
                }
                match self.year_at(e) {
                    Some(y) => Some(Hit::lit(i, e + 1, format!("{y:04}-{}", sc.as_str()))),
                    None => Some(self.season_hit(i, j + 1, sc.as_str(), None)),
                }
            }
            (_, Lex::W(W::This | W::Last | W::Next)) => self.rel(j, i),
            (_, Lex::W(W::The)) => self.the(j),
            (_, Lex::Weekday(_)) => self.weekday(j, i, None),
            (Kind::Num, _) => {
                if let Some(h) = self.decade(j, i) {
                    Some(h)
                } else if self.year_ok(j, true) {
                    let y = self.num(j)?.0 as i32;
                    Some(Hit::year(i, j + 1, y))
                } else {
                    None
                }
            }
            _ => None,
        }?;
        let mut h = inner;
        h.s = i;
        Some(h.with_mod(m))
    }

    // ----- finishing ----------------------------------------------------

    /// Gives weekdays the date written next to them ("Friday, July 21,
    /// 2017") and clock times the date of the day next to them ("Sunday
    /// night at 8 PM", "at 3 p.m. on Tuesday").
    fn finish(&self, hits: &mut [Hit]) {
        for k in 0..hits.len() {
            if hits[k].weekday.is_some() && hits[k].clock.is_none() {
                let Some(next) = hits.get(k + 1) else {
                    continue;
                };
                let gap_ok = next.s >= hits[k].e
                    && next.s - hits[k].e <= 2
                    && (hits[k].e..next.s).all(|g| self.punct(g, ',') || self.punct(g, '('));
                if let (true, Some(d), Some(wd)) = (gap_ok, next.date, hits[k].weekday) {
                    if weekday_of(d) == wd {
                        let h = &mut hits[k];
                        h.date = Some(d);
                        h.value = fmt_day(d);
                        if let Some(p) = h.daypart {
                            h.value.push('T');
                            h.value.push_str(p);
                        }
                    }
                }
            }
        }
        for k in 0..hits.len() {
            let Some((hh, mm)) = hits[k].clock else {
                continue;
            };
            let mut date = None;
            if k > 0 {
                let p = &hits[k - 1];
                if p.date.is_some() && self.gap_ok(p.e, hits[k].s) {
                    date = p.date;
                }
            }
            if date.is_none() {
                if let Some(n) = hits.get(k + 1) {
                    if n.date.is_some() && self.gap_ok(hits[k].e, n.s) {
                        date = n.date;
                    }
                }
            }
            let date = date.or(self.dct);
            let d = date.map_or_else(|| "XXXX-XX-XX".to_string(), fmt_day);
            hits[k].value = format!("{d}T{hh:02}:{mm:02}");
        }
    }

    /// Only little words sit between two expressions that form one time.
    fn gap_ok(&self, from: usize, to: usize) -> bool {
        if to < from || to - from > 3 {
            return false;
        }
        (from..to).all(|g| {
            self.punct(g, ',')
                || self.punct(g, '(')
                || self.is(g, W::At)
                || self.is(g, W::On)
                || ZONES.iter().any(|z| self.word_is(g, z))
        })
    }
}

/// The TIMEX3 modifier of "early", "mid", "late".
fn modifier_of(l: Lex) -> Option<TimexMod> {
    match l {
        Lex::W(W::Early) => Some(TimexMod::Start),
        Lex::W(W::Mid) => Some(TimexMod::Mid),
        Lex::W(W::Late) => Some(TimexMod::End),
        _ => None,
    }
}

/// The most days month `m` can have in any year.
fn days_in_month_max(m: u32) -> u32 {
    match m {
        2 => 29,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// True when `w` reads as a plural noun after a number ("1709 children" is
/// no year, "1724 as professor" is): ends in "s", and is no short or
/// function word that happens to ("as", "was", "this", "across").
fn looks_plural(w: &str) -> bool {
    w.len() >= 4
        && w.ends_with('s')
        && !w.ends_with("ss")
        && !matches!(
            w,
            "this"
                | "thus"
                | "towards"
                | "afterwards"
                | "whereas"
                | "besides"
                | "unless"
                | "hers"
                | "ours"
                | "yours"
                | "always"
                | "perhaps"
                | "sometimes"
        )
}
