//! The attribution sieve and speaker resolution.
//!
//! Takes the token view, the paired quotes and the entity stage's mentions;
//! gives each speech quote its speaker, cue, addressee and the rule that
//! decided. The rules run in the order described in the module overview of
//! [`crate::quotes`]; the first that fires wins.
//!
//! The design decision: **the document is read once, sentence by sentence,
//! keeping a short memory of who spoke** (attributed quotes and reported
//! speech alike). "He said" and a quote-only paragraph look back into that
//! memory, so their cost is bounded by a few sentences, not the document.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::borrow::Cow;
use std::cell::OnceCell;

use crate::model::{Entity, EntityType, Mention, Quote, QuoteKind, Sex, Span, Speaker};

use super::lex::{self, Lexicon};
use super::phrase::{Np, NpKind, Reader};
use super::scan::Pair;
use super::text::{Kind, Toks};

/// A resolved speaker, with what pronoun agreement needs.
#[derive(Clone, Debug)]
pub(crate) struct Spk {
    pub name: String,
    pub entity: Option<usize>,
    pub mention: Span,
    pub person: bool,
    pub org: bool,
    pub plural: bool,
    pub sex: Option<Sex>,
}

impl Spk {
    /// True when the speaker is an organisation by the entity stage's word.
    fn org_entity(&self) -> bool {
        self.org && !self.person
    }
}

/// Somebody who spoke in sentence `sent`, at token `tok`.
#[derive(Clone, Debug)]
struct Rec {
    sent: usize,
    tok: usize,
    spk: Spk,
}

/// The outcome of a rule: the speaker phrase and its cue.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Attr {
    pub np: Np,
    /// First and last token of the speech verb.
    pub cue: Option<(usize, usize)>,
    /// Token range of the addressee.
    pub addressee: Option<(usize, usize)>,
    pub rule: &'static str,
}

/// A speech verb found before a quote.
#[derive(Clone, Copy, Debug)]
pub(crate) struct PreCue {
    pub first: usize,
    pub last: usize,
    /// Only `,`, `:`, `that` or the addressee stand between verb and quote.
    pub adjacent: bool,
}

/// The token range of a quote's words, `[first, end)`, or `None` outside a
/// quote.
type Inner = Option<(usize, usize)>;

/// How far back (in sentences) a pronoun looks for its speaker.
const PRONOUN_REACH: usize = 8;
/// How many earlier mentions a description ("the minister") inspects.
const DESCR_REACH: usize = 300;
/// How many tokens a rule reads around a quote or a verb.
const WINDOW: usize = 80;
/// Above this many surnames the near-miss search is skipped.
const FUZZY_INDEX_MAX: usize = 2000;

/// Surname (lower case) → the "Given Surname" names ending in it, as
/// written; both borrowed from the document where they can be.
type NameIndex<'r, 'a> = HashMap<Cow<'r, str>, Vec<&'a str>>;

/// The state of one document's attribution.
pub(crate) struct Engine<'r, 'a> {
    pub t: &'r Toks<'a>,
    pub rd: Reader<'r, 'a>,
    pub lex: &'r Lexicon,
    pub entities: &'r [Entity],
    pub pairs: Vec<&'r Pair>,
    /// First token of every mention (or `usize::MAX` when it has none).
    mention_tok: Vec<usize>,
    records: Vec<Rec>,
    /// Surname index, built on first use.
    names: OnceCell<NameIndex<'r, 'a>>,
    /// The padded normalised words of every short quote (at most the first
    /// 400 pairs), for the repeated-term test; built on first use.
    pub(crate) short_quotes: OnceCell<Vec<Option<String>>>,
    /// Lower-cased surname of every multi-word person entity.
    surnames: Vec<Option<String>>,
    /// `repair_misspelling` of every entity, computed on first use.
    repaired: Vec<OnceCell<usize>>,
    /// The sentence and speaker of the latest attributed quote.
    last_quote: Option<(usize, Spk)>,
}

impl<'r, 'a> Engine<'r, 'a> {
    /// Prepares the engine for one document.
    pub fn new(
        t: &'r Toks<'a>,
        lex: &'r Lexicon,
        mentions: &'r [Mention],
        entities: &'r [Entity],
        pairs: Vec<&'r Pair>,
    ) -> Self {
        let mut mention_tok = vec![usize::MAX; mentions.len()];
        for (i, tok) in t.toks.iter().enumerate() {
            if tok.mention != super::text::NONE && mention_tok[tok.mention] == usize::MAX {
                mention_tok[tok.mention] = i;
            }
        }
        Engine {
            t,
            rd: Reader { t, mentions },
            lex,
            entities,
            pairs,
            mention_tok,
            records: Vec::new(),
            names: OnceCell::new(),
            short_quotes: OnceCell::new(),
            surnames: entities
                .iter()
                .map(|ent| {
                    (ent.kind == EntityType::Person && ent.name.contains(' '))
                        .then(|| ent.name.rsplit(' ').next().unwrap_or("").to_lowercase())
                })
                .collect(),
            repaired: (0..entities.len()).map(|_| OnceCell::new()).collect(),
            last_quote: None,
        }
    }

    pub(crate) fn lower(&self, i: usize) -> &'r str {
        self.t.lower(i)
    }

    /// If a speech cue starts at token `i`, its last token.
    pub(crate) fn verb_at(&self, i: usize, naming: bool) -> Option<usize> {
        if !self.t.is_lower(i) || self.t.toks[i].quoted || !self.t.may_cue(i) {
            return None;
        }
        let w = self.lower(i);
        // "a note", "the talks": after a determiner a verb form is a noun.
        if i > 0 && self.t.is_word(i - 1) && lex::is_determiner(self.lower(i - 1)) {
            return None;
        }
        if self.lex.is_verb(w) || (naming && lex::is_naming_verb(w)) {
            return Some(i);
        }
        'multi: for m in self.lex.multi_starting(w) {
            for (k, part) in m.iter().enumerate().skip(1) {
                if !self.t.is_word(i + k) || self.lower(i + k) != *part {
                    continue 'multi;
                }
            }
            return Some(i + m.len() - 1);
        }
        None
    }

    /// Sentence bounds of quote `q`: (sentence first token, clause start
    /// before the quote, opening token, closing token, end of the text
    /// after the quote in its sentence).
    pub(crate) fn bounds(&self, q: usize) -> (usize, usize, usize, usize, usize) {
        let (open, close) = self.t.quote_toks[q];
        let s = self.t.sent_of[open];
        let sent = self.t.sents[s];
        // Windows keep the cost per quote constant in run-on "sentences".
        let mut cs = sent.first.max(open.saturating_sub(WINDOW));
        for i in (cs..open).rev() {
            if matches!(self.t.toks[i].kind, Kind::Close(_)) {
                cs = i + 1;
                break;
            }
        }
        let mut pe = sent.end.min(close + 1 + WINDOW);
        for i in close + 1..pe {
            if matches!(self.t.toks[i].kind, Kind::Open(_)) {
                pe = i;
                break;
            }
        }
        (sent.first, cs, open, close, pe)
    }

    /// The nearest speech cue in `[from, open)`.
    pub(crate) fn pre_cue(&self, from: usize, open: usize, naming: bool) -> Option<PreCue> {
        let from = from.max(open.saturating_sub(WINDOW));
        let mut i = open;
        while i > from {
            i -= 1;
            if self.t.toks[i].quoted || !self.t.is_word(i) {
                continue;
            }
            if let Some(last) = self.verb_at(i, naming) {
                if last >= open {
                    continue;
                }
                return Some(PreCue {
                    first: i,
                    last,
                    adjacent: self.only_glue(i, last, open),
                });
            }
        }
        None
    }

    /// True when only `,`, `:`, `that` or the verb's addressee stand
    /// between cue `first..=last` and the opening token.
    fn only_glue(&self, first: usize, last: usize, open: usize) -> bool {
        let mut k = last + 1;
        if lex::is_addressee_verb(self.lower(first)) {
            if let Some(np) = self.rd.forward(k, open, false, self.lex) {
                k = np.last + 1;
            }
        }
        // "said of his Antarctic adventure:", "said in a statement:".
        if k < open && self.t.is_word(k) && lex::is_preposition(self.lower(k)) {
            let mut j = k;
            while j < open && j - k < 8 && self.t.is_word(j) {
                j += 1;
            }
            if j < open && self.t.is_punct(j, ":") {
                k = j;
            }
        }
        while k < open {
            let ok = self.t.is_punct(k, ",")
                || self.t.is_punct(k, ":")
                || (self.t.is_word(k) && self.lower(k) == "that");
            if !ok {
                return false;
            }
            k += 1;
        }
        true
    }

    /// The addressee after an addressee verb ending at `last`.
    fn addressee(&self, first: usize, last: usize, limit: usize) -> Option<(usize, usize)> {
        if !lex::is_addressee_verb(self.lower(first)) {
            return None;
        }
        let k = last + 1;
        let Some(np) = self.rd.forward(k, limit, false, self.lex) else {
            // "told reporters": a bare plural noun.
            let w = if k < limit && self.t.is_lower(k) {
                self.lower(k)
            } else {
                return None;
            };
            let plain = !lex::is_function_word(w)
                && !lex::is_adverb_aux(w)
                && self.verb_at(k, false).is_none();
            return (plain && w.ends_with('s')).then_some((k, k));
        };
        if np.kind == NpKind::Pronoun {
            return None;
        }
        // Prefer the named part: "the Uzbek newspaper Kun.uz" → "Kun.uz".
        let mut best: Option<(usize, usize)> = None;
        let mut i = np.first;
        while i <= np.last {
            let m = self.t.toks[i].mention;
            if m != super::text::NONE {
                let mut j = i;
                while j < np.last && self.t.toks[j + 1].mention == m {
                    j += 1;
                }
                best = Some((i, j));
                i = j + 1;
            } else {
                i += 1;
            }
        }
        // "told The Huffington Post": a capital "The" after the verb belongs
        // to the name, though the lists leave articles out.
        if let Some((i, j)) = best {
            if i > k && self.t.s(i - 1) == "The" {
                best = Some((i - 1, j));
            }
        }
        Some(best.unwrap_or((np.first, np.last)))
    }

    /// Rule `after`: `"…," SPEAKER VERB`, `"…," VERB SPEAKER`, `"…,"
    /// SPEAKER, apposition, VERB` and `"…," according to SPEAKER`.
    pub(crate) fn post_adjacent(&self, q: usize) -> Option<Attr> {
        let (_, _, _, close, pe) = self.bounds(q);
        let mut i = close + 1;
        while i < pe && self.t.is_punct(i, ",") {
            i += 1;
        }
        if i >= pe || !self.t.is_word(i) {
            return None;
        }
        if let Some(vl) = self.verb_at(i, false) {
            if lex::is_addressee_verb(self.lower(i)) {
                return None;
            }
            let mut j = vl + 1;
            while j < pe && self.t.is_word(j) && lex::is_adverb_aux(self.lower(j)) {
                j += 1;
            }
            let np = self.rd.forward(j, pe, true, self.lex)?;
            return Some(Attr {
                np,
                cue: Some((i, vl)),
                addressee: None,
                rule: "after: \"…,\" said SPEAKER",
            });
        }
        if self.lower(i) == "according" && self.t.is_word(i + 1) && self.lower(i + 1) == "to" {
            let np = self.rd.forward(i + 2, pe, true, self.lex)?;
            return Some(Attr {
                np,
                cue: Some((i, i + 1)),
                addressee: None,
                rule: "after: \"…,\" according to SPEAKER",
            });
        }
        let mut np = self.rd.forward(i, pe, false, self.lex)?;
        let mut j = self.skip_adverbs(np.last + 1, pe);
        if np.kind == NpKind::Descr && self.verb_at(j, false).is_none() {
            // "a source close to the talks said".
            if let Some(wide) = self.rd.forward(i, pe, true, self.lex) {
                let k = self.skip_adverbs(wide.last + 1, pe);
                if self.verb_at(k, false).is_some() {
                    np = wide;
                    j = k;
                }
            }
        }
        if let Some(vl) = self.verb_at(j, false) {
            // "X said:" introduces the next quote, not this one; so does
            // "X added that …" after a quote that ended its sentence.
            let reports_on = self.t.is_word(vl + 1)
                && self.lower(vl + 1) == "that"
                && self.t.is_punct(close - 1, ".");
            if self.t.is_punct(vl + 1, ":") || reports_on {
                return None;
            }
            return Some(Attr {
                np,
                cue: Some((j, vl)),
                addressee: self.addressee(j, vl, pe),
                rule: "after: \"…,\" SPEAKER said",
            });
        }
        // "the fire chief, Omar Haddad, said": the name in apposition.
        if np.kind == NpKind::Descr && self.t.is_punct(j, ",") {
            if let Some(name) = self.rd.forward(j + 1, pe, false, self.lex) {
                if matches!(name.kind, NpKind::Mention(_) | NpKind::Name)
                    && self.t.is_punct(name.last + 1, ",")
                {
                    let k = self.skip_adverbs(name.last + 2, pe);
                    if let Some(vl) = self.verb_at(k, false) {
                        return Some(Attr {
                            np: name,
                            cue: Some((k, vl)),
                            addressee: self.addressee(k, vl, pe),
                            rule: "after: \"…,\" SPEAKER, apposition, said",
                        });
                    }
                }
            }
        }
        if self.t.is_punct(j, ",") && !matches!(np.kind, NpKind::Pronoun) {
            let mut k = j + 1;
            while k < pe && k < j + 30 {
                if self.t.is_terminal(k) {
                    break;
                }
                if self.t.is_punct(k, ",") {
                    let mut m = k + 1;
                    while m < pe && self.t.is_word(m) && lex::is_adverb_aux(self.lower(m)) {
                        m += 1;
                    }
                    if let Some(vl) = self.verb_at(m, false) {
                        return Some(Attr {
                            np,
                            cue: Some((m, vl)),
                            addressee: self.addressee(m, vl, pe),
                            rule: "after: \"…,\" SPEAKER, apposition, said",
                        });
                    }
                }
                k += 1;
            }
        }
        None
    }

    fn skip_adverbs(&self, mut j: usize, limit: usize) -> usize {
        while j < limit && self.t.is_word(j) && lex::is_adverb_aux(self.lower(j)) {
            j += 1;
        }
        j
    }

    /// Rule `byline`: `"…" - NAME` or `"…." NAME, "title"` at the end of a
    /// paragraph: a name with no verb after a finished quote.
    pub(crate) fn byline(&self, q: usize) -> Option<Attr> {
        let (_, _, _, close, _) = self.bounds(q);
        let para = self.t.toks[close].para;
        let mut i = close + 1;
        let dashed = i < self.t.toks.len()
            && matches!(self.t.s(i), "-" | "—" | "–")
            && self.t.toks[i].kind == Kind::Punct;
        if dashed {
            i += 1;
        } else if !(close > 0 && self.t.is_terminal(close - 1)) {
            return None;
        }
        if i >= self.t.toks.len() || self.t.toks[i].para != para {
            return None;
        }
        let limit = self.para_end(i);
        let mut np = self.rd.forward(i, limit, false, self.lex)?;
        if !matches!(np.kind, NpKind::Mention(_) | NpKind::Name) {
            return None;
        }
        // "Anonymous blogger": one trailing common noun belongs to the byline.
        if self.t.is_lower(np.last + 1) && np.last + 1 < limit {
            let w = self.lower(np.last + 1);
            if !lex::is_function_word(w) && self.verb_at(np.last + 1, false).is_none() {
                np.last += 1;
                np.head_last = np.last;
            }
        }
        let after = np.last + 1;
        let ends = after >= limit
            || (self.t.is_punct(after, ",")
                && matches!(
                    self.t.toks.get(after + 1).map(|t| t.kind),
                    Some(Kind::Open(_))
                ))
            || self.t.is_terminal(after) && after + 1 >= limit;
        if !ends {
            return None;
        }
        Some(Attr {
            np,
            cue: None,
            addressee: None,
            rule: "byline: \"…\" - SPEAKER",
        })
    }

    fn para_end(&self, i: usize) -> usize {
        let p = self.t.toks[i].para;
        let mut j = i;
        while j < self.t.toks.len() && self.t.toks[j].para == p {
            j += 1;
        }
        j
    }

    /// Rules `before` and `split`: a speech verb earlier in the quote's
    /// clause, with its subject.
    pub(crate) fn pre_attr(&self, q: usize) -> Option<Attr> {
        let (sf, cs, open, _, _) = self.bounds(q);
        // "according to SPEAKER, "…"".
        for i in cs..open {
            if self.t.is_word(i)
                && self.lower(i) == "according"
                && self.t.is_word(i + 1)
                && self.lower(i + 1) == "to"
            {
                if let Some(np) = self.rd.forward(i + 2, open, true, self.lex) {
                    return Some(Attr {
                        np,
                        cue: Some((i, i + 1)),
                        addressee: None,
                        rule: "before: according to SPEAKER, \"…\"",
                    });
                }
            }
        }
        let Some(cue) = self.pre_cue(cs, open, true) else {
            // A headline or caption: `Putin: "We will respond"`.
            let colon = open
                .checked_sub(1)
                .filter(|&c| c > cs && self.t.is_punct(c, ":"))?;
            let np = self.rd.backward(colon - 1, cs)?;
            if np.first != sf || !matches!(np.kind, NpKind::Mention(_) | NpKind::Name) {
                return None;
            }
            return Some(Attr {
                np,
                cue: None,
                addressee: None,
                rule: "headline: SPEAKER: \"…\"",
            });
        };
        let np = self.subject_of(cue.first, cs, sf)?;
        let rule = if cs > sf {
            "split: \"…,\" SPEAKER said, \"…\""
        } else if cue.adjacent {
            "before: SPEAKER said: \"…\""
        } else {
            "before: SPEAKER said … \"…\""
        };
        Some(Attr {
            np,
            cue: Some((cue.first, cue.last)),
            addressee: self.addressee(cue.first, cue.last, open),
            rule,
        })
    }

    /// Rule `after-clause`: `"…" for joining the union, he said`: a
    /// speaker and verb later in the same sentence, after a comma.
    pub(crate) fn post_clause(&self, q: usize) -> Option<Attr> {
        let (_, _, open, close, _) = self.bounds(q);
        // The rest of the sentence: later quotes are atoms to pass.
        let pe = self.t.sents[self.t.sent_of[open]]
            .end
            .min(close + 1 + WINDOW);
        let mut k = close + 1;
        while k < pe {
            let comma = (self.t.is_punct(k, ",") && !self.t.toks[k].quoted)
                || (matches!(self.t.toks[k].kind, Kind::Close(_)) && self.t.is_punct(k - 1, ","));
            if comma {
                let i = k + 1;
                if let Some(vl) = self.verb_at(i, false) {
                    if !lex::is_addressee_verb(self.lower(i)) {
                        if let Some(np) = self.rd.forward(vl + 1, pe, true, self.lex) {
                            return Some(Attr {
                                np,
                                cue: Some((i, vl)),
                                addressee: None,
                                rule: "after-clause: \"…\" …, said SPEAKER",
                            });
                        }
                    }
                }
                if let Some(np) = self.rd.forward(i, pe, false, self.lex) {
                    let mut j = np.last + 1;
                    while j < pe && self.t.is_word(j) && lex::is_adverb_aux(self.lower(j)) {
                        j += 1;
                    }
                    if let Some(vl) = self.verb_at(j, false) {
                        return Some(Attr {
                            np,
                            cue: Some((j, vl)),
                            addressee: self.addressee(j, vl, pe),
                            rule: "after-clause: \"…\" …, SPEAKER said",
                        });
                    }
                }
            }
            k += 1;
        }
        None
    }

    /// The subject of the verb at `v`: the phrase right before it, else the
    /// first subject-like phrase of its clause (or of the sentence).
    pub(crate) fn subject_of(&self, v: usize, cs: usize, sf: usize) -> Option<Np> {
        let mut p = v;
        while p > cs && self.t.is_word(p - 1) && lex::is_adverb_aux(self.lower(p - 1)) {
            p -= 1;
        }
        if p > cs {
            if let Some(np) = self.rd.backward(p - 1, cs) {
                // "Matthew Ingram of The Globe and Mail dubbed": the phrase
                // next to the verb is the object of a preposition; the
                // subject stands before it.
                let mut k = np.first;
                while k > cs
                    && k + 6 > np.first
                    && (self.t.is_cap(k - 1) || matches!(self.lower(k - 1), "and" | "the"))
                {
                    k -= 1;
                }
                if k > cs + 1
                    && self.t.is_word(k - 1)
                    && matches!(
                        self.lower(k - 1),
                        "of" | "for" | "at" | "from" | "with" | "in"
                    )
                {
                    if let Some(np2) = self.rd.backward(k - 2, cs) {
                        if np2.kind != NpKind::Pronoun {
                            return Some(np2);
                        }
                    }
                }
                return Some(np);
            }
        }
        self.first_np(cs, v)
            .or_else(|| if cs > sf { self.first_np(sf, v) } else { None })
    }

    /// The first phrase in `[a, v)` that can be a subject: not after a
    /// preposition, not an opening participle clause ("Speaking to the BBC,").
    fn first_np(&self, a: usize, v: usize) -> Option<Np> {
        let mut i = a.max(v.saturating_sub(WINDOW));
        // An opening participle or prepositional clause ends at its comma.
        if i < v && self.t.is_cap(i) {
            let w = self.lower(i);
            if w.ends_with("ing")
                || lex::is_preposition(w)
                || matches!(
                    w,
                    "as" | "after" | "while" | "when" | "although" | "despite"
                )
            {
                let mut j = i;
                while j < v && !self.t.is_punct(j, ",") {
                    j += 1;
                }
                if j < v && (w.ends_with("ing") || lex::is_preposition(w)) {
                    i = j + 1;
                }
            }
        }
        while i < v {
            if !self.t.is_word(i) || self.t.toks[i].quoted {
                i += 1;
                continue;
            }
            let lw = self.lower(i);
            if lex::is_preposition(lw) {
                i = match self.rd.forward(i + 1, v, false, self.lex) {
                    Some(np) => np.last + 1,
                    None => i + 1,
                };
                continue;
            }
            if matches!(
                lw,
                "but" | "and" | "as" | "however" | "meanwhile" | "so" | "yet" | "also" | "then"
            ) {
                i += 1;
                continue;
            }
            if let Some(np) = self.rd.forward(i, v, false, self.lex) {
                if np.kind == NpKind::Descr && self.t.is_punct(np.last + 1, ",") {
                    if let Some(n2) = self.rd.forward(np.last + 2, v, false, self.lex) {
                        if matches!(n2.kind, NpKind::Mention(_) | NpKind::Name)
                            && self.t.is_punct(n2.last + 1, ",")
                        {
                            return Some(n2);
                        }
                    }
                }
                return Some(np);
            }
            return None;
        }
        None
    }

    /// The tokens strictly inside quote `q`, for "a speaker does not name
    /// himself" checks.
    fn inner_words(&self, q: usize) -> Inner {
        let (open, close) = self.t.quote_toks[q];
        Some((open + 1, close))
    }

    /// True when the surname of `name` is one of the words of `inner`.
    fn named_in(&self, name: &str, inner: Inner) -> bool {
        let Some((a, b)) = inner else {
            return false;
        };
        name.rsplit(' ').next().is_some_and(|last| {
            let last = last.to_ascii_lowercase();
            (a..b).any(|i| self.t.is_word(i) && self.lower(i) == last)
        })
    }

    /// The speaker that phrase `np` names, as seen from token `at` in
    /// sentence `sent`.
    pub(crate) fn speaker_of(&self, np: &Np, sent: usize, at: usize, inner: Inner) -> Option<Spk> {
        let span_of = |a: usize, b: usize| Span::new(self.t.toks[a].start, self.t.toks[b].end);
        match np.kind {
            NpKind::Pronoun => {
                let mut spk = self.resolve_pronoun(self.lower(np.first), sent, at, inner)?;
                spk.mention = span_of(np.first, np.last);
                Some(spk)
            }
            NpKind::Mention(m) => {
                let first = self.rd_titles(np.head_first, np.first);
                let mut spk = self.spk_from_mention(m)?;
                if spk.sex.is_none() && first < np.head_first {
                    spk.sex = lex::title_sex(self.lower(first));
                }
                let written = self.written(np.head_first, np.head_last);
                let (name, full) = self.choose_name(&spk.name, &written, spk.org_entity());
                spk.name = name;
                spk.person |= full && !spk.org_entity();
                if spk.person {
                    spk.org = false;
                }
                spk.mention = span_of(first, np.head_last.max(self.mention_tokens(m, np).1));
                Some(spk)
            }
            NpKind::Name => {
                let written = self.written(np.head_first, np.head_last);
                let first = self.rd_titles(np.head_first, np.first);
                let sex = if first < np.head_first {
                    lex::title_sex(self.lower(first))
                } else {
                    None
                };
                let org = (np.head_first..=np.head_last)
                    .any(|i| lex::is_org_noun(self.lower(i)) || self.rd.is_org_word(i));
                let linked = if org {
                    None
                } else {
                    self.link_surname(self.lower(np.head_last))
                };
                let mention = span_of(first, np.head_last);
                Some(match linked {
                    Some(e) => Spk {
                        name: self.entities[e].name.clone(),
                        entity: Some(e),
                        mention,
                        person: true,
                        org: false,
                        plural: false,
                        sex: self.entities[e].sex.or(sex),
                    },
                    None => {
                        let (name, _) = if org {
                            (written.clone(), false)
                        } else {
                            self.choose_name("", &written, false)
                        };
                        Spk {
                            name,
                            entity: None,
                            mention,
                            person: !org,
                            org,
                            plural: false,
                            sex,
                        }
                    }
                })
            }
            NpKind::Descr => {
                let head = self.lower(np.head_last);
                let definite = matches!(self.lower(np.first), "the" | "this" | "that");
                if definite
                    && (lex::is_org_noun(head) || lex::is_person_role(head))
                    && !head.ends_with('s')
                {
                    if let Some(mut spk) = self.resolve_description(head, at) {
                        spk.mention = span_of(np.first, np.last);
                        return Some(spk);
                    }
                }
                let name =
                    self.t.text[self.t.toks[np.first].start..self.t.toks[np.last].end].to_string();
                let plural = head.ends_with('s') && !head.ends_with("ss")
                    || head == "police"
                    || head == "people";
                Some(Spk {
                    name,
                    entity: None,
                    mention: span_of(np.first, np.last),
                    person: lex::is_person_role(head),
                    org: lex::is_org_noun(head),
                    plural,
                    sex: lex::noun_sex(head),
                })
            }
        }
    }

    /// The text of tokens `a..=b`, without a final possessive.
    fn written(&self, a: usize, b: usize) -> String {
        self.written_str(a, b).to_string()
    }

    /// [`Engine::written`] as a slice of the text.
    fn written_str(&self, a: usize, b: usize) -> &'a str {
        let s = &self.t.text[self.t.toks[a].start..self.t.toks[b].end];
        s.strip_suffix("'s")
            .or_else(|| s.strip_suffix("’s"))
            .unwrap_or(s)
    }

    /// The fullest name among the entity's name, the name as written and a
    /// unique "Given Surname" elsewhere in the text; the flag says a full
    /// personal name was found that way.
    fn choose_name(&self, entity_name: &str, written: &str, org: bool) -> (String, bool) {
        fn last(s: &str) -> &str {
            s.rsplit(' ').next().unwrap_or("")
        }
        let entity_name = strip_titles(entity_name);
        let written = strip_titles(written);
        let mut best = if entity_name.is_empty() {
            written
        } else {
            entity_name
        };
        // For a person, the name as written is fuller only when the entity
        // knows a single word ("Cook" → "Tim Cook"): a full entity name
        // already beats a role the phrase reader took in ("Chief Executive
        // Tim Cook"). An organisation's longer form is its fuller name ("U.S.
        // Department of Agriculture").
        let longer = written.split_whitespace().count() > best.split_whitespace().count();
        if (if org {
            longer
        } else {
            !best.contains(' ') && longer
        }) && last(written) == last(best)
        {
            best = written;
        }
        if !best.contains(' ') {
            if let Some(full) = self.full_name(&best.to_lowercase()) {
                return (full, true);
            }
        }
        (best.to_string(), false)
    }

    /// The one "Given Surname" pair in the text whose surname is `w`.
    fn full_name(&self, w: &str) -> Option<String> {
        let index = self.name_index();
        if let Some(v) = index.get(w) {
            return (v.len() == 1).then(|| v[0].to_string());
        }
        // A misspelt surname ("Bauchtman" for "Buchtmann"): one near miss.
        if w.chars().count() < 6 || index.len() > FUZZY_INDEX_MAX {
            return None;
        }
        let mut near = index
            .iter()
            .filter(|(k, v)| v.len() == 1 && edit_distance(k, w) <= 2);
        match (near.next(), near.next()) {
            (Some((_, v)), None) => Some(v[0].to_string()),
            _ => None,
        }
    }

    /// Surname → the capitalised two- and three-word names ending in it,
    /// built once per document on first use.
    fn name_index(&self) -> &NameIndex<'r, 'a> {
        self.names.get_or_init(|| {
            let t = self.t;
            let mut map: NameIndex<'r, 'a> = HashMap::default();
            // Whether each token can be part of a plain name, decided once
            // per token (the loop below asks up to three times), and only
            // for capitalised words next to another: the loop asks about no
            // other capitalised word.
            let plain_at: Vec<bool> = (0..t.toks.len())
                .map(|i| {
                    t.is_cap(i)
                        && ((i > 0 && t.is_cap(i - 1)) || t.is_cap(i + 1))
                        && !t.toks[i].quoted
                        && {
                            let l = self.lower(i);
                            !lex::is_title(l)
                                && !lex::is_non_name_cap(l)
                                && !lex::is_org_noun(l)
                                && !self.rd.is_org_word(i)
                        }
                })
                .collect();
            let plain = |i: usize| plain_at[i];
            for i in 1..t.toks.len() {
                if !plain(i)
                    || !plain(i - 1)
                    || self.rd.is_possessive(i - 1)
                    || t.toks[i - 1].para != t.toks[i].para
                {
                    continue;
                }
                if t.is_cap(i + 1)
                    && !self.rd.is_possessive(i)
                    && t.toks[i + 1].para == t.toks[i].para
                {
                    continue;
                }
                let mut first = i - 1;
                if first > 0
                    && plain(first - 1)
                    && !self.rd.is_possessive(first - 1)
                    && t.toks[first - 1].para == t.toks[i].para
                {
                    first -= 1;
                }
                let full = self.written_str(first, i);
                // The surname lower-cased: a slice of the folded text when
                // it is ASCII (the same as `to_lowercase` there).
                let surname = self.written_str(i, i);
                let key: Cow<'r, str> = if surname.is_ascii() {
                    let start = t.toks[i].start;
                    Cow::Borrowed(&t.lower_text[start..start + surname.len()])
                } else {
                    Cow::Owned(surname.to_lowercase())
                };
                let e = match map.get_mut(key.as_ref()) {
                    Some(e) => e,
                    None => map.entry(key).or_default(),
                };
                if !e.contains(&full) {
                    e.push(full);
                }
            }
            map
        })
    }

    fn rd_titles(&self, head_first: usize, floor: usize) -> usize {
        let mut f = head_first;
        while f > floor && self.t.is_word(f - 1) && lex::is_title(self.lower(f - 1)) {
            f -= 1;
        }
        f
    }

    /// Token range of mention `m` inside phrase `np`.
    fn mention_tokens(&self, m: usize, np: &Np) -> (usize, usize) {
        let mut a = None;
        let mut b = np.last;
        for i in np.first..=np.last {
            if self.t.toks[i].mention == m {
                if a.is_none() {
                    a = Some(i);
                }
                b = i;
            }
        }
        (a.unwrap_or(np.head_first), b)
    }

    fn spk_from_mention(&self, m: usize) -> Option<Spk> {
        let men = self.rd.mentions.get(m)?;
        let e = men.entity;
        let ent = self.entities.get(e)?;
        let kind = &ent.kind;
        let e = self.repair_misspelling(e);
        let ent = &self.entities[e];
        let org = matches!(kind, EntityType::Org | EntityType::Place) || self.org_hint(m);
        Some(Spk {
            name: ent.name.clone(),
            entity: Some(e),
            mention: men.span,
            person: *kind == EntityType::Person && !org,
            org,
            plural: false,
            sex: ent.sex,
        })
    }

    /// An acronym ("BP", "FAA") or a name right after an organisation noun
    /// ("Oil giant BP") is an organisation whatever the entity stage said.
    fn org_hint(&self, m: usize) -> bool {
        let Some(men) = self.rd.mentions.get(m) else {
            return false;
        };
        let surface = men.span.slice(self.t.text);
        let letters = surface.chars().filter(|c| c.is_alphabetic()).count();
        let acronym = (2..=6).contains(&letters)
            && surface
                .chars()
                .all(|c| c.is_uppercase() || !c.is_alphabetic());
        let ft = self.mention_tok[m];
        let after_noun = ft != usize::MAX
            && (ft.saturating_sub(2)..ft)
                .any(|i| self.t.is_word(i) && lex::is_org_noun(self.lower(i)));
        acronym || after_noun
    }

    /// A one-word person entity whose name is a near miss of a fuller
    /// person's surname ("Ms Bauchtman" for "Lydia Buchtmann") is that
    /// person: newsrooms misspell names more often than two people share
    /// nearly the same one.
    fn repair_misspelling(&self, e: usize) -> usize {
        *self.repaired[e].get_or_init(|| self.repair_misspelling_uncached(e))
    }

    fn repair_misspelling_uncached(&self, e: usize) -> usize {
        let ent = &self.entities[e];
        let words: Vec<&str> = ent
            .name
            .split_whitespace()
            .filter(|w| !lex::is_title_any_case(w))
            .collect();
        if ent.kind != EntityType::Person || words.len() != 1 {
            return e;
        }
        self.link_surname(&words[0].to_lowercase()).unwrap_or(e)
    }

    /// The person entity whose surname is `w` (or within two edits of it for
    /// long names), when exactly one fits.
    fn link_surname(&self, w: &str) -> Option<usize> {
        let mut exact = None;
        let mut exact_count = 0;
        let mut near = None;
        let mut near_count = 0;
        let long = w.chars().count() >= 6;
        for (i, (ent, last)) in self.entities.iter().zip(&self.surnames).enumerate() {
            let Some(last) = last else {
                continue;
            };
            if last == w {
                if exact.is_none_or(|x: usize| self.entities[x].name != ent.name) {
                    exact_count += 1;
                }
                exact = Some(i);
            } else if long && edit_distance(last, w) <= 2 {
                near = Some(i);
                near_count += 1;
            }
        }
        if exact_count > 1 {
            return None;
        }
        exact.or(if near_count == 1 { near } else { None })
    }

    /// "the oil giant", "the minister": the entity introduced earlier with
    /// that word next to its name ("Oil giant BP", "Energy Minister X",
    /// "X, the minister"); for organisation nouns, else the latest
    /// organisation mentioned.
    fn resolve_description(&self, head: &str, at: usize) -> Option<Spk> {
        let mentions = self.rd.mentions;
        let mut latest_org = None;
        let mut seen = 0;
        let at_byte = self.t.toks[at].start;
        let before = mentions.partition_point(|m| m.span.start < at_byte);
        for m in (0..before).rev() {
            let ft = self.mention_tok[m];
            if ft == usize::MAX || ft >= at {
                continue;
            }
            seen += 1;
            if seen > DESCR_REACH {
                break;
            }
            let kind = &mentions[m].kind;
            if *kind == EntityType::Date {
                continue;
            }
            if latest_org.is_none() && *kind == EntityType::Org {
                latest_org = Some(m);
            }
            // Words just before the mention, or in an apposition after it.
            let before =
                (ft.saturating_sub(3)..ft).any(|i| self.t.is_word(i) && self.lower(i) == head);
            let mut end = ft;
            while end + 1 < self.t.toks.len() && self.t.toks[end + 1].mention == m {
                end += 1;
            }
            let after = self.t.is_punct(end + 1, ",")
                && (end + 2..(end + 8).min(self.t.toks.len()))
                    .any(|i| self.t.is_word(i) && self.lower(i) == head);
            if before || after {
                let person_ok = lex::is_person_role(head) == (*kind == EntityType::Person)
                    || lex::is_org_noun(head);
                if person_ok {
                    return self.spk_from_mention(m);
                }
            }
        }
        if lex::is_org_noun(head) && !lex::is_person_role(head) {
            let m = latest_org?;
            // Only a recent organisation: three paragraphs at most.
            let ft = self.mention_tok[m];
            if self.t.toks[at].para.saturating_sub(self.t.toks[ft].para) <= 3 {
                return self.spk_from_mention(m);
            }
        }
        None
    }

    /// "he", "she", "it", "they": the latest compatible speaker or subject
    /// within a few sentences.
    fn resolve_pronoun(&self, pron: &str, sent: usize, at: usize, inner: Inner) -> Option<Spk> {
        let want_sex = match pron {
            "he" => Some(Sex::Male),
            "she" => Some(Sex::Female),
            "it" | "they" => None,
            _ => return None,
        };
        let ok = |s: &Spk| -> bool {
            match pron {
                "he" | "she" => {
                    s.person
                        && !s.plural
                        && (s.sex.is_none() || s.sex == want_sex)
                        && !self.named_in(&s.name, inner)
                }
                "it" => s.org,
                _ => s.plural,
            }
        };
        let para = self.t.toks[at].para;
        // Pass 0 looks at speakers and sentence subjects only, pass 1 at
        // every other mention: a subject three sentences back beats an
        // object in the previous one ("Uzbekistan sent Putin a message").
        for pass in 0..2 {
            for s in (0..=sent).rev().take(PRONOUN_REACH) {
                let st = self.t.sents[s];
                if para.saturating_sub(self.t.toks[st.first].para) > 3 {
                    break;
                }
                if pass == 0 {
                    for r in self.records.iter().rev().take_while(|r| r.sent >= s) {
                        if r.sent == s && r.tok < at && ok(&r.spk) {
                            return Some(r.spk.clone());
                        }
                    }
                }
                if pron == "they" {
                    continue;
                }
                let mut ms: Vec<(usize, bool)> = Vec::new();
                let end = st.end.min(at);
                let mut i = st.first.max(end.saturating_sub(4 * WINDOW));
                while i < end {
                    let tok = self.t.toks[i];
                    if tok.mention != super::text::NONE
                        && !tok.quoted
                        && ms.last().is_none_or(|l| l.0 != tok.mention)
                    {
                        let after_prep = i > st.first
                            && self.t.is_word(i - 1)
                            && lex::is_preposition(self.lower(i - 1));
                        ms.push((tok.mention, !after_prep && !self.rd.is_possessive(i)));
                    }
                    i += 1;
                }
                let subject = ms.iter().find(|m| m.1).map(|m| m.0);
                let cands: Vec<usize> = if pass == 0 {
                    subject.into_iter().collect()
                } else {
                    ms.iter()
                        .rev()
                        .map(|m| m.0)
                        .filter(|&m| Some(m) != subject)
                        .collect()
                };
                for m in cands {
                    if let Some(spk) = self.pronoun_candidate(m) {
                        if ok(&spk) {
                            return Some(spk);
                        }
                    }
                }
            }
        }
        None
    }

    /// A mention as a candidate for a pronoun, or `None` when the mention is
    /// itself a pronoun or a capitalised function word.
    fn pronoun_candidate(&self, m: usize) -> Option<Spk> {
        let ft = self.mention_tok[m];
        if ft == usize::MAX
            || lex::is_subject_pronoun(self.lower(ft))
            || lex::is_non_name_cap(self.lower(ft))
        {
            return None;
        }
        let mut spk = self.spk_from_mention(m)?;
        let (name, full) = self.choose_name(&spk.name, &spk.name, spk.org_entity());
        if full && !spk.person {
            spk.person = true;
            spk.org = false;
        }
        spk.name = name;
        Some(spk)
    }

    /// Attributes quote `q` (already judged speech): runs the sieve and
    /// resolves the speaker.
    fn attribute(&self, q: usize) -> (Option<Spk>, Option<Attr>, &'static str) {
        let (sf, _, open, _, _) = self.bounds(q);
        let sent = self.t.sent_of[open];
        let inner = self.inner_words(q);
        let rules: [fn(&Self, usize) -> Option<Attr>; 4] = [
            Self::post_adjacent,
            Self::pre_attr,
            Self::post_clause,
            Self::byline,
        ];
        for rule in rules {
            if let Some(a) = rule(self, q) {
                // A pre-quote adjacent cue beats a far post-clause one; the
                // array order encodes the precision ranking.
                if let Some(spk) = self.speaker_of(&a.np, sent, a.np.first.min(open), inner) {
                    return (Some(spk), Some(a), a.rule);
                }
                return (None, Some(a), a.rule);
            }
        }
        // The second half of a split quote whose attribution has an
        // apposition the `split` rule cannot read ("…," said Joseph Kimani,
        // an economist at the University of Nairobi, "…"): the sentence's
        // earlier quote already has the speaker.
        if open > sf {
            if let Some((qs, spk)) = &self.last_quote {
                if *qs == sent {
                    return (
                        Some(spk.clone()),
                        None,
                        "split: the sentence's earlier quote",
                    );
                }
            }
        }
        // Carry-over: a quote that opens its sentence continues the
        // previous sentence's speaker.
        if open == sf && sent > 0 {
            let prev = sent - 1;
            let pp = self.t.toks[self.t.sents[prev].end - 1].para;
            if self.t.toks[open].para.saturating_sub(pp) <= 1 {
                if let Some((qs, spk)) = &self.last_quote {
                    if *qs == prev {
                        return (Some(spk.clone()), None, "carry: previous quote's speaker");
                    }
                }
                if let Some(r) = self
                    .records
                    .iter()
                    .rev()
                    .take_while(|r| r.sent >= prev)
                    .find(|r| r.sent == prev)
                {
                    return (
                        Some(r.spk.clone()),
                        None,
                        "carry: speaker named in the previous sentence",
                    );
                }
            }
        }
        (None, None, "none")
    }

    /// Records reported speech in sentence `s` ("Davis said his client
    /// ..."): who spoke, for later pronouns and quote-only paragraphs.
    fn record_reported(&mut self, s: usize, used: &HashSet<usize>) {
        let st = self.t.sents[s];
        let mut cs = st.first;
        let mut i = st.first;
        while i < st.end {
            let tok = self.t.toks[i];
            if matches!(tok.kind, Kind::Close(_)) {
                cs = i + 1;
            }
            // Only a cue word or "according" can report speech: the flag
            // test turns most words away before any look-up.
            let according = tok.kind == Kind::Word && self.lower(i) == "according";
            if tok.quoted
                || tok.kind != Kind::Word
                || (tok.flags & super::text::CUE == 0 && !according)
                || used.contains(&i)
            {
                i += 1;
                continue;
            }
            let np = if according && self.t.is_word(i + 1) && self.lower(i + 1) == "to" {
                self.rd.forward(i + 2, st.end, false, self.lex)
            } else if let Some(_vl) = self.verb_at(i, false) {
                self.subject_of(i, cs, st.first)
            } else {
                None
            };
            if let Some(np) = np.filter(|np| self.speaker_like(np)) {
                if let Some(spk) = self.speaker_of(&np, s, i, None) {
                    self.records.push(Rec {
                        sent: s,
                        tok: i,
                        spk,
                    });
                }
            }
            i += 1;
        }
    }

    /// True when a phrase can name somebody who speaks: a name, a pronoun,
    /// or a description headed by a person, organisation or document noun
    /// ("the authors", "the report"), not "the results".
    fn speaker_like(&self, np: &Np) -> bool {
        match np.kind {
            NpKind::Descr => {
                let h = self.lower(np.head_last);
                lex::is_person_role(h)
                    || lex::is_org_noun(h)
                    || lex::is_bare_plural_speaker(h)
                    || lex::is_document_noun(lex::singular(h))
            }
            _ => true,
        }
    }

    /// Runs the whole document: judges every quote, attributes the speech,
    /// and returns the quotes in text order.
    pub fn run(&mut self, all_quotes: bool) -> Vec<Quote> {
        let n = self.pairs.len();
        let kinds: Vec<Option<QuoteKind>> = (0..n).map(|q| self.classify(q)).collect();
        let mut by_sent: Vec<Vec<usize>> = vec![Vec::new(); self.t.sents.len()];
        for q in 0..n {
            by_sent[self.t.sent_of[self.t.quote_toks[q].0]].push(q);
        }
        // Reported speech in sentence `s` only serves the quotes of later
        // sentences: past the last sentence with a speech quote (none in a
        // document whose quotes are all terms or titles) there is nothing
        // left for it to serve, and the output is the same without it.
        let last_speech = (0..n)
            .filter(|&q| kinds[q].is_some())
            .map(|q| self.t.sent_of[self.t.quote_toks[q].0])
            .max();
        let mut out = Vec::new();
        for (s, quotes_here) in by_sent.iter().enumerate() {
            if quotes_here.is_empty() && last_speech.is_none_or(|l| s >= l) {
                // No quote here and no speech quote after: nothing more to
                // emit but the not-speech quotes of later sentences.
                if !all_quotes {
                    break;
                }
                continue;
            }
            let mut used = HashSet::default();
            for &q in quotes_here {
                let pair = self.pairs[q];
                let span = Span::new(pair.open, pair.end());
                let inner = Span::new(pair.open + pair.open_len, pair.close);
                let Some(kind) = kinds[q] else {
                    if all_quotes {
                        out.push(Quote {
                            span,
                            inner,
                            kind: QuoteKind::NotSpeech,
                            speaker: None,
                            cue: None,
                            addressee: None,
                            rule: "not speech",
                        });
                    }
                    continue;
                };
                let (spk, attr, rule) = self.attribute(q);
                let tok_span =
                    |(a, b): (usize, usize)| Span::new(self.t.toks[a].start, self.t.toks[b].end);
                if let Some(a) = attr {
                    if let Some((c0, c1)) = a.cue {
                        used.extend(c0..=c1);
                    }
                }
                if let Some(spk) = &spk {
                    self.records.push(Rec {
                        sent: s,
                        tok: self.t.quote_toks[q].0,
                        spk: spk.clone(),
                    });
                }
                if let Some(spk) = &spk {
                    self.last_quote = Some((s, spk.clone()));
                }
                out.push(Quote {
                    span,
                    inner,
                    kind,
                    speaker: spk.map(|s| Speaker {
                        name: s.name,
                        entity: s.entity,
                        mention: s.mention,
                    }),
                    cue: attr.and_then(|a| a.cue).map(tok_span),
                    addressee: attr.and_then(|a| a.addressee).map(tok_span),
                    rule,
                });
            }
            if last_speech.is_some_and(|l| s < l) {
                self.record_reported(s, &used);
            }
        }
        out.sort_by_key(|q| q.span.start);
        out
    }
}

/// `name` without leading titles ("Ms Bauchtman" → "Bauchtman").
fn strip_titles(name: &str) -> &str {
    let mut rest = name.trim();
    while let Some((first, tail)) = rest.split_once(' ') {
        if lex::is_title_any_case(first) {
            rest = tail.trim_start();
        } else {
            break;
        }
    }
    rest
}

/// Levenshtein distance on chars, for short names; at least the length
/// difference, which is returned without the full table when it is over 2
/// (callers only ask whether the distance is 2 or less).
fn edit_distance(a: &str, b: &str) -> usize {
    let (la, lb) = (a.chars().count(), b.chars().count());
    if la.abs_diff(lb) > 2 {
        return la.abs_diff(lb);
    }
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let sub = prev[j - 1] + usize::from(a[i - 1] != b[j - 1]);
            cur[j] = sub.min(prev[j] + 1).min(cur[j - 1] + 1);
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}
