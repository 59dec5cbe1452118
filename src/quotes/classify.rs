//! Speech or not: telling reported words from terms, titles and scare quotes.
//!
//! Takes one paired quote in its sentence; gives its [`QuoteKind`], or
//! `None` when the quoted words are not speech.
//!
//! The design decision: **the evidence is ranked, not summed**. Strong
//! signs decide alone (a naming word right before the mark: "so-called",
//! "dubbed", "the slogan"; several sentences inside; ten words or more);
//! then the shape of the words (title case, a short noun phrase after "a"
//! or "the", the same words quoted elsewhere in the document); and only
//! then the context (a speech verb next to the quote, a `, he said` after
//! it). A short noun phrase needs a speech verb within three words to count
//! as speech ("called him a “hero”"), which a far-off verb never gives.

use crate::model::QuoteKind;

use super::attrib::Engine;
use super::lex;
use super::text::Kind;

/// How short a quote must be for the term tests.
const SHORT: usize = 5;
/// From this many words a quote is speech whatever its context.
const LONG: usize = 10;

/// Lower-cased words of a quote, for comparing repeated terms.
pub(crate) fn norm_words(text: &str) -> String {
    if !text.is_ascii() {
        return norm_words_unicode(text);
    }
    // The same words as `norm_words_unicode`, without Unicode case tables.
    let mut out = String::with_capacity(text.len());
    let mut in_word = false;
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() {
            if !in_word && !out.is_empty() {
                out.push(' ');
            }
            in_word = true;
            out.push(char::from(b.to_ascii_lowercase()));
        } else {
            in_word = false;
        }
    }
    out
}

/// [`norm_words`] for any text.
fn norm_words_unicode(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for w in text
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
    {
        if !out.is_empty() {
            out.push(' ');
        }
        out.extend(w.chars().flat_map(char::to_lowercase));
    }
    out
}

impl Engine<'_, '_> {
    /// The kind of quote `q`, or `None` when it is not speech.
    pub(crate) fn classify(&self, q: usize) -> Option<QuoteKind> {
        let t = self.t;
        let (sf, _, open, close, pe) = self.bounds(q);
        let pair = self.pairs[q];
        let words: Vec<usize> = (open + 1..close).filter(|&i| t.is_word(i)).collect();
        let n = words.len();
        if n == 0 {
            return None;
        }
        let multi_para = pair.first_para != pair.last_para;
        // Several sentences inside: a terminal mark followed by a capital.
        let multi_sentence =
            (open + 1..close).any(|i| t.is_terminal(i) && t.is_cap(i + 1) && i + 1 < close);
        let pre = self.pre_cue(sf, open, true);
        let according = (sf.max(open.saturating_sub(40))..open).any(|i| {
            t.is_word(i)
                && self.lower(i) == "according"
                && t.is_word(i + 1)
                && self.lower(i + 1) == "to"
        });
        let initial = open == sf
            || (according && t.is_punct(open.wrapping_sub(1), ","))
            || t.is_punct(open.wrapping_sub(1), ":")
            || pre.is_some_and(|c| c.adjacent)
            || (open > 0 && matches!(t.toks[open - 1].kind, Kind::Close(_)));
        let post = self.post_adjacent(q);

        // 1. A naming word right before the mark, or inside it ("a
        // ‘so-called “reset”’"): a term or a title.
        let so_called = self.lower(words[0]) == "so-called";
        if n <= 8 && !multi_sentence && (so_called || self.naming_before(open, sf)) {
            return None;
        }
        let kind_if = |partial: bool| {
            Some(if multi_para {
                QuoteKind::MultiParagraph
            } else if partial {
                QuoteKind::Partial
            } else {
                QuoteKind::Full
            })
        };
        // An attribution right after the closing mark is no continuation
        // of the reporter's sentence, even when it opens in lower case
        // ("‘We are not going anywhere,’ the club’s chairman, Graham
        // Pettifer, told the BBC"), as long as the quote opens like a
        // sentence of its own.
        let continues =
            self.reporter_continues(close, pe) && !(post.is_some() && t.is_cap(words[0]));
        // 2. Long or several sentences: speech.
        if multi_sentence || n >= LONG || multi_para {
            return kind_if(!initial || continues);
        }
        // 3. Shape: title case, repeated terms, bare noun phrases.
        let title_case = words.iter().all(|&i| {
            let w = t.s(i);
            w.chars()
                .next()
                .is_some_and(|c| c.is_uppercase() || c.is_ascii_digit())
                || lex::is_title_small_word(self.lower(i))
        }) && words.iter().any(|&i| t.is_cap(i));
        if title_case && !(initial && post.is_some()) {
            return None;
        }
        if n <= SHORT && self.repeated(q) {
            return None;
        }
        let content_only = words.iter().all(|&i| !lex::is_function_word(self.lower(i)));
        let det_before = open > sf && t.is_word(open - 1) && {
            let p = self.lower(open - 1);
            lex::is_determiner(p)
                || lex::is_preposition(p)
                || p == "as"
                || self.rd.is_possessive(open - 1)
        };
        let exclaims = (open + 1..close).any(|i| t.is_punct(i, "?") || t.is_punct(i, "!"));
        let gap = pre.map(|c| open - c.last - 1);
        if n <= 4 && content_only && det_before && !exclaims {
            return if gap.is_some_and(|g| g <= 3) {
                kind_if(true)
            } else {
                None
            };
        }
        // 4. Context: position and attribution.
        let first_cap = t.is_cap(words[0]);
        if initial && (post.is_some() || first_cap || n >= 3) {
            return kind_if(
                !initial
                    || continues
                    || (!first_cap && open != sf && !pre.is_some_and(|c| c.adjacent)),
            );
        }
        if post.is_some() {
            return kind_if(true);
        }
        if gap.is_some_and(|g| g <= 6) {
            return kind_if(true);
        }
        // A verb, a pronoun subject, or at least function words around
        // content ("unlikely to move markets"): more than a name for a thing.
        let clause_like = n >= 6
            || (n >= 3 && !content_only)
            || words.iter().any(|&i| lex::is_clause_word(self.lower(i)));
        if clause_like && (pre.is_some() || self.post_clause(q).is_some()) {
            return kind_if(true);
        }
        // The predicate of the clause a speech verb reports: "said … that
        // the outlook was “cautiously optimistic”" quotes the speaker's own
        // words (a noun phrase there, "a new “gas union”", is a term); so
        // does the predicate of a sentence opened by "according to X".
        let predicate = open > sf
            && t.is_word(open - 1)
            && matches!(
                self.lower(open - 1),
                "is" | "was"
                    | "are"
                    | "were"
                    | "be"
                    | "been"
                    | "remains"
                    | "remained"
                    | "seemed"
                    | "looked"
                    | "sounded"
                    | "felt"
                    | "appeared"
            );
        if let Some(c) = pre {
            let speech = self.lex.is_verb(self.lower(c.first));
            let reported = (c.last + 1..open).any(|i| t.is_word(i) && self.lower(i) == "that");
            if speech && reported && predicate && gap.is_some_and(|g| g <= 15) {
                return kind_if(true);
            }
        }
        if according && predicate {
            return kind_if(true);
        }
        None
    }

    /// "so-called", "dubbed", "known as", "the slogan", "a film" right
    /// before the opening mark (over "the", "a", "as").
    fn naming_before(&self, open: usize, sf: usize) -> bool {
        let t = self.t;
        let mut k = open;
        while k > sf {
            k -= 1;
            if !t.is_word(k) {
                return false;
            }
            let w = self.lower(k);
            if matches!(w, "the" | "a" | "an" | "as") {
                if w == "as" && k > sf && t.is_word(k - 1) && self.lower(k - 1) == "known" {
                    return true;
                }
                continue;
            }
            if lex::is_term_noun(w) && self.judged_object(k, open, sf) {
                return false;
            }
            return lex::is_naming_verb(w) || lex::is_term_noun(w) || w == "so-called";
        }
        false
    }

    /// True when the term noun at `noun` is the object of a verb that
    /// judges it and the quoted words are not a title: "called the report
    /// “deeply flawed”", "described the plan as “a betrayal”" quote an
    /// opinion, while "the report “Hidden Costs”" names a report.
    fn judged_object(&self, noun: usize, open: usize, sf: usize) -> bool {
        let t = self.t;
        if !t.is_lower(open + 1) {
            return false;
        }
        let mut k = noun;
        while k > sf + 1 && t.is_word(k - 1) && lex::is_determiner(self.lower(k - 1)) {
            k -= 1;
        }
        k > sf
            && t.is_word(k - 1)
            && matches!(
                self.lower(k - 1),
                "called"
                    | "calls"
                    | "call"
                    | "calling"
                    | "described"
                    | "describes"
                    | "describe"
                    | "deemed"
                    | "termed"
                    | "labelled"
                    | "labeled"
                    | "branded"
                    | "dismissed"
            )
    }

    /// True when the reporter's sentence goes on after the closing mark with
    /// words that are not an attribution ("” for joining the union").
    fn reporter_continues(&self, close: usize, pe: usize) -> bool {
        let i = close + 1;
        if i >= pe || !self.t.is_lower(i) {
            return false;
        }
        let w = self.lower(i);
        !(lex::is_subject_pronoun(w) || self.verb_at(i, false).is_some() || w == "according")
    }

    /// True when the same words (or words containing them) are quoted
    /// elsewhere in the document as another short quote.
    fn repeated(&self, q: usize) -> bool {
        let text = self.t.text;
        let p = self.pairs[q];
        let me = norm_words(&text[p.open + p.open_len..p.close]);
        if me.is_empty() {
            return false;
        }
        let padded = format!(" {me} ");
        let short = self.short_quotes.get_or_init(|| {
            // Every other short quote's words, padded with spaces, once per
            // document (a quote-heavy article would otherwise normalise
            // every pair for every pair).
            self.pairs
                .iter()
                .take(400)
                .map(|o| {
                    let inner = &text[o.open + o.open_len..o.close];
                    if inner.len() > 80 {
                        return None;
                    }
                    let other = norm_words(inner);
                    (other.split(' ').count() <= SHORT).then(|| format!(" {other} "))
                })
                .collect()
        });
        short.iter().enumerate().any(|(k, op)| {
            k != q
                && op
                    .as_ref()
                    .is_some_and(|op| op.contains(&padded) || padded.contains(op.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn ascii_words_match_the_unicode_path(text in "[ -~]{0,60}") {
            prop_assert_eq!(norm_words(&text), norm_words_unicode(&text));
        }
    }
}
