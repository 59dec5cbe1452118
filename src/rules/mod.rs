//! Rules: find the names no list holds, and weigh them against the lists.
//!
//! Takes the text, its segmentation and the gazetteer matches; gives
//! [`Candidate`] mentions (span, type, strength, evidence) and demonyms. The
//! resolver (`crate::resolve`) picks among overlapping candidates and groups
//! them into entities.
//!
//! The design decision: **evidence comes in rounds of falling certainty**,
//! after Mikheev, Grover & Moens (MUC-7):
//!
//! 1. sure-fire context rules: a title or role before a name ("Energy
//!    Minister Zhurabek Mirzamakhmudov", "nurse Kwame Mensah"), a relative
//!    after a possessive ("his father, Johann,"), an organisation cue ("...
//!    think tank", "Ministry of ...", "... Inc."), an apposition ("X, a
//!    spokesman for Y");
//! 2. the gazetteers (user lists above shipped ones; ambiguous surfaces only
//!    with supporting context);
//! 3. relaxed rules: a known given name before a capitalised word (which
//!    outranks a listed place inside it when the name is reliable: "Ana
//!    Lima"), a name next to a speech verb, what only people do or have
//!    ("X himself", "X's widow"), a cited author, a capitalised word after
//!    "in"/"from" and the places coordinated with it, "X, Ohio";
//! 4. same-document partial matching: a name found once labels its parts
//!    (the surname "Putin") and its repeats everywhere in the article,
//!    sentence-initial positions included.
//!
//! Each round's output is a [`Candidate`] with a [`Strength`]; the resolver
//! keeps the strongest, then the longest, of overlapping candidates. A run
//! in capitals is never one entity: only the lists, a title + given name +
//! word, and capital look-ups of the body's names apply to it.
//!
//! For speed, the rules read the document through a `Doc`: every rule
//! asks about the same few words ("a month? a given name? a title head?"),
//! so each token is looked up once, when first asked, in the lexicon's one
//! combined map (`lexicon::WordInfo` bits), and multi-word keys are
//! slices of a lower-cased copy of the text or built in one reused buffer.
//! The buffers live in [`RuleOutput`], so a worker allocates them once.

pub mod dates;
pub mod lexicon;

use rustc_hash::FxHashMap as HashMap;
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::sync::Arc;

use crate::gazetteer::{GazMatch, Gazetteer, Role};
use crate::model::{Demonym, EntityType, Sex, Span, SpanIndex, Token, TokenKind};
use crate::segment::Segmentation;

pub use lexicon::Lexicon;
use lexicon::WordInfo;

/// How sure a candidate is; the resolver prefers the stronger.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Strength {
    /// Same-document repeat of a weaker-found name, or a guess by shape.
    Relaxed = 1,
    /// A partial match of a name found with more certainty.
    Partial = 2,
    /// A shipped gazetteer entry.
    Listed = 3,
    /// A sure-fire context rule.
    Context = 4,
    /// A user gazetteer entry.
    UserListed = 5,
}

/// A possible mention, before overlaps are resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct Candidate {
    /// Where it is.
    pub span: Span,
    /// Its type.
    pub kind: EntityType,
    /// How sure.
    pub strength: Strength,
    /// The rule or list that found it.
    pub source: &'static str,
    /// The gazetteer entry, if a list found it (index into
    /// [`Gazetteer::entries`]).
    pub entry: Option<u32>,
    /// Sex hint (from a title or given name).
    pub sex: Option<Sex>,
}

impl Candidate {
    /// A candidate found by a rule (no gazetteer entry, no sex hint).
    pub fn new(
        span: Span,
        kind: EntityType,
        strength: Strength,
        source: &'static str,
    ) -> Candidate {
        Candidate {
            span,
            kind,
            strength,
            source,
            entry: None,
            sex: None,
        }
    }

    /// The same candidate with a sex hint.
    pub fn with_sex(mut self, sex: Option<Sex>) -> Candidate {
        self.sex = sex;
        self
    }
}

/// What the rules stage gives.
#[derive(Clone, Debug, Default)]
pub struct RuleOutput {
    /// Candidate mentions, unordered, possibly overlapping.
    pub candidates: Vec<Candidate>,
    /// Demonyms linked to their places.
    pub demonyms: Vec<Demonym>,
    /// The stage's working buffers, reused from one document to the next.
    buffers: Buffers,
}

impl PartialEq for RuleOutput {
    /// Equal results; the working buffers do not count.
    fn eq(&self, other: &RuleOutput) -> bool {
        self.candidates == other.candidates && self.demonyms == other.demonyms
    }
}

/// The rules' working buffers (see [`Doc`]).
#[derive(Clone, Debug, Default)]
struct Buffers {
    /// [`Doc::lower`].
    lower: String,
    /// [`Doc::slots`].
    slots: Vec<Cell<Option<WordInfo>>>,
    /// [`Doc::phrase`].
    phrase: RefCell<String>,
    /// The capitalised runs.
    seqs: Vec<CapSeq>,
}

/// One document as the rules read it: its text and tokens, each token's
/// look-up key ([`lexicon::key`]) and lexicon entry.
///
/// The rules ask about the same words again and again ("is it a month? a
/// given name? a title?"): each token is looked up once, on first use, in
/// the lexicon's combined map, and the rules test bits. The keys of ASCII
/// tokens are slices of a lower-cased copy of the text, not allocations
/// (only the rare others take [`lexicon::key`]'s Unicode path); so are
/// multi-word keys ("energy minister") written as they are looked up, and
/// the others are built in one reused buffer.
struct Doc<'a> {
    text: &'a str,
    tokens: &'a [Token],
    lex: &'a Lexicon,
    /// The text with its ASCII letters lower-cased, at the same offsets.
    lower: &'a str,
    /// Each token's lexicon entry, once looked up.
    slots: &'a [Cell<Option<WordInfo>>],
    /// The buffer for keys that are no slice of `lower`.
    phrase: &'a RefCell<String>,
}

impl<'a> Doc<'a> {
    /// Fills `lower` and `slots` for `text` and builds the view.
    fn new(
        text: &'a str,
        tokens: &'a [Token],
        lex: &'a Lexicon,
        lower: &'a mut String,
        slots: &'a mut Vec<Cell<Option<WordInfo>>>,
        phrase: &'a RefCell<String>,
    ) -> Doc<'a> {
        lower.clear();
        lower.push_str(text);
        lower.make_ascii_lowercase();
        slots.clear();
        slots.resize(tokens.len(), Cell::new(None));
        Doc {
            text,
            tokens,
            lex,
            lower,
            slots,
            phrase,
        }
    }

    /// The text of token `k`.
    fn word(&self, k: usize) -> &'a str {
        self.tokens[k].span.slice(self.text)
    }

    /// The text of token `k` with ASCII letters lower-cased
    /// (`str::to_ascii_lowercase`).
    fn ascii_lower(&self, k: usize) -> &'a str {
        self.tokens[k].span.slice(self.lower)
    }

    /// The look-up key of token `k` ([`lexicon::key`]).
    fn key(&self, k: usize) -> Cow<'a, str> {
        let lower = self.ascii_lower(k);
        // (Non-ASCII bytes are as in the text.)
        if lower.is_ascii() {
            Cow::Borrowed(lower)
        } else {
            lexicon::key(self.word(k))
        }
    }

    /// True when token `k` starts with a capital (`is_cap_word`), read
    /// from its first byte when that is ASCII.
    fn is_cap(&self, k: usize) -> bool {
        let span = self.tokens[k].span;
        match self.text.as_bytes().get(span.start) {
            Some(b) if b.is_ascii() && span.start < span.end => b.is_ascii_uppercase(),
            _ => is_cap_word(self.word(k)),
        }
    }

    /// True when the key of token `k` starts with a lower-case letter.
    fn key_starts_lower(&self, k: usize) -> bool {
        self.key(k).chars().next().is_some_and(char::is_lowercase)
    }

    /// What the lexicon says about token `k` as a word
    /// ([`Lexicon::word_info`]).
    fn info(&self, k: usize) -> WordInfo {
        let slot = &self.slots[k];
        if let Some(info) = slot.get() {
            return info;
        }
        let info = self.lex.word_info(&self.key(k));
        slot.set(Some(info));
        info
    }

    /// What the lexicon holds for the words of tokens `[a, b)`, lower-cased
    /// and joined by spaces (a period joins its word: "sen."). For one
    /// token this is [`Doc::info`], which differs from the raw entry only
    /// in what no phrase list holds (months, given names).
    fn phrase(&self, a: usize, b: usize) -> WordInfo {
        if b == a + 1 {
            return self.info(a);
        }
        // Mostly the words stand in the text as the key has them, one space
        // apart and a period close ("Energy Minister", "Sen. Jane"): then
        // the key is a slice of the lower-cased text.
        let span = |k: usize| self.tokens[k].span;
        let as_written = (a + 1..b).all(|k| {
            let gap = &self.text.as_bytes()[span(k - 1).end..span(k).start];
            if self.word(k) == "." {
                gap.is_empty()
            } else {
                gap == b" "
            }
        });
        let lower = &self.lower[span(a).start..span(b - 1).end];
        if as_written && lower.is_ascii() {
            return self.lex.info(lower);
        }
        self.lookup(|s| {
            for k in a..b {
                let w = self.word(k);
                if w == "." {
                    s.push('.');
                    continue;
                }
                if k > a {
                    s.push(' ');
                }
                s.push_str(&self.key(k));
            }
        })
    }

    /// Like [`Doc::phrase`], but nothing at once when the last token ends
    /// no listed phrase or the first starts none: most runs never build a
    /// key. (No list holds the empty key, so nothing is what a look-up of
    /// no key finds.)
    fn listed_phrase(&self, a: usize, b: usize) -> WordInfo {
        let tokens = self.tokens;
        // "Sen." is the word "sen" and a period in the token stream.
        let dotted =
            self.word(b - 1) == "." && b >= 2 && tokens[b - 2].span.end == tokens[b - 1].span.start;
        if dotted || (self.info(b - 1).ends_phrase() && self.info(a).starts_phrase()) {
            self.phrase(a, b)
        } else {
            WordInfo::default()
        }
    }

    /// What the lexicon holds for the key of token `k` followed by `tail`
    /// (" of" for "ministry of").
    fn key_and(&self, k: usize, tail: &str) -> WordInfo {
        self.lookup(|s| {
            s.push_str(&self.key(k));
            s.push_str(tail);
        })
    }

    /// Looks up the key that `fill` writes into the reused buffer.
    fn lookup(&self, fill: impl FnOnce(&mut String)) -> WordInfo {
        let mut s = self.phrase.borrow_mut();
        s.clear();
        fill(&mut s);
        self.lex.info(&s)
    }
}

/// The compiled context rules. Built once, shared by all threads.
#[derive(Clone, Debug)]
pub struct EntityRules {
    lex: Lexicon,
}

impl Default for EntityRules {
    fn default() -> Self {
        EntityRules::new()
    }
}

/// Lower-case connectors allowed inside a name when a capitalised word
/// follows: "Ursula von der Leyen", "Mohammed bin Salman", "Bank of England".
const CONNECTORS: &[&str] = &[
    "al", "bin", "da", "das", "de", "del", "della", "der", "di", "do", "dos", "du", "el", "ibn",
    "la", "le", "of", "van", "von",
];

/// The longest name the partial round looks for, in tokens.
const MAX_NAME_TOKENS: usize = 8;

/// A capitalised run longer than this is shouting or a title-case line, not
/// a name: only the lists and partial matching look inside it. (It also
/// keeps every rule's cost per run bounded on text in capitals.)
const MAX_RUN_TOKENS: usize = 12;

/// Prepositions after which an unknown capitalised word is likely a place.
const LOCATIVE: &[&str] = &[
    "in",
    "from",
    "near",
    "outside",
    "across",
    "throughout",
    "to",
];

/// What the gazetteer round found, indexed for the relaxed rules.
#[derive(Default)]
struct Listed {
    /// Every listed candidate's span.
    all: SpanIndex,
    /// Listed places.
    places: SpanIndex,
    /// Demonyms ("French" in "Anglo-French").
    demonyms: SpanIndex,
    /// Starts and ends of listed states, provinces and countries (the "X"
    /// of "Brickhollow, X"), sorted by start.
    regions: Vec<Span>,
}

impl Listed {
    fn new(
        gaz: &Gazetteer,
        matches: &[GazMatch],
        candidates: &[Candidate],
        demonyms: &[Demonym],
    ) -> Listed {
        let listed = || candidates.iter().filter(|c| c.entry.is_some());
        // Any owner of the surface counts: "New York" is a city first and a
        // state too.
        let mut regions: Vec<Span> = matches
            .iter()
            .filter(|m| {
                gaz.owners(m).any(|(_, e, role)| {
                    role != Role::Demonym
                        && e.kind == EntityType::Place
                        && matches!(
                            e.subtype.as_deref(),
                            Some("admin1" | "country" | "territory" | "nation")
                        )
                })
            })
            .map(|m| m.span)
            .collect();
        regions.sort_by_key(|s| s.start);
        Listed {
            all: SpanIndex::new(listed().map(|c| c.span)),
            places: SpanIndex::new(
                listed()
                    .filter(|c| c.kind == EntityType::Place)
                    .map(|c| c.span),
            ),
            regions,
            demonyms: SpanIndex::new(demonyms.iter().map(|d| d.span)),
        }
    }

    /// The listed region starting at byte `start`, if any.
    fn region_at(&self, start: usize) -> Option<Span> {
        let i = self.regions.partition_point(|s| s.start < start);
        self.regions.get(i).filter(|s| s.start == start).copied()
    }
}

/// A run of capitalised tokens (with connectors) inside one sentence.
#[derive(Clone, Copy, Debug)]
struct CapSeq {
    /// First token index.
    first: usize,
    /// One past the last token index.
    end: usize,
    /// The run starts its sentence (so its first capital proves nothing).
    sentence_initial: bool,
    /// Every word of the run is in capitals and two or more are longer
    /// than a letter: a headline or shouting ("SENATOR MARIA OLSEN SAYS
    /// BUDGET WILL PASS"), where capitals prove nothing and cue words at
    /// the end ("PASS") name nothing.
    shouting: bool,
}

fn is_cap_word(t: &str) -> bool {
    match t.as_bytes().first() {
        // Most words start in ASCII: no need to decode a char.
        Some(b) if b.is_ascii() => b.is_ascii_uppercase(),
        _ => t.chars().next().is_some_and(char::is_uppercase),
    }
}

/// True for a capitalised compound adjective: "Washington-based",
/// "Kremlin-backed", "Saudi-led", "Oxford-educated". It describes
/// something else and is never part of a name (its first part may be a
/// place the lists find on their own).
fn is_compound_adjective(word: &str) -> bool {
    // (A byte loop: words are short, and most have no hyphen.)
    let tail = word
        .bytes()
        .rposition(|b| b == b'-')
        .map(|i| &word[i + 1..]);
    tail.is_some_and(|tail| {
        matches!(
            tail,
            "based"
                | "born"
                | "led"
                | "backed"
                | "owned"
                | "run"
                | "made"
                | "funded"
                | "bred"
                | "raised"
                | "educated"
                | "trained"
                | "style"
                | "linked"
                | "allied"
                | "aligned"
                | "affiliated"
                | "controlled"
                | "occupied"
                | "held"
                | "dominated"
                | "registered"
                | "listed"
                | "headquartered"
                | "sponsored"
                | "supported"
                | "inspired"
                | "bound"
        )
    })
}

/// Byte length of a trailing possessive ("'s", "’s", or a bare "'" after s).
fn possessive_len(word: &str) -> usize {
    for suffix in ["'s", "’s", "'S", "’S"] {
        if word.len() > suffix.len() && word.ends_with(suffix) {
            return suffix.len();
        }
    }
    0
}

impl EntityRules {
    /// Rules with the shipped lexicons.
    pub fn new() -> EntityRules {
        EntityRules {
            lex: Lexicon::shipped(),
        }
    }

    /// The lexicons the rules use (shared with the quote stage).
    pub fn lexicon(&self) -> &Lexicon {
        &self.lex
    }

    /// Runs every round over one document.
    pub fn find(
        &self,
        text: &str,
        seg: &Segmentation,
        gaz: &Gazetteer,
        matches: &[GazMatch],
        out: &mut RuleOutput,
    ) {
        self.find_as(text, seg, gaz, matches, out, true);
    }

    /// [`EntityRules::find`], or with `context` false only its first round:
    /// the gazetteer matches that stand in their context (ambiguous entries
    /// checked, demonyms told apart), without the context rules, the
    /// relaxed rules and partial matching (`quarry extract --skip rules`).
    pub fn find_as(
        &self,
        text: &str,
        seg: &Segmentation,
        gaz: &Gazetteer,
        matches: &[GazMatch],
        out: &mut RuleOutput,
        context: bool,
    ) {
        out.candidates.clear();
        out.demonyms.clear();
        let mut buffers = std::mem::take(&mut out.buffers);
        let Buffers {
            lower,
            slots,
            phrase,
            seqs,
        } = &mut buffers;
        let tokens = &seg.tokens;
        let d = &Doc::new(text, tokens, &self.lex, lower, slots, phrase);
        if !context {
            self.gazetteer_round(d, gaz, matches, out);
            out.buffers = buffers;
            return;
        }
        self.cap_seqs(d, seg, seqs);
        let headline_sentences = headline_sentence_flags(text, seg);

        // The gazetteers go first only so that demonyms are known: a run
        // that is just "Uzbek" or "English" is an adjective or a language,
        // never a name. Strength, not order, decides between candidates.
        self.gazetteer_round(d, gaz, matches, out);
        let demonyms = SpanIndex::new(out.demonyms.iter().map(|d| d.span));
        seqs.retain(|seq| !demonyms.has(&self.span_of(d, seq.first, seq.end)));
        let listed = Listed::new(gaz, matches, &out.candidates, &out.demonyms);
        // Sure-fire context rules.
        for seq in seqs.iter() {
            self.context_rules(d, seq, &listed, out);
        }
        // Relaxed rules, not in title-case headlines.
        for seq in seqs.iter() {
            let sent = sentence_of(seg, tokens[seq.first].span.start);
            if sent.is_some_and(|s| headline_sentences[s]) {
                continue;
            }
            self.relaxed_rules(d, seq, &listed, out);
        }
        // Round 4: same-document partial matching.
        self.partial_round(d, seqs, gaz, out);
        out.buffers = buffers;
    }

    /// Finds runs of capitalised tokens, sentence by sentence.
    fn cap_seqs(&self, d: &Doc, seg: &Segmentation, out: &mut Vec<CapSeq>) {
        let (text, tokens) = (d.text, d.tokens);
        out.clear();
        let mut t = 0;
        for sent in &seg.sentences {
            while t < tokens.len() && tokens[t].span.start < sent.span.start {
                t += 1;
            }
            let sent_first = t;
            let mut i = t;
            while i < tokens.len() && tokens[i].span.end <= sent.span.end {
                let tok = &tokens[i];
                // "Jan" before a capitalised word is the given name ("Jan
                // Hatzius"): the month needs a number or its period.
                let jan = tok.span.slice(text) == "Jan"
                    && tokens.get(i + 1).is_some_and(|n| {
                        n.span.start == tok.span.end + 1
                            && n.kind == TokenKind::Word
                            && is_cap_word(n.span.slice(text))
                    });
                if tok.kind != TokenKind::Word
                    || !d.is_cap(i)
                    || (d.info(i).is_calendar() && !jan)
                    || is_compound_adjective(tok.span.slice(text))
                {
                    i += 1;
                    continue;
                }
                // Skip an opening quote or bracket when deciding "initial".
                let initial = tokens[sent_first..i].iter().all(|p| {
                    p.kind == TokenKind::Punct && !matches!(p.span.slice(text), "," | ";" | ":")
                });
                let first = i;
                let mut j = i + 1;
                loop {
                    if j >= tokens.len() || tokens[j].span.end > sent.span.end {
                        break;
                    }
                    let nt = tokens[j];
                    let nw = nt.span.slice(text);
                    let prev = tokens[j - 1];
                    // An initial or a dotted title: "F." / "Sen." / "Dr.".
                    if nw == "." && prev.span.end == nt.span.start && prev.kind == TokenKind::Word {
                        let pw = prev.span.slice(text);
                        let short_cap = pw.chars().count() == 1 && is_cap_word(pw);
                        // ("pw" and the period: the key "sen.")
                        let dotted_title = d.phrase(j - 1, j + 1).title().is_some();
                        if (short_cap || dotted_title)
                            && tokens.get(j + 1).is_some_and(|n| {
                                n.kind == TokenKind::Word
                                    && is_cap_word(n.span.slice(text))
                                    && n.span.end <= sent.span.end
                            })
                        {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    // A month after a given name is a surname ("Theresa
                    // May"), unless a day number follows ("Theresa May 5"
                    // does not occur in news; "Monday May 5" does).
                    // (Asked only of a capitalised word: every look-up of
                    // the word after a run would cost a hash.)
                    let surname_month = || {
                        d.info(j - 1).given().is_some()
                            && !tokens
                                .get(j + 1)
                                .is_some_and(|t| t.kind == TokenKind::Number)
                    };
                    if nt.kind == TokenKind::Word
                        && is_cap_word(nw)
                        && (!d.info(j).is_calendar() || surname_month())
                        && !is_compound_adjective(nw)
                    {
                        // A possessive ends the name: "Putin's Kremlin".
                        if possessive_len(prev.span.slice(text)) > 0 {
                            break;
                        }
                        j += 1;
                        continue;
                    }
                    // "for", "on" and "and" join only after an organisation
                    // word: "Department for Transport", "Council on Foreign
                    // Relations", "Commission and Council" is not one name,
                    // but a cue word before "and" rarely ends a list.
                    let org_joiner =
                        matches!(nw, "for" | "on" | "and") && d.info(j - 1).is_org_suffix();
                    if nt.kind == TokenKind::Word && (CONNECTORS.contains(&nw) || org_joiner) {
                        // "of the" in organisation names: "Daughters of the American Revolution".
                        // Connectors chain: "von der", "bin Abdul", "of the".
                        let mut k = j + 1;
                        while tokens.get(k).is_some_and(|n| {
                            let w = n.span.slice(text);
                            CONNECTORS.contains(&w)
                                || (w == "the" && tokens[k - 1].span.slice(text) == "of")
                        }) && k < j + 3
                        {
                            k += 1;
                        }
                        // A weekday or month after the connector is a
                        // date, not more of the name ("the Supreme Court on
                        // Monday").
                        if tokens.get(k).is_some_and(|n| {
                            n.kind == TokenKind::Word
                                && is_cap_word(n.span.slice(text))
                                && !d.info(k).is_calendar()
                                && n.span.end <= sent.span.end
                        }) {
                            j = k + 1;
                            continue;
                        }
                    }
                    if nw == "&"
                        && tokens
                            .get(j + 1)
                            .is_some_and(|n| is_cap_word(n.span.slice(text)))
                    {
                        j += 2;
                        continue;
                    }
                    break;
                }
                let mut seq = CapSeq {
                    first,
                    end: j,
                    sentence_initial: initial,
                    shouting: false,
                };
                // A sentence-initial word that is not a name drops out:
                // "However Putin ..." → "Putin".
                while seq.first < seq.end {
                    let w = tokens[seq.first].span.slice(text);
                    if (seq.sentence_initial || seq.first == first)
                        && (d.info(seq.first).is_not_name()
                            || crate::segment::is_sentence_starter_word(w))
                    {
                        seq.first += 1;
                        seq.sentence_initial = false;
                    } else {
                        break;
                    }
                }
                // "Shares of Kestrel Foods Ltd", "Residents of Quellbrook":
                // a sentence-initial common noun joined by "of" is the
                // reporter's word, not the start of a name, unless it opens
                // names of its own ("University of", "Ministry of", "Lake").
                if seq.sentence_initial
                    && seq.first + 2 < seq.end
                    && tokens[seq.first + 1].span.slice(text) == "of"
                {
                    let w = d.info(seq.first);
                    // (The key of the word and "of".)
                    if w.is_common_word()
                        && !d.phrase(seq.first, seq.first + 2).is_org_prefix()
                        && !w.is_org_suffix()
                        // "City of London" is a name, "Residents of" is not.
                        && (d.key(seq.first).ends_with('s') || !w.is_place_head())
                        && !w.is_place_prefix()
                        && w.title().is_none()
                        && !w.is_title_head()
                    {
                        seq.first += 1;
                        seq.sentence_initial = false;
                    }
                }
                // Connectors cannot start or end a name.
                while seq.first < seq.end
                    && CONNECTORS.contains(&tokens[seq.first].span.slice(text))
                {
                    seq.first += 1;
                }
                while seq.end > seq.first
                    && CONNECTORS.contains(&tokens[seq.end - 1].span.slice(text))
                {
                    seq.end -= 1;
                }
                if seq.first < seq.end {
                    seq.shouting = is_shouting(text, &tokens[seq.first..seq.end]);
                    out.push(seq);
                }
                i = j;
            }
            t = i;
        }
    }

    /// The byte span of tokens `[a, b)`, trimmed of a final possessive.
    fn span_of(&self, d: &Doc, a: usize, b: usize) -> Span {
        let start = d.tokens[a].span.start;
        let mut end = d.tokens[b - 1].span.end;
        end -= possessive_len(&d.text[start..end]);
        Span::new(start, end)
    }

    /// The end of a person's name inside tokens `[a, b)`: a name stops
    /// before "of" ("Mayor Željko Marić of Split" → "Željko Marić").
    fn person_end(&self, d: &Doc, a: usize, b: usize) -> usize {
        let b = (a + 1..b)
            .find(|&k| matches!(d.word(k), "of" | "&"))
            .unwrap_or(b);
        trim_postnominals(d.text, d.tokens, a, b)
    }

    /// Round 1: titles, organisation cues, appositions.
    fn context_rules(&self, d: &Doc, seq: &CapSeq, listed: &Listed, out: &mut RuleOutput) {
        let (text, tokens) = (d.text, d.tokens);
        let (a, b) = (seq.first, seq.end);
        if seq.shouting {
            self.shouting_rules(d, seq, out);
            return;
        }
        if b - a > MAX_RUN_TOKENS {
            return;
        }
        // A title inside the run: "Energy Minister Zhurabek Mirzamakhmudov",
        // "Russian President Vladimir Putin", "Sen. Jane Doe".
        let mut best_split = None;
        for k in (a + 1..b).rev() {
            let head = tokens[k - 1].span.slice(text);
            let dotted = head == ".";
            let is_title_end = if dotted {
                k >= a + 2 && d.phrase(k - 2, k).title().is_some()
            } else if head.ends_with('.') {
                self.lex.title_head_word(head.trim_end_matches('.'))
            } else {
                // (A title is a title head too.)
                d.info(k - 1).is_title_head()
            };
            if is_title_end && k < b {
                best_split = Some(k);
                break;
            }
        }
        // "Governor of Virginia Bob McDonnell": the name starts at the
        // first given name after the "of" phrase, if any.
        let best_split = best_split.and_then(|k| {
            if !CONNECTORS.contains(&tokens[k].span.slice(text)) {
                return Some(k);
            }
            (k + 1..b.saturating_sub(1)).find(|&j| d.info(j).given().is_some())
        });
        if let Some(k) = best_split {
            let sex = d
                .phrase(a, k)
                .title()
                .flatten()
                .or_else(|| d.info(k - 1).title().flatten());
            // The name after a title must not itself look like an
            // organisation ("Foreign Minister of Russia" is handled by the
            // gazetteer; "President Putin" is a person).
            let last_cue = d.info(b - 1).is_org_suffix();
            let b = self.person_end(d, k, b);
            // "Cleveland State University Vikings" is no person named
            // "University Vikings": no organisation word in the name.
            let cue_inside = (k..b).any(|j| d.info(j).is_org_suffix());
            // "Attorney General", "Chief Justice", "speaker E": a lone title
            // word or letter is no name. (A title is a title head too.)
            let lone = b == k + 1 && (d.word(k).chars().count() < 2 || d.info(k).is_title_head());
            if !last_cue && !cue_inside && !lone && b - k <= 5 {
                out.candidates.push(
                    Candidate::new(
                        self.span_of(d, k, b),
                        EntityType::Person,
                        Strength::Context,
                        "rule:title",
                    )
                    .with_sex(sex),
                );
                self.person_of_place(d, b, seq.end, out);
                return;
            }
        }
        // A relative or friend named after a possessive: "his father,
        // Johann,", "her friend Bonosus", "their son Arvid Lunde".
        if self.kin_before(d, a) && b - a <= 3 && !seq.sentence_initial {
            let b = self.person_end(d, a, b);
            let span = self.span_of(d, a, b);
            let shaped = tokens[a..b].iter().all(|t| {
                let mut cs = t.span.slice(text).chars();
                cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
            });
            if shaped && !listed.all.overlaps(&span) {
                out.candidates.push(Candidate::new(
                    span,
                    EntityType::Person,
                    Strength::Context,
                    "rule:kin",
                ));
                self.person_of_place(d, b, seq.end, out);
                return;
            }
        }
        // A role noun opening the sentence: "Nurse Kwame Mensah has ...".
        if seq.sentence_initial && d.info(a).is_role() && self.full_name(d, a + 1, b, listed) {
            out.candidates.push(Candidate::new(
                self.span_of(d, a + 1, b),
                EntityType::Person,
                Strength::Context,
                "rule:role",
            ));
            return;
        }
        // A lower-case title or role right before the run: "spokeswoman
        // Maria Zakharova", "counterpart Kassym-Zhomart Tokayev", "nurse
        // Kwame Mensah".
        // (Every phrase tried ends with the word before the run: one look-up
        // rules them all out.)
        if a > 0 && (d.word(a - 1) == "." || d.info(a - 1).ends_phrase()) {
            for n in 1..=self.lex.max_title_words().min(a) {
                let phrase = d.listed_phrase(a - n, a);
                if phrase.is_role()
                    && d.key_starts_lower(a - n)
                    && !seq.sentence_initial
                    && self.full_name(d, a, b, listed)
                {
                    out.candidates.push(Candidate::new(
                        self.span_of(d, a, b),
                        EntityType::Person,
                        Strength::Context,
                        "rule:role",
                    ));
                    return;
                }
                if let Some(sex) = phrase.title() {
                    if !d.info(b - 1).is_org_suffix() && b - a <= 4 && !seq.sentence_initial {
                        out.candidates.push(
                            Candidate::new(
                                self.span_of(d, a, b),
                                EntityType::Person,
                                Strength::Context,
                                "rule:title",
                            )
                            .with_sex(sex),
                        );
                        return;
                    }
                }
            }
        }
        // Organisation cues inside the run: "... Party", "Ministry of ...",
        // "... Holdings Inc." (the abbreviation's period is part of the name).
        let last_tok = tokens[b - 1];
        let last = d.info(b - 1);
        let dot_follows = tokens
            .get(b)
            .is_some_and(|t| t.span.start == last_tok.span.end && t.span.slice(text) == ".");
        // (The last word and the period: "inc.")
        let dotted_suffix = dot_follows && d.phrase(b - 1, b + 1).is_org_suffix();
        let prefix2 = b - a >= 3 && d.phrase(a, a + 2).is_org_prefix();
        // "Architectural Association School of Architecture", "National
        // Conservatory of Music of America", "… Centre for Control of …": an
        // organisation word before "of", "for" or "on" inside the run.
        let inner_of = (a + 1..b.saturating_sub(1)).any(|k| {
            matches!(tokens[k].span.slice(text), "of" | "for" | "on")
                && d.info(k - 1).is_org_suffix()
        });
        if (b - a >= 2 && (last.is_org_suffix() || dotted_suffix)) || prefix2 || inner_of {
            // "Ana Costa of ING Bank": a given name and a surname before
            // "of" are a person from the organisation, not part of it.
            let of = (a + 2..b.saturating_sub(2)).find(|&k| tokens[k].span.slice(text) == "of");
            let a = match of {
                Some(k) if !prefix2 && !inner_of && self.person_before_of(d, a, k) => {
                    out.candidates.push(Candidate::new(
                        self.span_of(d, a, k),
                        EntityType::Person,
                        Strength::Relaxed,
                        "rule:given-name",
                    ));
                    k + 1
                }
                _ => a,
            };
            let mut span = self.span_of(d, a, b);
            if dotted_suffix {
                span.end = tokens[b].span.end;
            }
            out.candidates.push(Candidate::new(
                span,
                EntityType::Org,
                Strength::Context,
                "rule:org-cue",
            ));
            return;
        }
        // Place cues: "Shandao Station", "Lake Baikal", "the town of Faaborg".
        let head_before = a >= 2 && d.word(a - 1) == "of" && d.info(a - 2).is_place_head();
        // "10th Street", "Fifth Avenue" begins with an ordinal.
        let ordinal = b - a == 1 && a > 0 && is_ordinal(d.word(a - 1)) && last.is_place_suffix();
        if ordinal {
            out.candidates.push(Candidate::new(
                Span::new(tokens[a - 1].span.start, tokens[a].span.end),
                EntityType::Place,
                Strength::Context,
                "rule:place-cue",
            ));
            return;
        }
        if (b - a >= 2 && last.is_place_suffix()) || head_before {
            out.candidates.push(Candidate::new(
                self.span_of(d, a, b),
                EntityType::Place,
                Strength::Context,
                "rule:place-cue",
            ));
            return;
        }
        let prefix_cue = (b - a >= 2 && d.info(a).is_place_prefix())
            || (b - a >= 3 && d.phrase(a, a + 2).is_place_prefix());
        if prefix_cue && b - a <= 4 {
            let span = self.span_of(d, a, b);
            // "Saint Jerome", "St. Augustine" with no place to support it
            // (a listed town of that name asks for context) is the saint.
            // Weaker than other cues: "New", "San" and "Port" open other
            // names too.
            let saint = self.saint_name(span.slice(text));
            let (kind, source) = if saint {
                (EntityType::Person, "rule:saint")
            } else {
                (EntityType::Place, "rule:place-cue")
            };
            out.candidates
                .push(Candidate::new(span, kind, Strength::Relaxed, source));
            if saint {
                return;
            }
        }
        // A company-kind noun opening the sentence: "Steelmaker Nordstahl
        // employs 900 people" (not a word that starts names itself, as in
        // "Union Pacific").
        if seq.sentence_initial
            && b - a >= 2
            && b - a <= 4
            && d.info(a).is_org_head()
            && !d.info(a).is_org_suffix()
            && !d.key_and(a, " of").is_org_prefix()
        {
            out.candidates.push(Candidate::new(
                self.span_of(d, a + 1, b),
                EntityType::Org,
                Strength::Context,
                "rule:org-head",
            ));
            return;
        }
        // An organisation-kind noun next to the name: "the X think tank",
        // "the newspaper X".
        for n in (1..=2).rev() {
            if b + n <= tokens.len() && d.listed_phrase(b, b + n).is_org_head() {
                out.candidates.push(Candidate::new(
                    self.span_of(d, a, b),
                    EntityType::Org,
                    Strength::Context,
                    "rule:org-head",
                ));
                return;
            }
            if a >= n && d.listed_phrase(a - n, a).is_org_head() {
                out.candidates.push(Candidate::new(
                    self.span_of(d, a, b),
                    EntityType::Org,
                    Strength::Context,
                    "rule:org-head",
                ));
                return;
            }
        }
        // Web outlets: "Kun.uz", "Politico.eu".
        if b - a == 1 {
            let w = tokens[a].span.slice(text);
            // (A byte loop: `rsplit_once` sets up a searcher for each word.)
            let dot = w.bytes().rposition(|c| c == b'.');
            if let Some(tld) = dot.map(|i| &w[i + 1..]) {
                if (2..=4).contains(&tld.len())
                    && tld.chars().all(|c| c.is_ascii_lowercase())
                    && w.chars().filter(|c| *c == '.').count() == 1
                {
                    out.candidates.push(Candidate::new(
                        tokens[a].span,
                        EntityType::Org,
                        Strength::Context,
                        "rule:web-outlet",
                    ));
                    return;
                }
            }
        }
        // A role before a comma: "the first president of Kazakhstan,
        // Nursultan Nazarbayev, ...".
        if a >= 2 && tokens[a - 1].span.slice(text) == "," && b - a >= 2 && b - a <= 4 {
            let mut k = a - 1;
            let mut steps = 0;
            while k > 0 && steps < 6 {
                k -= 1;
                steps += 1;
                let w = tokens[k].span.slice(text);
                if matches!(w, "," | "." | ";" | ":" | "\"" | "“" | "”") {
                    break;
                }
                // A role noun counts right before the comma only: "the
                // ranger, Beatriz Olmedo, said".
                let role = k + 2 == a && d.info(k).is_role() && self.full_name(d, a, b, listed);
                if w.chars().next().is_some_and(char::is_lowercase)
                    && (d.info(k).title().is_some() || role)
                {
                    out.candidates.push(Candidate::new(
                        self.span_of(d, a, b),
                        EntityType::Person,
                        Strength::Context,
                        "rule:apposition",
                    ));
                    return;
                }
            }
        }
        // Apposition: "Alisher Ilkhamov, head of ...", "X, a spokesman for Y".
        if b + 2 < tokens.len() && tokens[b].span.slice(text) == "," {
            let mut k = b + 1;
            // A possessive before the role: "X, the bank's chief economist,",
            // "X, Russia's foreign minister,", "X, its spokeswoman,".
            let possessive = |t: usize| {
                tokens.get(t).is_some_and(|t| {
                    let w = t.span.slice(text);
                    t.kind == TokenKind::Word
                        && (possessive_len(w) > 0 || matches!(w, "its" | "his" | "her" | "their"))
                })
            };
            let article = matches!(tokens[k].span.slice(text), "a" | "an" | "the");
            let owner = usize::from(article);
            if possessive(k + owner) {
                k += owner + 1;
            } else if article
                && tokens.get(k + 1).is_some_and(|t| is_lower_word(text, t))
                && possessive(k + 2)
            {
                // "the central bank's"
                k += 3;
            } else if article {
                k += 1;
                // "Vestby Sentinel, a regional newspaper," names an
                // organisation (one adjective allowed).
                for skip in 0..=1 {
                    for n in (1..=2).rev() {
                        let (x, y) = (k + skip, k + skip + n);
                        if y > tokens.len() || !tokens[k..x].iter().all(|t| is_lower_word(text, t))
                        {
                            continue;
                        }
                        let phrase = d.listed_phrase(x, y);
                        let next = tokens.get(y).map(|t| t.span.slice(text));
                        if phrase.is_org_head()
                            && matches!(
                                next,
                                None | Some(
                                    "," | "." | ";" | "in" | "based" | "that" | "which" | "owned"
                                )
                            )
                        {
                            out.candidates.push(Candidate::new(
                                self.span_of(d, a, b),
                                EntityType::Org,
                                Strength::Context,
                                "rule:apposition",
                            ));
                            return;
                        }
                    }
                }
            }
            for n in (1..=3).rev() {
                if k + n > tokens.len() {
                    continue;
                }
                let phrase = d.listed_phrase(k, k + n);
                // "Ana Lima, a nurse, arrived": a role noun needs a full name.
                if phrase.title().is_some() || (phrase.is_role() && self.full_name(d, a, b, listed))
                {
                    let next = tokens.get(k + n).map(|t| t.span.slice(text));
                    if matches!(next, Some("of" | "for" | "at" | "to" | "with" | "," | "."))
                        && b - a >= 2
                    {
                        out.candidates.push(Candidate::new(
                            self.span_of(d, a, b),
                            EntityType::Person,
                            Strength::Context,
                            "rule:apposition",
                        ));
                        return;
                    }
                }
            }
        }
    }

    /// Round 2: gazetteer matches become candidates; demonyms are linked.
    fn gazetteer_round(
        &self,
        d: &Doc,
        gaz: &Gazetteer,
        matches: &[GazMatch],
        out: &mut RuleOutput,
    ) {
        let (text, tokens) = (d.text, d.tokens);
        for (mi, m) in matches.iter().enumerate() {
            let Some((entry_idx, entry, role)) = gaz.owners(m).next() else {
                continue;
            };
            if role == Role::Demonym {
                out.demonyms.push(Demonym {
                    span: m.span,
                    place: entry.name.clone(),
                    kb_id: Some(entry.id.clone()),
                });
                continue;
            }
            // The match's tokens are `[i, j)`.
            let i = tokens.partition_point(|t| t.span.start < m.span.start);
            let j = i + tokens[i..].partition_point(|t| t.span.start < m.span.end);
            // Month and weekday names that are also towns ("March") need
            // the same support as listed ambiguous names.
            let surface = m.span.slice(text);
            // Only places ask the lexicon about their surface (mostly one
            // token, looked up already).
            let one_token = j == i + 1 && tokens[i].span.end == m.span.end;
            let word = if entry.kind != EntityType::Place {
                WordInfo::default()
            } else if one_token && tokens[i].span.start == m.span.start {
                d.info(i)
            } else {
                self.lex.word(surface)
            };
            let calendar = entry.kind == EntityType::Place && word.is_calendar();
            // A town named like a person or a common word ("Ron", "To")
            // needs the same support as a listed ambiguous name; capitals
            // and countries do not.
            let minor_word = is_minor_place(entry) && !surface.contains(' ');
            let given = minor_word && word.given().is_some();
            // "Saint Jerome", "St. Denis": a small town named for a saint
            // is as often the saint, so it asks for the same support.
            let saint =
                is_minor_place(entry) && entry.population < 100_000 && self.saint_name(surface);
            // "Austin Powers", "Cleveland Brown": a town that is a given
            // name, followed by a capitalised word, is a person's name.
            if given && next_is_cap_word(d, j) {
                continue;
            }
            let small = entry.population < 100_000;
            // A user's own place ("Gotham") is taken as listed: the user
            // knows best (an explicit `ambiguous=1` still asks for context).
            let namelike = entry.priority <= 0
                && minor_word
                && (surface.chars().count() <= 2
                    || word.is_not_name()
                    || (small && (given || word.is_common_word())));
            if ((entry.ambiguous || namelike || saint)
                && !self.place_context(d, i, j, true)
                && !self.place_company(d, gaz, matches, mi, i, j))
                || (calendar && !self.place_context(d, i, j, false))
            {
                continue;
            }
            // A place that plays and scores is a team: "Boston beat New
            // York 3-1" (news wire convention: ORG).
            if entry.kind == EntityType::Place && self.sports_team(d, i, j) {
                out.candidates.push(Candidate::new(
                    m.span,
                    EntityType::Org,
                    Strength::Context,
                    "rule:sports-team",
                ));
                continue;
            }
            out.candidates.push(Candidate {
                span: m.span,
                kind: entry.kind.clone(),
                strength: if entry.priority > 0 {
                    Strength::UserListed
                } else {
                    Strength::Listed
                },
                source: "gazetteer",
                entry: Some(entry_idx),
                sex: entry.sex,
            });
        }
    }

    /// True when a place name (tokens `[i, j)`) acts as a sports team: a
    /// result verb next to it and a score ("3-1") in the same stretch of
    /// text.
    fn sports_team(&self, d: &Doc, i: usize, j: usize) -> bool {
        let (text, tokens) = (d.text, d.tokens);
        const RESULT_VERBS: &[&str] = &[
            "beat", "beats", "defeated", "defeat", "edged", "routed", "thrashed", "drew", "lost",
            "loses", "trounced", "downed", "stunned", "vs", "v", "vs.",
        ];
        let before = i.checked_sub(1).map(|k| tokens[k].span.slice(text));
        let after = tokens.get(j).map(|t| t.span.slice(text));
        let verb_near = before.is_some_and(|w| RESULT_VERBS.contains(&w))
            || after.is_some_and(|w| RESULT_VERBS.contains(&w));
        if !verb_near {
            return false;
        }
        // A score within a few tokens: digits, a dash, digits.
        let lo = i.saturating_sub(8);
        let hi = (j + 10).min(tokens.len());
        tokens[lo..hi].iter().any(|t| {
            let w = t.span.slice(text);
            t.kind == TokenKind::Number
                && w.split(['-', '–']).count() == 2
                && w.split(['-', '–'])
                    .all(|p| !p.is_empty() && p.len() <= 3 && p.bytes().all(|b| b.is_ascii_digit()))
        })
    }

    /// True when tokens `[a, k)` are a reliable given name and one or two
    /// capitalised words that are no organisation or place words: a
    /// person's name ("Ana Costa").
    fn person_before_of(&self, d: &Doc, a: usize, k: usize) -> bool {
        (2..=3).contains(&(k - a))
            && d.info(a).is_reliable_given()
            && (a + 1..k).all(|t| {
                let info = d.info(t);
                d.tokens[t].kind == TokenKind::Word
                    && is_cap_word(d.word(t))
                    && !(info.is_org_suffix()
                        || info.is_org_head()
                        || info.is_place_prefix()
                        || info.is_place_suffix()
                        || info.is_role()
                        || info.title().is_some())
            })
    }

    /// True when `surface` is "Saint", "St." or "St" and a given name
    /// ("Saint Jerome", "St. Denis").
    fn saint_name(&self, surface: &str) -> bool {
        ["Saint ", "St. ", "St "]
            .iter()
            .find_map(|p| surface.strip_prefix(p))
            .is_some_and(|rest| !rest.contains(' ') && self.lex.word(rest).given().is_some())
    }

    /// True when an ambiguous place name (tokens `[i, j)`) stands where
    /// places stand: after a locative preposition or before ",
    /// <Capitalised>".
    fn place_context(&self, d: &Doc, i: usize, j: usize, preposition_ok: bool) -> bool {
        let (text, tokens) = (d.text, d.tokens);
        let before = i.checked_sub(1).map(|k| d.ascii_lower(k));
        if preposition_ok && before.is_some_and(|w| LOCATIVE.contains(&w) || w == "at") {
            return true;
        }
        tokens.get(j).is_some_and(|t| t.span.slice(text) == ",")
            && tokens
                .get(j + 1)
                .is_some_and(|t| is_cap_word(t.span.slice(text)))
    }

    /// True when an ambiguous place name keeps company that only places
    /// keep: coordinated with, or listed next to, an unambiguous listed
    /// place ("Jordan and Israel", "Syria, Jordan and Lebanon"), or after
    /// "of" following a title or role ("King Abdullah of Jordan", "the
    /// president of Georgia"). A capitalised word next to it makes it part
    /// of a name instead ("Michael Jordan and Israel", "Chad Smith").
    /// (`matches[i]` has tokens `[a, b)`.)
    fn place_company(
        &self,
        d: &Doc,
        gaz: &Gazetteer,
        matches: &[GazMatch],
        i: usize,
        a: usize,
        b: usize,
    ) -> bool {
        let (text, tokens) = (d.text, d.tokens);
        const LINKS: &[&str] = &[",", "and", "or", "&"];
        let word = |k: usize| tokens[k].span.slice(text);
        if a >= 2 && word(a - 1) == "of" {
            for k in (a.saturating_sub(6)..a - 1).rev() {
                let w = word(k);
                if matches!(w, "," | "." | ";" | ":" | "(" | ")") {
                    break;
                }
                if d.info(k).title().is_some() {
                    return true;
                }
            }
        }
        let cap_before = a.checked_sub(1).is_some_and(|k| is_cap_word(word(k)));
        if cap_before || next_is_cap_word(d, b) {
            return false;
        }
        let listed_place = |j: usize| {
            gaz.owners(&matches[j]).next().is_some_and(|(_, e, role)| {
                role == Role::Name
                    && e.kind == EntityType::Place
                    && !e.ambiguous
                    && !self.lex.is_calendar(matches[j].span.slice(text))
            })
        };
        // One or two linking tokens (", and") between the two names.
        let linked = |from: usize, to: usize| {
            (1..=2).contains(&(to - from)) && (from..to).all(|k| LINKS.contains(&word(k)))
        };
        if i > 0 {
            let prev = tokens.partition_point(|t| t.span.start < matches[i - 1].span.end);
            if prev <= a && linked(prev, a) && listed_place(i - 1) {
                return true;
            }
        }
        if i + 1 < matches.len() {
            let next = tokens.partition_point(|t| t.span.start < matches[i + 1].span.start);
            if next >= b && linked(b, next) && listed_place(i + 1) {
                return true;
            }
        }
        false
    }

    /// True when tokens `[a, b)` look like a person's full name and nothing
    /// else: two or three capitalised words with lower-case letters, no cue
    /// word at the end, not listed as something, and either a known given
    /// name first or no ordinary English word in it ("nurse Kwame Mensah",
    /// not "driver Formula One"). Role nouns need this much; titles less.
    fn full_name(&self, d: &Doc, a: usize, b: usize, listed: &Listed) -> bool {
        if b < a + 2 || b > a + 3 {
            return false;
        }
        let shaped = (a..b).map(|k| d.word(k)).all(|w| {
            let mut cs = w.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.any(char::is_lowercase)
                && !w.contains('.')
        });
        if !shaped {
            return false;
        }
        let last = d.info(b - 1);
        if last.is_org_suffix() || last.is_place_suffix() {
            return false;
        }
        let plain = d.info(a).given().is_some()
            || (a..b).all(|k| !d.info(k).is_common_word() && !d.info(k).is_not_name());
        plain && !listed.all.contains(&self.span_of(d, a, b))
    }

    /// Text in capitals: the only rule is a title, a known given name and
    /// one more word ("SENATOR MARIA OLSEN SAYS ..." → "MARIA OLSEN"); the
    /// lists (with their capital forms) and partial matching against the
    /// names of the body do the rest.
    fn shouting_rules(&self, d: &Doc, seq: &CapSeq, out: &mut RuleOutput) {
        let (a, b) = (seq.first, seq.end);
        for k in a + 1..b.saturating_sub(1) {
            let (head, given) = (d.info(k - 1), d.info(k));
            // (A title is a title head too.)
            if !head.is_title_head() || !given.is_reliable_given() {
                continue;
            }
            let sex = head.title().flatten().or_else(|| given.given().flatten());
            out.candidates.push(
                Candidate::new(
                    self.span_of(d, k, k + 2),
                    EntityType::Person,
                    Strength::Context,
                    "rule:title",
                )
                .with_sex(sex),
            );
            return;
        }
    }

    /// Round 3: given names, speech verbs, locatives.
    fn relaxed_rules(&self, d: &Doc, seq: &CapSeq, listed: &Listed, out: &mut RuleOutput) {
        let (text, tokens) = (d.text, d.tokens);
        let (a, b) = (seq.first, seq.end);
        if b - a > MAX_RUN_TOKENS || seq.shouting {
            return;
        }
        let span = self.span_of(d, a, b);
        if span.is_empty() {
            return;
        }
        let first = tokens[a].span.slice(text);
        let first_info = d.info(a);
        let n = b - a;
        // Where a role works: "chief executive of Helvetic Semiconductors",
        // "an analyst at Baltic Capital". Weaker than a listed place
        // ("president of Kazakhstan").
        if a >= 2 && matches!(tokens[a - 1].span.slice(text), "of" | "at" | "for") {
            let role = (1..=3.min(a - 1)).any(|m| {
                d.listed_phrase(a - 1 - m, a - 1).title().is_some() && d.key_starts_lower(a - 1 - m)
            });
            if role && first_info.given().is_none() {
                out.candidates.push(Candidate::new(
                    span,
                    EntityType::Org,
                    Strength::Partial,
                    "rule:role-of",
                ));
                return;
            }
        }
        // Initials and a surname: "J.K. Rowling", "J. R. Hartley".
        let initial = |t: &Token| {
            let w = t.span.slice(text);
            w == "."
                || (w.chars().all(|c| c.is_uppercase() || c == '.')
                    && w.chars().filter(|c| c.is_alphabetic()).count() <= 3)
        };
        if n >= 2
            && initial(&tokens[a])
            && tokens[a..b - 1].iter().all(initial)
            && !initial(&tokens[b - 1])
        {
            let dotted = tokens[a..b - 1]
                .iter()
                .any(|t| t.span.slice(text).contains('.'));
            if dotted {
                out.candidates.push(Candidate::new(
                    span,
                    EntityType::Person,
                    Strength::Relaxed,
                    "rule:initials",
                ));
                return;
            }
        }
        // A known given name and a capitalised surname; the name stops
        // before "of" ("Ana Costa of ING": the bank is somebody else's find).
        let pe = self.person_end(d, a, b);
        if pe - a >= 2 {
            if let Some(sex) = first_info.given() {
                let last = d.info(pe - 1);
                // "Taj Socotra Hotel", "Victoria Station", "Cleveland State
                // University Vikings", "River Ouse", "Virginia Governor"
                // name no person.
                let cue = last.is_place_suffix()
                    || last.is_title_head()
                    || first_info.is_place_prefix()
                    || (a..pe).any(|k| d.info(k).is_org_suffix());
                let span = self.span_of(d, a, pe);
                let seq = &CapSeq { end: pe, ..*seq };
                if !cue && pe - a <= 4 {
                    let strength = if self.name_over_place(d, seq, span, listed) {
                        Strength::Context
                    } else {
                        Strength::Relaxed
                    };
                    out.candidates.push(
                        Candidate::new(span, EntityType::Person, strength, "rule:given-name")
                            .with_sex(sex),
                    );
                    return;
                }
            }
        }
        // Next to a speech verb: "Ilkhamov said", "said Ilkhamov", the
        // object of "told" is an addressee, so "told X" is no rule.
        let before = a.checked_sub(1).map(|k| tokens[k].span.slice(text));
        let after = tokens.get(b).map(|t| t.span.slice(text));
        // "Galois later wrote", "Hadid famously said": one adverb between.
        let adverb = after.is_some_and(|w| {
            (w.len() > 4 && w.ends_with("ly") && w.chars().all(|c| c.is_ascii_lowercase()))
                || matches!(w, "later" | "also" | "then" | "once" | "again")
        });
        let speech_after = (after.is_some() && d.info(b).is_speech_verb())
            || (adverb && b + 1 < tokens.len() && d.info(b + 1).is_speech_verb());
        let speech_before =
            before.is_some_and(|w| matches!(w, "said" | "says" | "added" | "wrote" | "asked"));
        // A lone capitalised word opening a sentence proves nothing
        // ("Chipmaker warns ..."); the partial round labels it if it is a
        // surname seen elsewhere.
        if (speech_after || speech_before) && n <= 4 && !(seq.sentence_initial && n == 1) {
            // "Pfizer and BioNTech said": coordinated with an organisation,
            // the speaker is one too.
            let kind = if self.coordinated_with_org(d, a, b, out) {
                EntityType::Org
            } else {
                EntityType::Person
            };
            out.candidates.push(Candidate::new(
                span,
                kind,
                Strength::Relaxed,
                "rule:speech-verb",
            ));
            return;
        }
        // Not an acronym ("in DH") and not a plain word ("in Come").
        let plain =
            n == 1 && (first_info.is_common_word() || first.chars().all(|c| !c.is_lowercase()));
        // Authors cited: "(Nedwick, 2014)", "Biggs et al.", "(Hein, Reich,
        // Marks, & Grigorenko, 2016)"; one of a list of authors outranks a
        // town of the same name.
        let shaped = tokens[a..b].iter().all(|t| {
            let mut cs = t.span.slice(text).chars();
            cs.next().is_some_and(char::is_uppercase) && cs.any(char::is_lowercase)
        });
        if n <= 3 && shaped && !first_info.is_not_name() {
            if let Some(list) = self.citation(d, a, b) {
                // "See Hartsell-Gundy et al.": an opening verb is no name.
                let span = if seq.sentence_initial && n >= 2 && first_info.is_common_word() {
                    self.span_of(d, a + 1, b)
                } else {
                    span
                };
                let strength = if list {
                    Strength::Context
                } else {
                    Strength::Relaxed
                };
                out.candidates.push(Candidate::new(
                    span,
                    EntityType::Person,
                    strength,
                    "rule:citation",
                ));
                return;
            }
        }
        // What only people do or have: "Galois himself", "Pachomius died",
        // "Galois' cousin", "Warhol's estate".
        if n <= 3 && !plain && !first_info.is_not_name() && self.person_cue(d, b) {
            out.candidates.push(Candidate::new(
                span,
                EntityType::Person,
                Strength::Relaxed,
                "rule:person-cue",
            ));
            return;
        }
        let place_like = n <= 3 && first_info.given().is_none() && !plain;
        // After a locative preposition: "in Massapequa", "homes in
        // Quellbrook and Varnsdale", "residents of Quellbrook and Varnsdale".
        // After a comma, only inside a list ("in Quellbrook, Varnsdale and
        // Ashby"), not before a clause ("In London, Johnson faced ...").
        let listed_on =
            before != Some(",") || after.is_some_and(|w| matches!(w, "," | "and" | "or"));
        if place_like && listed_on && self.locative_before(d, a) {
            out.candidates.push(Candidate::new(
                span,
                EntityType::Place,
                Strength::Relaxed,
                "rule:locative",
            ));
            return;
        }
        // Before a listed state or country: "Brickhollow, Ohio, lost ...".
        if place_like
            && !first_info.is_not_name()
            && tokens.get(b).is_some_and(|t| t.span.slice(text) == ",")
        {
            let region = tokens
                .get(b + 1)
                .and_then(|t| listed.region_at(t.span.start));
            if let Some(r) = region {
                let j = tokens.partition_point(|t| t.span.start < r.end);
                let ends = tokens
                    .get(j)
                    .is_none_or(|t| matches!(t.span.slice(text), "," | "." | ";" | ":" | ")"));
                if ends {
                    out.candidates.push(Candidate::new(
                        span,
                        EntityType::Place,
                        Strength::Relaxed,
                        "rule:place-region",
                    ));
                    return;
                }
            }
        }
        // The shape of a personal name: two or three capitalised words in
        // mid-sentence, each starting upper-case then lower-case, none a
        // cue word, the first not a known non-name ("Andrew Westphal").
        if (2..=3).contains(&n) && !seq.sentence_initial {
            let name_shaped = (a..b).all(|k| {
                let w = d.word(k);
                let mut cs = w.chars();
                cs.next().is_some_and(char::is_uppercase)
                    && cs.clone().next().is_some_and(|c| c.is_lowercase())
                    && !w.contains('.')
            });
            let last = tokens[b - 1].span;
            let double = || {
                self.double_surname(d.word(b - 1))
                    && !listed.all.overlaps(&last)
                    && !listed.demonyms.overlaps(&last)
            };
            let cue = (a..b).any(|k| {
                let (w, info) = (d.word(k), d.info(k));
                let surname = k + 1 == b && k > a && w.contains('-');
                info.is_org_suffix()
                    || info.is_title_head()
                    || info.is_not_name()
                    || (info.is_common_word() && !surname)
                    || (w.contains('-') && !(surname && double()))
            });
            if name_shaped && !cue {
                out.candidates.push(Candidate::new(
                    span,
                    EntityType::Person,
                    Strength::Relaxed,
                    "rule:name-shape",
                ));
            }
        }
    }

    /// After a person's name that stops before "of", the one or two
    /// capitalised words that follow are where the person is from:
    /// "Mayor Željko Marić of Split", "his friend Bonosus of Sardica",
    /// "St. Theodorus of Tabennese". Relaxed: a listed name there wins.
    fn person_of_place(&self, d: &Doc, name_end: usize, b: usize, out: &mut RuleOutput) {
        if name_end + 1 >= b || b - name_end > 3 || d.word(name_end) != "of" {
            return;
        }
        let shaped = (name_end + 1..b).all(|k| {
            let mut cs = d.word(k).chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.any(char::is_lowercase)
                && !d.info(k).is_org_suffix()
        });
        if shaped {
            out.candidates.push(Candidate::new(
                self.span_of(d, name_end + 1, b),
                EntityType::Place,
                Strength::Relaxed,
                "rule:person-of-place",
            ));
        }
    }

    /// True when a possessive and a word for a relative or friend stand
    /// right before token `a`, with or without a comma ("his father,",
    /// "her friend").
    fn kin_before(&self, d: &Doc, a: usize) -> bool {
        let word = |k: usize| d.word(k);
        let mut k = a;
        if k > 0 && word(k - 1) == "," {
            k -= 1;
        }
        // (The possessive first: one `match`, where the kin are a list.)
        k >= 2
            && matches!(
                word(k - 2),
                "his" | "her" | "their" | "my" | "your" | "our" | "His" | "Her" | "Their" | "My"
            )
            && KIN.contains(&word(k - 1))
    }

    /// True for an author citation: "(Nedwick, 2014)", "Biggs et al.",
    /// "(Hein, Reich, Marks, & Grigorenko, 2016)". `list` is set when the
    /// run is one of several authors (an "&" or "et al."), which no place
    /// name would be.
    fn citation(&self, d: &Doc, a: usize, b: usize) -> Option<bool> {
        let (text, tokens) = (d.text, d.tokens);
        let word = |k: usize| tokens.get(k).map(|t| t.span.slice(text));
        let year = |k: usize| {
            word(k).is_some_and(|w| {
                let digits = w.trim_end_matches(|c: char| c.is_ascii_lowercase());
                digits.len() == 4
                    && digits.bytes().all(|c| c.is_ascii_digit())
                    && (w.len() - digits.len()) <= 1
                    && matches!(&digits[..2], "15" | "16" | "17" | "18" | "19" | "20")
            })
        };
        if word(b) == Some("et") && word(b + 1).is_some_and(|w| w.starts_with("al")) {
            return Some(true);
        }
        if word(b) == Some(",") && year(b + 1) {
            // "(Hein, Reich, & Grigorenko, 2016)": the last of a list.
            let before = |d: usize| a.checked_sub(d).and_then(word);
            let list = before(1) == Some("&") || before(2) == Some("&");
            return Some(list);
        }
        // An earlier author of a list that ends in "& X, 2016)" (no "&"
        // close ahead, no list: one byte search spares the token walk).
        let end = tokens[b - 1].span.end;
        let ahead = &text.as_bytes()[end..text.len().min(end + 160)];
        if matches!(word(b), Some("," | "&")) && ahead.contains(&b'&') {
            let mut k = b;
            let mut amp = false;
            while k < tokens.len() && k < b + 24 {
                match word(k) {
                    Some("&") => amp = true,
                    Some(")" | "." | ";") | None => return None,
                    _ => {}
                }
                if amp && word(k) == Some(",") && year(k + 1) {
                    return Some(true);
                }
                k += 1;
            }
        }
        None
    }

    /// True when what follows a capitalised run ending before token `b`
    /// says it is a person: "himself"/"herself", "died", "was born", or a
    /// possessive with a family word or a life event ("Galois' younger
    /// brother", "Warhol's estate").
    fn person_cue(&self, d: &Doc, b: usize) -> bool {
        let (text, tokens) = (d.text, d.tokens);
        let word = |k: usize| tokens.get(k).map(|t| t.span.slice(text));
        match word(b) {
            Some("himself" | "herself" | "died") => return true,
            Some("was") if word(b + 1) == Some("born") => return true,
            Some("and")
                if matches!(word(b + 1), Some("colleagues" | "co-workers" | "coworkers")) =>
            {
                return true
            }
            _ => {}
        }
        // The possessive: in the last token ("Warhol's") or a bare mark
        // after a final s ("Galois' cousin").
        let last = tokens[b - 1].span.slice(text);
        let next = if possessive_len(last) > 0 {
            b
        } else if matches!(word(b), Some("'" | "’"))
            && tokens[b - 1].span.end == tokens[b].span.start
            && last.ends_with(['s', 'x', 'z'])
        {
            b + 1
        } else {
            return false;
        };
        // One adjective may stand between: "Galois' younger brother".
        (next..next + 2).any(|k| {
            tokens.get(k).is_some_and(|t| t.kind == TokenKind::Word)
                && word(k).is_some_and(|w| PERSON_OWNED.contains(&w))
                && (k == next || tokens[next].kind == TokenKind::Word)
        })
    }

    /// True when the capitalised run `[a, b)` stands where a place stands:
    /// after a locative preposition ("in Massapequa"), after "the town of"
    /// or "residents of", or coordinated with such a run ("in Quellbrook
    /// and Varnsdale").
    fn locative_before(&self, d: &Doc, a: usize) -> bool {
        let (text, tokens) = (d.text, d.tokens);
        let mut a = a;
        // Each step back crosses one "and"/"or" and the run before it.
        for _ in 0..4 {
            let Some(w) = a.checked_sub(1).map(|k| tokens[k].span.slice(text)) else {
                return false;
            };
            if LOCATIVE.contains(&w) && w != "to" {
                return true;
            }
            // "was born at Stridon".
            if w == "at" && a >= 2 && tokens[a - 2].span.slice(text) == "born" {
                return true;
            }
            if w == "of" && a >= 2 && d.info(a - 2).is_place_head() {
                return true;
            }
            if !matches!(w, "and" | "or" | ",") {
                return false;
            }
            // The conjunct before: one to three capitalised words.
            let mut p = a - 1;
            while p > 0
                && a - 1 - p < 3
                && tokens[p - 1].kind == TokenKind::Word
                && is_cap_word(tokens[p - 1].span.slice(text))
            {
                p -= 1;
            }
            if p == a - 1 {
                return false;
            }
            a = p;
        }
        false
    }

    /// True when a given name and a capitalised surname ("Ana Lima",
    /// "Sofia Andersson", "Emily Austin") should win over a listed place
    /// inside the run: the run is not itself listed, no word of it is a cue
    /// ("Victoria Station", "Washington Post"), not every word is a place
    /// ("Austin, Texas" without the comma), nothing before it makes it a
    /// place or a thing ("in Paris Orly", "the Santiago Bernabéu"), and the
    /// given name is no ordinary word ("Will", "May").
    fn name_over_place(&self, d: &Doc, seq: &CapSeq, span: Span, listed: &Listed) -> bool {
        let (a, b) = (seq.first, seq.end);
        if !(2..=3).contains(&(b - a))
            || !listed.places.overlaps(&span)
            || listed.all.contains(&span)
        {
            return false;
        }
        if !d.info(a).is_reliable_given() {
            return false;
        }
        let mut all_places = true;
        for k in a..b {
            let w = d.word(k);
            let mut cs = w.chars();
            let shaped = cs.next().is_some_and(char::is_uppercase)
                && cs.any(char::is_lowercase)
                && !w.contains('.');
            let info = d.info(k);
            if !shaped
                || info.is_org_suffix()
                || info.is_place_suffix()
                || info.is_title_head()
                || info.is_calendar()
            {
                return false;
            }
            all_places &= listed.places.has(&d.tokens[k].span);
        }
        if all_places {
            return false;
        }
        let before = a.checked_sub(1).map(|k| d.key(k));
        !before.is_some_and(|w| {
            matches!(w.as_ref(), "the" | "a" | "an" | "at" | "this" | "that")
                || LOCATIVE.contains(&w.as_ref())
        })
    }

    /// True for a double-barrelled surname ("Lewis-Jones"): two parts, each
    /// a capital then lower case, neither a non-name nor a month (the
    /// caller also rules out demonyms and listed names: "Anglo-French").
    fn double_surname(&self, w: &str) -> bool {
        let Some((x, y)) = w.split_once('-') else {
            return false;
        };
        [x, y].iter().all(|p| {
            let mut cs = p.chars();
            cs.next().is_some_and(char::is_uppercase)
                && cs.clone().next().is_some_and(char::is_lowercase)
                && cs.all(char::is_alphabetic)
                && !self.lex.is_not_name(p)
                && !self.lex.is_calendar(p)
        })
    }

    /// True when tokens `[a, b)` stand in an "X and Y" pair whose other
    /// half is an organisation the lists or cue rules found.
    fn coordinated_with_org(&self, d: &Doc, a: usize, b: usize, out: &RuleOutput) -> bool {
        let (text, tokens) = (d.text, d.tokens);
        let is_and = |k: usize| matches!(tokens[k].span.slice(text), "and" | "&");
        let org_at = |pred: &dyn Fn(Span) -> bool| {
            out.candidates.iter().any(|c| {
                c.kind == EntityType::Org && c.strength >= Strength::Listed && pred(c.span)
            })
        };
        let before = a >= 2 && is_and(a - 1) && {
            let end = tokens[a - 2].span.end;
            org_at(&|s| s.end == end)
        };
        let after = b + 1 < tokens.len() && is_and(b) && {
            let start = tokens[b + 1].span.start;
            org_at(&|s| s.start == start)
        };
        before || after
    }

    /// Round 4: names found once label their parts and repeats.
    fn partial_round(&self, d: &Doc, seqs: &[CapSeq], gaz: &Gazetteer, out: &mut RuleOutput) {
        let text = d.text;
        // Surface → (type, sex, strength of the source) for names found with
        // some certainty; surnames of multi-word people too.
        let mut known: HashMap<&str, (EntityType, Option<Sex>)> = HashMap::default();
        let mut first_names: Vec<(&str, Option<Sex>)> = Vec::new();
        for c in &out.candidates {
            if c.strength < Strength::Listed
                && c.source != "rule:speech-verb"
                && c.source != "rule:given-name"
                && c.source != "rule:person-cue"
                && c.source != "rule:citation"
                && c.source != "rule:saint"
            {
                continue;
            }
            let surface = c.span.slice(text);
            // An abbreviation cut from its name at the period ("St" of "St.
            // John's" after "residents of") names nothing on its own.
            if text[c.span.end..].starts_with('.') && crate::segment::is_abbreviation(surface) {
                continue;
            }
            known.entry(surface).or_insert((c.kind.clone(), c.sex));
            // An acronym defined in brackets right after the name:
            // "World Health Organisation (WHO)".
            if let Some(acronym) = bracketed_acronym(&text[c.span.end..]) {
                if initials_match(surface, acronym) {
                    known.entry(acronym).or_insert((c.kind.clone(), None));
                }
            }
            // The distinctive part of "Church of Scientology".
            if c.kind == EntityType::Org {
                if let Some((head, tail)) = split_once_of(surface) {
                    let single = !tail.contains(' ') && is_cap_word(tail);
                    let prefix = || {
                        d.lookup(|s| {
                            s.push_str(&lexicon::key(head));
                            s.push_str(" of");
                        })
                    };
                    if single && prefix().is_org_prefix() {
                        known.entry(tail).or_insert((EntityType::Org, None));
                    }
                }
            }
            if c.kind == EntityType::Person {
                // Two words or more: the first and the last.
                let mut words = surface.split_whitespace();
                if let (Some(first), Some(last)) = (words.next(), words.next_back()) {
                    if last.chars().count() > 1 {
                        // A person's surname outranks a same-named town
                        // in this document ("Daniel Montalvo ... Montalvo").
                        known.insert(last, (EntityType::Person, c.sex));
                    }
                    // A given name alone refers back too ("Daniel" for
                    // "Daniel Montalvo"), when the lexicon knows it as one.
                    if self.lex.given_name(first).is_some() {
                        first_names.push((first, c.sex));
                    }
                }
            }
        }
        // Surnames and full names take precedence over given names.
        for (first, sex) in first_names {
            known.entry(first).or_insert((EntityType::Person, sex));
        }
        if known.is_empty() {
            return;
        }
        // Listed one-word places that are a surname here become the person.
        for c in &mut out.candidates {
            let is_town = c
                .entry
                .is_some_and(|e| is_minor_place(&gaz.entries()[e as usize]));
            if !is_town || c.strength > Strength::Listed {
                continue;
            }
            if let Some((EntityType::Person, sex)) = known.get(c.span.slice(text)) {
                c.kind = EntityType::Person;
                c.strength = Strength::Partial;
                c.source = "rule:partial";
                c.entry = None;
                c.sex = *sex;
            }
        }
        // Relaxed guesses do not block a partial match: "Scientology"
        // after "in" is the church named earlier, not a place.
        out.candidates.retain(|c| {
            c.strength > Strength::Relaxed
                || known
                    .get(c.span.slice(text))
                    .is_none_or(|(k, _)| *k == c.kind)
        });
        let covered = SpanIndex::new(out.candidates.iter().map(|c| c.span));
        // Runs in capitals look names up in capitals ("MARIA OLSEN" for
        // the body's "Maria Olsen"); built only when such a run exists.
        let known_caps: HashMap<String, (EntityType, Option<Sex>)> =
            if seqs.iter().any(|s| s.shouting) {
                known
                    .iter()
                    .map(|(k, v)| (k.to_uppercase(), v.clone()))
                    .collect()
            } else {
                HashMap::default()
            };
        let mut add = Vec::new();
        for seq in seqs {
            let get = |surface: &str| {
                if seq.shouting {
                    known_caps.get(surface)
                } else {
                    known.get(surface)
                }
            };
            // Try every sub-run, longest first, left to right.
            let mut i = seq.first;
            while i < seq.end {
                let mut matched = false;
                for j in (i + 1..=seq.end.min(i + MAX_NAME_TOKENS)).rev() {
                    let span = self.span_of(d, i, j);
                    if let Some((kind, sex)) = get(span.slice(text)) {
                        let overlapping = covered.overlaps(&span);
                        if !overlapping {
                            add.push(
                                Candidate::new(
                                    span,
                                    kind.clone(),
                                    Strength::Partial,
                                    "rule:partial",
                                )
                                .with_sex(*sex),
                            );
                        }
                        i = j;
                        matched = true;
                        break;
                    }
                }
                if !matched {
                    i += 1;
                }
            }
        }
        out.candidates.extend(add);
    }
}

/// True when every word of `run` is in capitals and two or more have more
/// than one letter (see [`CapSeq::shouting`]).
fn is_shouting(text: &str, run: &[Token]) -> bool {
    let mut long = 0;
    for t in run.iter().filter(|t| t.kind == TokenKind::Word) {
        let w = t.span.slice(text);
        if w.chars().any(char::is_lowercase) {
            return false;
        }
        if w.chars().filter(|c| c.is_alphabetic()).count() >= 2 {
            long += 1;
        }
    }
    long >= 2
}

/// The end of tokens `[a, b)` without post-nominal letters: "Zaha Mohammad
/// Hadid DBE RA" → "Zaha Mohammad Hadid" (two to four capitals after a
/// word in mixed case).
fn trim_postnominals(text: &str, tokens: &[Token], a: usize, mut b: usize) -> usize {
    let letters = |t: &Token| {
        let w = t.span.slice(text);
        (2..=4).contains(&w.len()) && w.bytes().all(|c| c.is_ascii_uppercase())
    };
    let mixed = |t: &Token| t.span.slice(text).chars().any(char::is_lowercase);
    let mut k = b;
    while k > a + 1 && letters(&tokens[k - 1]) {
        k -= 1;
    }
    if k < b && mixed(&tokens[k - 1]) {
        b = k;
    }
    b
}

/// Nouns that, after a possessive, make its owner a person: "Galois'
/// cousin", "Warhol's estate", "Ilse Brandt's younger brother".
const PERSON_OWNED: &[&str] = &[
    "wife",
    "husband",
    "son",
    "sons",
    "daughter",
    "daughters",
    "father",
    "mother",
    "brother",
    "brothers",
    "sister",
    "sisters",
    "cousin",
    "cousins",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
    "grandfather",
    "grandmother",
    "parents",
    "widow",
    "widower",
    "fiancé",
    "fiancée",
    "fiance",
    "fiancee",
    "girlfriend",
    "boyfriend",
    "death",
    "funeral",
    "birth",
    "biographer",
    "biographers",
    "biography",
    "childhood",
    "memoirs",
    "autobiography",
    "estate",
    "friend",
    "friends",
    "arrest",
    "assassination",
    "deathbed",
    "grave",
];

/// True for "10th", "51st", "2nd", "3rd".
fn is_ordinal(w: &str) -> bool {
    let digits = w.trim_end_matches(|c: char| c.is_ascii_alphabetic());
    !digits.is_empty()
        && digits.bytes().all(|c| c.is_ascii_digit())
        && matches!(&w[digits.len()..], "st" | "nd" | "rd" | "th")
}

/// Relatives and friends, named after a possessive ("his father, Johann").
const KIN: &[&str] = &[
    "father",
    "mother",
    "brother",
    "sister",
    "son",
    "daughter",
    "wife",
    "husband",
    "cousin",
    "uncle",
    "aunt",
    "nephew",
    "niece",
    "grandson",
    "granddaughter",
    "grandfather",
    "grandmother",
    "stepfather",
    "stepmother",
    "stepson",
    "stepdaughter",
    "friend",
    "partner",
    "fiancé",
    "fiancée",
    "fiance",
    "fiancee",
    "widow",
    "widower",
    "boyfriend",
    "girlfriend",
];

/// True for a word token that starts in lower case.
fn is_lower_word(text: &str, t: &Token) -> bool {
    t.kind == TokenKind::Word
        && t.span
            .slice(text)
            .chars()
            .next()
            .is_some_and(char::is_lowercase)
}

/// True when token `j` (the one after a name) is a capitalised word.
fn next_is_cap_word(d: &Doc, j: usize) -> bool {
    d.tokens
        .get(j)
        .is_some_and(|t| t.kind == TokenKind::Word && is_cap_word(t.span.slice(d.text)))
}

/// True for a listed place below the level of capitals and regions: a town
/// may share its name with a person or a word, a country may not.
fn is_minor_place(entry: &crate::gazetteer::Entry) -> bool {
    entry.kind == EntityType::Place
        && !matches!(
            entry.subtype.as_deref(),
            Some(
                "country"
                    | "capital"
                    | "territory"
                    | "admin1"
                    | "continent"
                    | "region"
                    | "landmark"
                    | "body-of-water"
            )
        )
}

/// `s.split_once(" of ")`, without setting up a substring searcher for
/// every name.
fn split_once_of(s: &str) -> Option<(&str, &str)> {
    let i = s.as_bytes().windows(4).position(|w| w == b" of ")?;
    Some((&s[..i], &s[i + 4..]))
}

/// The acronym in "(WHO)" at the start of `rest` (after optional space).
fn bracketed_acronym(rest: &str) -> Option<&str> {
    let rest = rest.trim_start().strip_prefix('(')?;
    let end = rest.find(')')?;
    let inner = &rest[..end];
    let letters = inner.chars().filter(|c| c.is_alphabetic()).count();
    let ok = (2..=8).contains(&letters)
        && inner
            .chars()
            .all(|c| c.is_uppercase() || c == '.' || c == '&' || c.is_ascii_digit())
        && inner.chars().next().is_some_and(char::is_uppercase);
    ok.then_some(inner)
}

/// True when the acronym's letters are the initials of the name's
/// capitalised words, in order, allowing skipped words ("World Health
/// Organisation" ~ "WHO", "Central Asia Due Diligence" ~ "CADD").
fn initials_match(name: &str, acronym: &str) -> bool {
    let initials: Vec<char> = name
        .split(|c: char| c.is_whitespace() || c == '-')
        .filter_map(|w| w.chars().next())
        .filter(|c| c.is_uppercase())
        .collect();
    let mut it = initials.iter();
    let letters: Vec<char> = acronym.chars().filter(|c| c.is_alphabetic()).collect();
    letters.len() >= 2 && letters.iter().all(|l| it.any(|i| i == l))
}

/// For each sentence, whether it is a title-case headline (most words
/// capitalised, no final period): relaxed rules stay away from those.
fn headline_sentence_flags(text: &str, seg: &Segmentation) -> Vec<bool> {
    seg.sentences
        .iter()
        .map(|s| {
            let t = s.span.slice(text);
            if t.ends_with('.') {
                return false;
            }
            let (mut words, mut caps) = (0, 0);
            for w in t.split_whitespace() {
                if w.chars().next().is_some_and(char::is_alphabetic) {
                    words += 1;
                    caps += usize::from(is_cap_word(w));
                }
            }
            words >= 4 && caps * 10 >= words * 8
        })
        .collect()
}

/// Index of the sentence containing byte `pos`.
fn sentence_of(seg: &Segmentation, pos: usize) -> Option<usize> {
    let i = seg.sentences.partition_point(|s| s.span.end <= pos);
    (i < seg.sentences.len() && seg.sentences[i].span.start <= pos).then_some(i)
}

/// Shared, thread-safe handle to the rules (an alias for readability).
pub type SharedRules = Arc<EntityRules>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::segment::segment;

    /// Like `split_once(" of ")`.
    #[test]
    fn split_once_of_is_split_once() {
        for s in [
            "Church of Scientology",
            "Bank of",
            " of ",
            "of",
            "x ofy of z",
            "",
            "é of ü",
        ] {
            assert_eq!(split_once_of(s), s.split_once(" of "), "{s}");
        }
    }

    /// The per-token view answers as the lexicon does word by word, for
    /// ASCII and non-ASCII words (accents, curly apostrophes, a final
    /// sigma) and for multi-word keys.
    #[test]
    fn doc_answers_as_the_lexicon_does() {
        let lex = Lexicon::shipped();
        let text = "Sen. Jean-Luc Müller, the Energy Minister, said in Nov. that \
                    “Putin’s” ΟΔΟΣ aide Will May of the Ministry of Finance, \
                    Franco-German BANK Inc. Station spokeswoman Ana Lima.";
        let seg = segment(text);
        let (mut lower, mut slots, phrase) = Default::default();
        let d = Doc::new(text, &seg.tokens, &lex, &mut lower, &mut slots, &phrase);
        for k in 0..seg.tokens.len() {
            let w = d.word(k);
            let key = lexicon::key(w);
            assert_eq!(d.key(k), key, "{w}");
            // Twice: looked up, then cached.
            for info in [d.info(k), d.info(k)] {
                assert_eq!(info.is_calendar(), lex.is_calendar(w), "{w}");
                assert_eq!(info.given(), lex.given_name(w), "{w}");
                assert_eq!(info.is_reliable_given(), lex.reliable_given_name(w), "{w}");
                assert_eq!(info.is_not_name(), lex.is_not_name(w), "{w}");
                assert_eq!(info.is_common_word(), lex.is_common_word(w), "{w}");
                assert_eq!(info.is_speech_verb(), lex.is_speech_verb(w), "{w}");
                assert_eq!(info.is_title_head(), lex.title_head_word(w), "{w}");
                assert_eq!(info.is_org_suffix(), lex.org_suffix_word(w), "{w}");
                assert_eq!(info.is_org_head(), lex.org_head_word(w), "{w}");
                assert_eq!(info.is_place_suffix(), lex.place_suffix_word(w), "{w}");
                assert_eq!(info.is_place_prefix(), lex.place_prefix_word(w), "{w}");
                assert_eq!(info.is_role(), lex.role_word(w), "{w}");
                assert_eq!(info.ends_phrase(), lex.ends_phrase(w), "{w}");
                assert_eq!(info.starts_phrase(), lex.starts_phrase(w), "{w}");
                assert_eq!(info.title(), lex.title(&key), "{w}");
            }
        }
        let at = |w: &str| seg.tokens.iter().position(|t| t.span.slice(text) == w);
        let energy = at("Energy").unwrap();
        assert!(d.phrase(energy, energy + 2).title().is_some());
        assert_eq!(d.phrase(0, 2).title(), lex.title("sen."));
        let ministry = at("Ministry").unwrap();
        assert!(d.phrase(ministry, ministry + 2).is_org_prefix());
        assert!(d.key_and(ministry, " of").is_org_prefix());
    }

    /// The candidates of `text` with the shipped lists, as
    /// (surface, type, source).
    fn candidates(text: &str) -> Vec<(String, EntityType, &'static str)> {
        let gaz = Gazetteer::builder().build().unwrap();
        let seg = segment(text);
        let matches = gaz.find(text);
        let mut out = RuleOutput::default();
        EntityRules::new().find(text, &seg, &gaz, &matches, &mut out);
        out.candidates
            .iter()
            .map(|c| (c.span.slice(text).to_string(), c.kind.clone(), c.source))
            .collect()
    }

    #[test]
    fn saint_name_wants_a_given_name_after_saint() {
        let rules = EntityRules::new();
        for yes in ["Saint Jerome", "St. Augustine", "St Anne"] {
            assert!(rules.saint_name(yes), "{yes}");
        }
        for no in [
            "Saint",
            "St. Petersburg",
            "Saint Jerome Street",
            "San Jose",
            "Mr. Paul",
        ] {
            assert!(!rules.saint_name(no), "{no}");
        }
    }

    #[test]
    fn a_saint_is_a_person_unless_a_place_is_asked_for() {
        let found = candidates("The hymn is attributed to Saint Ambrose.");
        assert!(
            found.contains(&("Saint Ambrose".into(), EntityType::Person, "rule:saint")),
            "{found:?}"
        );
        let found = candidates("The bus line ends in St. George, near the quarry.");
        assert!(
            found.contains(&("St. George".into(), EntityType::Place, "gazetteer")),
            "{found:?}"
        );
    }

    #[test]
    fn an_abbreviation_cut_at_its_period_labels_no_repeat() {
        let text = "Residents of St. John's were told. The shop on Main St. in Dayton opened.";
        let found = candidates(text);
        let main_st = text.rfind("St.").unwrap();
        assert!(
            !found
                .iter()
                .any(|(s, _, src)| s == "St" && *src == "rule:partial"),
            "{found:?} (Main St. at {main_st})"
        );
    }
}
