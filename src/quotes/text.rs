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
}

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
        self.is_word(i) && self.s(i).chars().next().is_some_and(char::is_uppercase)
    }

    /// True when token `i` is a word starting with a lower-case letter.
    pub fn is_lower(&self, i: usize) -> bool {
        self.is_word(i) && self.s(i).chars().next().is_some_and(char::is_lowercase)
    }

    /// The word at `i` in lower case (ASCII folding is enough for the
    /// closed word lists it is compared with).
    pub fn lower(&self, i: usize) -> std::borrow::Cow<'a, str> {
        // Most words are lower case already: borrow them.
        let w = self.s(i);
        if w.bytes().any(|b| b.is_ascii_uppercase()) {
            std::borrow::Cow::Owned(w.to_ascii_lowercase())
        } else {
            std::borrow::Cow::Borrowed(w)
        }
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

    let mut toks: Vec<Tok> = Vec::with_capacity(text.len() / 5);
    let mut mk = 0usize;
    for (pi, para) in paragraphs.iter().enumerate() {
        let (ps, pe) = (para.span.start, para.span.end);
        let Some(ptext) = text.get(ps..pe) else {
            continue;
        };
        while mk < marks.len() && marks[mk].0 < ps {
            mk += 1;
        }
        let mut iter = ptext.char_indices().peekable();
        while let Some((ri, c)) = iter.next() {
            let i = ps + ri;
            if mk < marks.len() && marks[mk].0 == i {
                let (pos, len, kind) = marks[mk];
                mk += 1;
                toks.push(Tok {
                    start: pos,
                    end: pos + len,
                    kind,
                    para: pi,
                    mention: NONE,
                    quoted: false,
                });
                // A mark is one char: the iterator already consumed it.
                continue;
            }
            if c.is_whitespace() {
                continue;
            }
            if !c.is_alphanumeric() {
                toks.push(Tok {
                    start: i,
                    end: i + c.len_utf8(),
                    kind: Kind::Punct,
                    para: pi,
                    mention: NONE,
                    quoted: false,
                });
                continue;
            }
            let mut end = i + c.len_utf8();
            loop {
                let next_mark = mk < marks.len() && marks[mk].0 == end;
                if next_mark {
                    break;
                }
                match iter.peek().copied() {
                    Some((_, d)) if d.is_alphanumeric() => {
                        end += d.len_utf8();
                        iter.next();
                    }
                    Some((_, d)) if is_joiner(d) => {
                        let after = text[end + d.len_utf8()..pe].chars().next();
                        let after_is_mark = mk < marks.len() && marks[mk].0 == end + d.len_utf8();
                        if after.is_some_and(char::is_alphanumeric) && !after_is_mark {
                            end += d.len_utf8();
                            iter.next();
                        } else {
                            break;
                        }
                    }
                    _ => break,
                }
            }
            if text[end..pe].starts_with('.') && keeps_period(&text[i..end]) {
                iter.next();
                end += 1;
            }
            toks.push(Tok {
                start: i,
                end,
                kind: Kind::Word,
                para: pi,
                mention: NONE,
                quoted: false,
            });
        }
    }

    // Mentions onto tokens: both lists are in text order.
    let mut m = 0usize;
    for t in toks.iter_mut() {
        while m < mentions.len() && mentions[m].span.end <= t.start {
            m += 1;
        }
        if let Some(men) = mentions.get(m) {
            if men.span.start < t.end && t.start < men.span.end && t.kind == Kind::Word {
                t.mention = m;
            }
        }
    }

    // Quote tokens and the quoted flag.
    let mut quote_toks = vec![(0usize, 0usize); top];
    let mut open_at: Option<usize> = None;
    for (i, t) in toks.iter_mut().enumerate() {
        match t.kind {
            Kind::Open(q) => {
                quote_toks[q].0 = i;
                open_at = Some(q);
            }
            Kind::Close(q) => {
                quote_toks[q].1 = i;
                open_at = None;
            }
            _ => t.quoted = open_at.is_some(),
        }
    }

    let (sents, sent_of) = sentences(text, &toks);
    Toks {
        text,
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
    let mut sent_of = vec![0usize; toks.len()];
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
        sent_of[i] = sents.len();
        if depth > 0 {
            continue;
        }
        let s = &text[t.start..t.end];
        // "R-Ky., called": a mark before a comma or a lower-case word
        // does not end the sentence.
        let continues = toks.get(i + 1).is_some_and(|n| {
            n.para == t.para
                && match n.kind {
                    Kind::Punct => matches!(&text[n.start..n.end], "," | ";" | ":"),
                    Kind::Word => text[n.start..n.end]
                        .chars()
                        .next()
                        .is_some_and(char::is_lowercase),
                    _ => false,
                }
        });
        let terminal = t.kind == Kind::Punct && matches!(s, "." | "!" | "?" | "…") && !continues;
        let after_quote_break = matches!(t.kind, Kind::Close(_))
            && toks
                .get(i + 1)
                .is_some_and(|n| matches!(n.kind, Kind::Open(_)) && n.para == t.para)
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
    // Recompute sent_of from the final list (the paragraph rule above may
    // have assigned a token before its sentence was pushed).
    for (si, s) in sents.iter().enumerate() {
        for x in sent_of.iter_mut().take(s.end).skip(s.first) {
            *x = si;
        }
    }
    (sents, sent_of)
}

/// True when the quoted words before closing mark `close` end with sentence
/// punctuation.
fn quote_ends_sentence(text: &str, toks: &[Tok], close: usize) -> bool {
    close > 0 && {
        let p = toks[close - 1];
        p.kind == Kind::Punct && matches!(&text[p.start..p.end], "." | "!" | "?" | "…")
    }
}
