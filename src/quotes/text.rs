//! The token view the attribution rules read: words, punctuation and the
//! paired quotation marks, grouped into sentences where a quote is one atom.
//!
//! Takes the text, its paragraphs and the paired marks; gives [`Toks`]. The
//! stage tokenises on its own (the pipeline's tokens are not part of its
//! input) so that a paired quotation mark is always its own token, even where
//! the segmenter glued an apostrophe-like mark into a word.
//!
//! The design decision: **sentences are cut with every top-level quote
//! treated as a single token**, so a full stop inside the quoted words never
//! separates a quote from its `, he said`.

use crate::model::{Mention, Paragraph};

use super::lex::Lexicon;
use super::scan::Pair;

/// What a token is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Letters or digits, with inner joiners ("don't", "al-Amr", "U.S.").
    Word,
    /// Any other single character.
    Punct,
    /// The opening mark of top-level quote `n`.
    Open(usize),
    /// The closing mark of top-level quote `n`.
    Close(usize),
}

/// One token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub kind: Kind,
    /// Paragraph index.
    pub para: usize,
    /// Index into the mentions, or `NONE`.
    pub mention: usize,
    /// Inside a top-level quote (between its marks).
    pub quoted: bool,
    /// [`CAP`], [`LOWER`] and [`CUE`] bits, decided once per token.
    pub flags: u8,
}

/// A word starting with an upper-case letter.
pub(crate) const CAP: u8 = 1;
/// A word starting with a lower-case letter.
pub(crate) const LOWER: u8 = 2;
/// An unquoted lower-case word that may start a speech cue (a speech verb,
/// the first word of a multi-word cue, or a naming verb): only these are
/// looked at further by `Engine::verb_at`.
pub(crate) const CUE: u8 = 4;

/// No mention.
pub(crate) const NONE: usize = usize::MAX;

/// A sentence: tokens `[first, end)`.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Sent {
    pub first: usize,
    pub end: usize,
}

/// The token view of one document.
pub(crate) struct Toks<'a> {
    pub text: &'a str,
    /// `text` with ASCII letters folded to lower case: byte offsets are the
    /// same, so every token's lower-case form is a slice of it.
    pub lower_text: String,
    pub toks: Vec<Tok>,
    pub sents: Vec<Sent>,
    /// Sentence index of every token.
    pub sent_of: Vec<usize>,
    /// Token index of the opening and closing mark of each top-level quote.
    pub quote_toks: Vec<(usize, usize)>,
}

impl<'a> Toks<'a> {
    /// The surface text of token `i`.
    pub fn s(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// True when token `i` is a word.
    pub fn is_word(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Word
    }

    /// True when token `i` is the punctuation `p`.
    pub fn is_punct(&self, i: usize, p: &str) -> bool {
        i < self.toks.len() && self.toks[i].kind == Kind::Punct && self.s(i) == p
    }

    /// True when token `i` is a word starting with an upper-case letter.
    pub fn is_cap(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].flags & CAP != 0
    }

    /// True when token `i` is a word starting with a lower-case letter.
    pub fn is_lower(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].flags & LOWER != 0
    }

    /// True when token `i` may start a speech cue (see [`CUE`]).
    pub fn may_cue(&self, i: usize) -> bool {
        i < self.toks.len() && self.toks[i].flags & CUE != 0
    }

    /// The word at `i` in lower case (ASCII folding is enough for the
    /// closed word lists it is compared with). Folded once per document,
    /// so a look-up never allocates.
    pub fn lower(&self, i: usize) -> &str {
        let t = &self.toks[i];
        &self.lower_text[t.start..t.end]
    }

    /// Sentence-ending punctuation.
    pub fn is_terminal(&self, i: usize) -> bool {
        i < self.toks.len()
            && self.toks[i].kind == Kind::Punct
            && matches!(self.s(i), "." | "!" | "?" | "…")
    }
}

/// Abbreviations whose period belongs to the word.
fn keeps_period(word: &str) -> bool {
    if word.contains('.') {
        return true;
    }
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        return c.is_uppercase();
    }
    crate::segment::is_abbreviation(word)
}

/// The char at byte `i` of `text` and its length, without decoding for
/// ASCII (most of the text).
#[inline]
fn char_at(text: &str, i: usize) -> (char, usize) {
    let b = text.as_bytes()[i];
    if b < 0x80 {
        (b as char, 1)
    } else {
        let c = text[i..].chars().next().unwrap_or('\u{FFFD}');
        (c, c.len_utf8())
    }
}

fn is_joiner(c: char) -> bool {
    matches!(c, '\'' | '’' | '-' | '‐' | '.' | '&' | '_')
}

/// Builds the token view. `pairs` are all paired marks; only depth-0 pairs
/// become `Open`/`Close` tokens, and every mark position (continuation marks
/// too) is kept out of words.
pub(crate) fn build<'a>(
    text: &'a str,
    paragraphs: &[Paragraph],
    pairs: &[Pair],
    mentions: &[Mention],
    lexicon: &Lexicon,
) -> Toks<'a> {
    // Mark positions in order: (pos, len, kind).
    let mut marks: Vec<(usize, usize, Kind)> = Vec::new();
    let mut top = 0usize;
    for p in pairs.iter() {
        if p.depth == 0 {
            marks.push((p.open, p.open_len, Kind::Open(top)));
            marks.push((p.close, p.close_len, Kind::Close(top)));
            top += 1;
        } else {
            marks.push((p.open, p.open_len, Kind::Punct));
            marks.push((p.close, p.close_len, Kind::Punct));
        }
        for &(pos, len) in &p.continuation_marks {
            marks.push((pos, len, Kind::Punct));
        }
    }
    marks.sort_unstable_by_key(|m| m.0);

    // The lower-cased text is needed for the cue look-ups below.
    let lower_text = text.to_ascii_lowercase();
    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5);
    let mut quote_toks = vec![(0usize, 0usize); top];
    // Inside a top-level quote (between an `Open` and its `Close`).
    let mut open = false;
    // The next mention that may overlap a token: tokens and mentions are
    // both in text order.
    let mut m = 0usize;
    let mut mk = 0usize;
    for (pi, para) in paragraphs.iter().enumerate() {
        let (ps, pe) = (para.span.start, para.span.end);
        if text.get(ps..pe).is_none() {
            continue;
        }
        while mk < marks.len() && marks[mk].0 < ps {
            mk += 1;
        }
        let bytes = text.as_bytes();
        let mut i = ps;
        while i < pe {
            let (c, clen) = char_at(text, i);
            if mk < marks.len() && marks[mk].0 == i {
                let (pos, len, kind) = marks[mk];
                mk += 1;
                match kind {
                    Kind::Open(q) => {
                        quote_toks[q].0 = toks.len();
                        open = true;
                    }
                    Kind::Close(q) => {
                        quote_toks[q].1 = toks.len();
                        open = false;
                    }
                    _ => {}
                }
                toks.push(Tok {
                    start: pos,
                    end: pos + len,
                    kind,
                    para: pi,
                    mention: NONE,
                    quoted: !matches!(kind, Kind::Open(_) | Kind::Close(_)) && open,
                    flags: 0,
                });
                // A mark is one char.
                i += clen;
                continue;
            }
            if c.is_whitespace() {
                i += clen;
                continue;
            }
            if !c.is_alphanumeric() {
                toks.push(Tok {
                    start: i,
                    end: i + clen,
                    kind: Kind::Punct,
                    para: pi,
                    mention: NONE,
                    quoted: open,
                    flags: 0,
                });
                i += clen;
                continue;
            }
            let mut end = i + clen;
            while end < pe {
                // Quotation marks are never alphanumeric: an ASCII letter or
                // digit extends the word without the mark check.
                if bytes[end].is_ascii_alphanumeric() {
                    end += 1;
                    continue;
                }
                if mk < marks.len() && marks[mk].0 == end {
                    break;
                }
                let (d, dlen) = char_at(text, end);
                if d.is_alphanumeric() {
                    end += dlen;
                } else if is_joiner(d) {
                    let after = end + dlen;
                    let after_is_mark = mk < marks.len() && marks[mk].0 == after;
                    if after < pe && char_at(text, after).0.is_alphanumeric() && !after_is_mark {
                        end = after;
                    } else {
                        break;
                    }
                } else {
                    break;
                }
            }
            if bytes.get(end) == Some(&b'.') && end < pe && keeps_period(&text[i..end]) {
                end += 1;
            }
            // The mention overlapping the word, if any.
            while m < mentions.len() && mentions[m].span.end <= i {
                m += 1;
            }
            let mention = match mentions.get(m) {
                Some(men) if men.span.start < end && i < men.span.end => m,
                _ => NONE,
            };
            // Case and cue bits, once per word.
            let flags = if c.is_uppercase() {
                CAP
            } else if c.is_lowercase() {
                if !open && lexicon.may_start_cue(&lower_text[i..end]) {
                    LOWER | CUE
                } else {
                    LOWER
                }
            } else {
                0
            };
            toks.push(Tok {
                start: i,
                end,
                kind: Kind::Word,
                para: pi,
                mention,
                quoted: open,
                flags,
            });
            i = end;
        }
    }

    let (sents, sent_of) = sentences(text, &toks);
    Toks {
        text,
        lower_text,
        toks,
        sents,
        sent_of,
        quote_toks,
    }
}

/// Cuts sentences: at a paragraph change and after terminal punctuation,
/// never inside a quote; after a quote whose words end a sentence when a new
/// quote follows.
fn sentences(text: &str, toks: &[Tok]) -> (Vec<Sent>, Vec<usize>) {
    let mut sents = Vec::new();
    let mut first = 0usize;
    let mut depth = 0usize;
    for i in 0..toks.len() {
        let t = toks[i];
        // A paragraph break outside every quote ends a sentence.
        if i > first && depth == 0 && t.para != toks[i - 1].para {
            sents.push(Sent { first, end: i });
            first = i;
        }
        match t.kind {
            Kind::Open(_) => depth += 1,
            Kind::Close(_) => depth = depth.saturating_sub(1),
            _ => {}
        }
        if depth > 0 {
            continue;
        }
        // Only punctuation and closing marks can end a sentence: every
        // other token is done here.
        if !matches!(t.kind, Kind::Punct | Kind::Close(_)) {
            continue;
        }
        // "R-Ky., called": a mark before a comma or a lower-case word
        // does not end the sentence.
        let continues = || {
            toks.get(i + 1).is_some_and(|n| {
                n.para == t.para
                    && match n.kind {
                        Kind::Punct => matches!(&text[n.start..n.end], "," | ";" | ":"),
                        Kind::Word => text[n.start..n.end]
                            .chars()
                            .next()
                            .is_some_and(char::is_lowercase),
                        _ => false,
                    }
            })
        };
        let terminal = t.kind == Kind::Punct
            && matches!(&text[t.start..t.end], "." | "!" | "?" | "…")
            && !continues();
        // After a quote whose words end a sentence, a new quote starts a new
        // sentence; so does a capitalised word after a full stop ("… a
        // missed opportunity.” Justice Thomas wrote …": news puts a comma,
        // not a full stop, before an attribution; "?" and "!" may still
        // take one: "“Why?” Smith asked").
        let after_quote_break = matches!(t.kind, Kind::Close(_))
            && toks.get(i + 1).is_some_and(|n| {
                n.para == t.para
                    && (matches!(n.kind, Kind::Open(_))
                        || (n.flags & CAP != 0 && quote_ends_with_period(text, toks, i)))
            })
            && quote_ends_sentence(text, toks, i);
        if terminal || after_quote_break {
            // Keep runs of marks ("?!", "...") together.
            let next_terminal = toks.get(i + 1).is_some_and(|n| {
                n.kind == Kind::Punct
                    && matches!(&text[n.start..n.end], "." | "!" | "?" | "…" | ")")
            });
            if !next_terminal {
                sents.push(Sent { first, end: i + 1 });
                first = i + 1;
            }
        }
    }
    if first < toks.len() {
        sents.push(Sent {
            first,
            end: toks.len(),
        });
    }
    // The sentences cover every token, in order.
    let mut sent_of = vec![0usize; toks.len()];
    for (si, s) in sents.iter().enumerate() {
        sent_of[s.first..s.end].fill(si);
    }
    (sents, sent_of)
}

/// True when the quoted words before closing mark `close` end with a full
/// stop.
fn quote_ends_with_period(text: &str, toks: &[Tok], close: usize) -> bool {
    close > 0 && {
        let p = toks[close - 1];
        p.kind == Kind::Punct && &text[p.start..p.end] == "."
    }
}

/// True when the quoted words before closing mark `close` end with sentence
/// punctuation.
fn quote_ends_sentence(text: &str, toks: &[Tok], close: usize) -> bool {
    close > 0 && {
        let p = toks[close - 1];
        p.kind == Kind::Punct && matches!(&text[p.start..p.end], "." | "!" | "?" | "…")
    }
}
