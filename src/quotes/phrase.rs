//! Speaker phrases: reading the noun phrase next to a speech verb.
//!
//! Takes the token view and a position; gives an [`Np`]: a pronoun, an
//! entity mention (with its titles), a capitalised name the entity stage did
//! not tag, or a descriptive phrase ("the oil giant", "one poster").
//!
//! The design decision: **a phrase is read outward from the token next to
//! the verb, never by pattern over the sentence**, so the cost is a few
//! tokens per cue and the same reader serves `SPEAKER said`, `said SPEAKER`
//! and `told ADDRESSEE`.

use crate::model::{EntityType, Mention};

use super::lex;
use super::text::{Toks, NONE};

/// What a speaker phrase is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum NpKind {
    /// "he", "she", "they", "it".
    Pronoun,
    /// An entity mention (index into the mentions).
    Mention(usize),
    /// A capitalised name no mention covers.
    Name,
    /// A descriptive phrase: "the ministry", "the report's authors".
    Descr,
}

/// A noun phrase over tokens `first..=last`; `head_first..=head_last` is
/// the part that names the speaker (without titles and determiners).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Np {
    pub first: usize,
    pub last: usize,
    pub head_first: usize,
    pub head_last: usize,
    pub kind: NpKind,
}

/// Reads phrases off a token view.
pub(crate) struct Reader<'r, 'a> {
    pub t: &'r Toks<'a>,
    pub mentions: &'r [Mention],
}

/// The longest phrase read, in tokens.
const MAX_NP: usize = 10;

impl<'r> Reader<'r, '_> {
    fn lower(&self, i: usize) -> &'r str {
        self.t.lower(i)
    }

    fn mention(&self, i: usize) -> Option<usize> {
        let m = self.t.toks.get(i)?.mention;
        (m != NONE).then_some(m)
    }

    fn mention_kind(&self, m: usize) -> Option<&EntityType> {
        self.mentions.get(m).map(|x| &x.kind)
    }

    /// A possessive word: "Roth's", "report’s".
    pub fn is_possessive(&self, i: usize) -> bool {
        let s = self.t.s(i);
        self.t.is_word(i) && (s.ends_with("'s") || s.ends_with("’s"))
    }

    /// A capitalised word that can be part of a name.
    fn is_name_word(&self, i: usize) -> bool {
        self.t.is_cap(i) && !lex::is_non_name_cap(self.lower(i))
    }

    /// Token range of the mention at `i`.
    fn mention_range(&self, i: usize, m: usize) -> (usize, usize) {
        let (mut a, mut b) = (i, i);
        while a > 0 && self.t.toks[a - 1].mention == m {
            a -= 1;
        }
        while b + 1 < self.t.toks.len() && self.t.toks[b + 1].mention == m {
            b += 1;
        }
        (a, b)
    }

    /// Reads the phrase that ends at token `end`, not reaching before `floor`.
    pub fn backward(&self, end: usize, floor: usize) -> Option<Np> {
        if end < floor || !self.t.is_word(end) || self.t.toks[end].quoted {
            return None;
        }
        let lw = self.lower(end);
        if lex::is_subject_pronoun(lw) {
            return Some(Np {
                first: end,
                last: end,
                head_first: end,
                head_last: end,
                kind: NpKind::Pronoun,
            });
        }
        if let Some(m) = self.mention(end) {
            if self.mention_kind(m).is_some_and(|k| *k != EntityType::Date)
                && !self.is_possessive(end)
            {
                let (a, _) = self.mention_range(end, m);
                let a = a.max(floor);
                let first = self.run_back(a, floor);
                return Some(Np {
                    first,
                    last: end,
                    head_first: self.head_start(first, end).min(a),
                    head_last: end,
                    kind: NpKind::Mention(m),
                });
            }
        }
        if lex::is_bare_plural_speaker(lw) && (end == floor || !self.t.is_cap(end - 1)) {
            return Some(Np {
                first: end,
                last: end,
                head_first: end,
                head_last: end,
                kind: NpKind::Descr,
            });
        }
        if self.is_name_word(end) && !self.is_possessive(end) {
            let first = self.run_back(end, floor);
            let h = self.head_start(first, end);
            return Some(Np {
                first,
                last: end,
                head_first: h,
                head_last: end,
                kind: NpKind::Name,
            });
        }
        if self.t.is_lower(end) && !lex::is_function_word(lw) && !lex::is_adverb_aux(lw) {
            // A descriptive phrase needs a determiner or a possessive.
            let mut j = end;
            let mut anchored = false;
            while j > floor && end - j < 6 {
                let p = j - 1;
                if !self.t.is_word(p) || self.t.toks[p].quoted {
                    break;
                }
                let lp = self.lower(p);
                if lex::is_determiner(lp) {
                    j = p;
                    anchored = true;
                    break;
                }
                if self.is_possessive(p) {
                    j = p;
                    anchored = true;
                    // "Jonathan Roth's attorney", "The report's authors".
                    while j > floor
                        && self.t.is_word(j - 1)
                        && (self.t.is_cap(j - 1) || lex::is_determiner(self.lower(j - 1)))
                    {
                        j -= 1;
                    }
                    break;
                }
                if self.t.is_lower(p) && !lex::is_function_word(lp) && !lex::is_adverb_aux(lp) {
                    j = p;
                    continue;
                }
                if self.is_name_word(p) && end - p <= 2 {
                    // "Energy ministry", "BP spokesman".
                    j = p;
                    continue;
                }
                break;
            }
            if anchored || (j == end && lex::is_bare_plural_speaker(lw)) {
                return Some(Np {
                    first: j,
                    last: end,
                    head_first: j,
                    head_last: end,
                    kind: NpKind::Descr,
                });
            }
        }
        None
    }

    /// Goes back from `a` over the capitalised words, titles, role nouns and
    /// name particles that make one name phrase.
    fn run_back(&self, a: usize, floor: usize) -> usize {
        let mut first = a;
        while first > floor && a - first < 8 {
            let p = first - 1;
            if !self.t.is_word(p) || self.t.toks[p].quoted || self.is_possessive(p) {
                break;
            }
            let lp = self.lower(p);
            let ok = self.t.is_cap(p)
                && !matches!(
                    lp,
                    "but"
                        | "and"
                        | "as"
                        | "if"
                        | "when"
                        | "while"
                        | "after"
                        | "before"
                        | "according"
                )
                || lex::is_title(lp)
                || lex::is_name_particle(lp)
                || lex::is_person_role(lp)
                || (lp == "of" && self.t.is_cap(first) && p > floor && self.is_org_word(p - 1))
                || (lp == "and"
                    && self.t.is_cap(first)
                    && (p.saturating_sub(4).max(floor)..p)
                        .any(|k| self.lower(k) == "of" && k > 0 && self.is_org_word(k - 1)));
            if !ok {
                break;
            }
            first = p;
        }
        // Never start on a connective.
        while first < a
            && (self.t.is_lower(first) && !lex::is_title(self.lower(first))
                || self.lower(first) == "of"
                || self.lower(first) == "and")
        {
            first += 1;
        }
        first
    }

    /// A capitalised word that heads an organisation's name and may take
    /// "of" ("Department of Agriculture", "Church of Scientology").
    pub fn is_org_word(&self, i: usize) -> bool {
        self.t.is_cap(i) && {
            let w = self.lower(i);
            lex::is_org_noun(w)
                || matches!(
                    w,
                    "church"
                        | "house"
                        | "state"
                        | "states"
                        | "republic"
                        | "kingdom"
                        | "school"
                        | "college"
                        | "association"
                        | "society"
                        | "foundation"
                        | "centre"
                        | "center"
                        | "museum"
                        | "bank"
                        | "secretary"
                        | "minister"
                        | "ministry"
                        | "chamber"
                        | "city"
                        | "province"
                )
        }
    }

    /// Where the name proper starts in `a..=b`: after the last title, role
    /// noun or "The" ("Civil Defense Authority director General Suleiman
    /// al-Amr" → "Suleiman al-Amr").
    fn head_start(&self, a: usize, b: usize) -> usize {
        let mut h = a;
        for k in a..b {
            let lk = self.lower(k);
            if lex::is_title(lk) || lex::is_person_role(lk) || lex::is_non_name_cap(lk) {
                h = k + 1;
            }
        }
        h.min(b)
    }

    /// The mention that ends a name phrase at token `b`: a phrase names
    /// what its last word names ("BP chairman Carl-Henric Svanberg" is
    /// Svanberg; "The U.S. Department of Agriculture" is not the U.S.).
    fn tail_mention(&self, b: usize) -> Option<usize> {
        let m = self.mention(b)?;
        (self.mention_kind(m)? != &EntityType::Date).then_some(m)
    }

    /// Reads the phrase that starts at token `start`, before `limit`.
    /// `with_pp` lets a descriptive phrase run on over prepositional
    /// phrases ("the post by an unknown author on pigmy").
    pub fn forward(
        &self,
        start: usize,
        limit: usize,
        with_pp: bool,
        lexicon: &lex::Lexicon,
    ) -> Option<Np> {
        if start >= limit || !self.t.is_word(start) || self.t.toks[start].quoted {
            return None;
        }
        let lw = self.lower(start);
        if lex::is_subject_pronoun(lw) {
            return Some(Np {
                first: start,
                last: start,
                head_first: start,
                head_last: start,
                kind: NpKind::Pronoun,
            });
        }
        // "team member Rodaba Noori", "coauthor Colette Heald": lower-case
        // role words before a name belong to the phrase.
        if self.t.is_lower(start)
            && !lex::is_function_word(lw)
            && !lex::is_determiner(lw)
            && !lexicon.is_verb(lw)
        {
            let mut k = start;
            while k < limit
                && k - start < 3
                && self.t.is_lower(k)
                && !lex::is_function_word(self.lower(k))
                && !lexicon.is_verb(self.lower(k))
            {
                k += 1;
            }
            if k > start
                && k < limit
                && (self.is_name_word(k) || self.mention(k).is_some())
                && (lex::is_person_role(self.lower(k - 1))
                    || lexicon.is_role_noun(self.lower(k - 1)))
            {
                if let Some(mut np) = self.forward(k, limit, with_pp, lexicon) {
                    if matches!(np.kind, NpKind::Mention(_) | NpKind::Name) {
                        np.first = start;
                        return Some(np);
                    }
                }
            }
        }
        if lex::is_bare_plural_speaker(lw) && !self.t.is_cap(start + 1) {
            return Some(Np {
                first: start,
                last: start,
                head_first: start,
                head_last: start,
                kind: NpKind::Descr,
            });
        }
        let name_start =
            self.is_name_word(start) || self.mention(start).is_some() || lex::is_title(lw);
        if name_start && !(lw == "the" || lw == "a" || lw == "an") {
            let mut j = start;
            let mut possessive = false;
            while j + 1 < limit && j + 1 - start < 8 {
                if self.is_possessive(j) {
                    possessive = true;
                    break;
                }
                let n = j + 1;
                if !self.t.is_word(n) || self.t.toks[n].quoted {
                    break;
                }
                let ln = self.lower(n);
                let next_cap = self.t.is_cap(n + 1) || self.mention(n + 1).is_some();
                let ok = self.t.is_cap(n)
                    || self.mention(n).is_some()
                    || lex::is_name_particle(ln)
                    || ((lex::is_title(ln) || lex::is_person_role(ln)) && next_cap)
                    || (ln == "of" && next_cap && self.is_org_word(j))
                    || (ln == "and"
                        && next_cap
                        && (start..=j).any(|k| self.lower(k) == "of" || self.is_org_word(k)));
                if !ok || lexicon.is_verb(ln) {
                    break;
                }
                j = n;
            }
            if possessive {
                return self.descr_forward(start, j + 1, limit, with_pp, lexicon);
            }
            // Trim a trailing connective.
            while j > start && matches!(self.lower(j), "of" | "and") {
                j -= 1;
            }
            let h = self.head_start(start, j);
            if let Some(m) = self.tail_mention(j) {
                return Some(Np {
                    first: start,
                    last: j,
                    head_first: h,
                    head_last: j,
                    kind: NpKind::Mention(m),
                });
            }
            return Some(Np {
                first: start,
                last: j,
                head_first: h,
                head_last: j,
                kind: NpKind::Name,
            });
        }
        if lex::is_determiner(lw) {
            // "The Department of Health": a determiner before a proper name.
            if self.is_name_word(start + 1) || self.mention(start + 1).is_some() {
                if let Some(mut np) = self.forward(start + 1, limit, false, lexicon) {
                    // "the Kremlin said" is a name; "the Kremlin spokesman"
                    // a description.
                    let n = np.last + 1;
                    let modifier = self.t.is_lower(n) && {
                        let w = self.lower(n);
                        !lexicon.is_verb(w) && !lex::is_adverb_aux(w) && !lex::is_function_word(w)
                    };
                    if !matches!(np.kind, NpKind::Descr | NpKind::Pronoun) && !modifier {
                        np.first = start;
                        return Some(np);
                    }
                }
            }
            return self.descr_forward(start, start + 1, limit, with_pp, lexicon);
        }
        if lex::is_bare_plural_speaker(lw) {
            return Some(Np {
                first: start,
                last: start,
                head_first: start,
                head_last: start,
                kind: NpKind::Descr,
            });
        }
        None
    }

    /// A descriptive phrase from `start`, its words continuing at `from`.
    fn descr_forward(
        &self,
        start: usize,
        from: usize,
        limit: usize,
        with_pp: bool,
        lexicon: &lex::Lexicon,
    ) -> Option<Np> {
        let mut j = from;
        let mut last = None;
        while j < limit && j - start < MAX_NP {
            if !self.t.is_word(j) || self.t.toks[j].quoted {
                break;
            }
            let lj = self.lower(j);
            // "the talks": after a determiner a verb form is a noun.
            let after_det = j > start && lex::is_determiner(self.lower(j - 1));
            if (lexicon.is_verb(lj) && !after_det)
                || lex::is_adverb_aux(lj)
                || lex::is_subject_pronoun(lj)
            {
                break;
            }
            if lex::is_preposition(lj)
                || lj == "and"
                || lj == "who"
                || lj == "which"
                || lj == "that"
            {
                if !with_pp || last.is_none() || lj == "who" || lj == "which" || lj == "that" {
                    break;
                }
            } else {
                last = Some(j);
            }
            j += 1;
        }
        let last = last?;
        Some(Np {
            first: start,
            last,
            head_first: start,
            head_last: last,
            kind: NpKind::Descr,
        })
    }
}
