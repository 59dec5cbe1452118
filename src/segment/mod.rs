//! Segmentation: paragraphs, sentences and tokens, with byte offsets.
//!
//! Takes the document text, gives a [`Segmentation`]. Rule-based and linear:
//! one pass for tokens, then sentence boundaries are decided on the token
//! stream, so an abbreviation check is a look at the previous token rather
//! than a regex over the text.
//!
//! The one design decision: **a line break ends a paragraph** (news dumps put
//! one paragraph per line, and headlines have no final period), except when a
//! line ends without sentence punctuation and the next line starts in lower
//! case: that is hard-wrapped prose, and the two lines are one paragraph.
//! Sentences never cross a paragraph boundary.

use crate::model::{Paragraph, Sentence, Span, Token, TokenKind};

mod abbrev;

pub use abbrev::is_abbreviation;

/// True when `word` usually opens a sentence ("The", "However"), so a
/// capital on it says nothing about names.
pub fn is_sentence_starter_word(word: &str) -> bool {
    abbrev::is_sentence_starter(word)
}

/// The segments of one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Segmentation {
    /// Paragraphs in text order.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences in text order.
    pub sentences: Vec<Sentence>,
    /// Tokens in text order (no whitespace tokens).
    pub tokens: Vec<Token>,
}

/// Segments `text` into paragraphs, sentences and tokens.
pub fn segment(text: &str) -> Segmentation {
    let mut seg = Segmentation::default();
    segment_into(text, &mut seg);
    seg
}

/// Like [`segment`], but reuses the vectors of `out` (cleared first), so a
/// worker thread allocates once for many documents.
pub fn segment_into(text: &str, out: &mut Segmentation) {
    out.paragraphs.clear();
    out.sentences.clear();
    out.tokens.clear();
    paragraphs(text, &mut out.paragraphs);
    tokenize(text, &mut out.tokens);
    sentences(text, &out.paragraphs, &out.tokens, &mut out.sentences);
}

/// Finds paragraph spans: lines, joined when hard-wrapped.
fn paragraphs(text: &str, out: &mut Vec<Paragraph>) {
    let bytes = text.as_bytes();
    let mut lines: Vec<Span> = Vec::new();
    let mut start = 0;
    for nl in memchr::memchr_iter(b'\n', bytes).chain(std::iter::once(bytes.len())) {
        if let Some(span) = trim_span(text, start, nl) {
            lines.push(span);
        }
        start = nl + 1;
    }
    let mut current: Option<Span> = None;
    for line in lines {
        current = match current {
            None => Some(line),
            Some(prev) => {
                let gap = &text[prev.end..line.start];
                let blank = gap.matches('\n').count() > 1;
                if !blank && is_wrapped(&text[prev.start..prev.end], &text[line.start..line.end]) {
                    Some(Span::new(prev.start, line.end))
                } else {
                    out.push(Paragraph { span: prev });
                    Some(line)
                }
            }
        };
    }
    if let Some(p) = current {
        out.push(Paragraph { span: p });
    }
}

/// True when `next` continues `prev` as hard-wrapped prose.
fn is_wrapped(prev: &str, next: &str) -> bool {
    let ends_open = prev
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() || c == ',' || c == ';' || c == '-');
    let next_lower = next.chars().next().is_some_and(|c| c.is_lowercase());
    ends_open && next_lower
}

/// The span of `text[start..end]` without surrounding whitespace, or `None`
/// when it is blank.
fn trim_span(text: &str, start: usize, end: usize) -> Option<Span> {
    let slice = &text[start..end];
    let trimmed = slice.trim_start();
    let s = start + (slice.len() - trimmed.len());
    let trimmed = trimmed.trim_end();
    if trimmed.is_empty() {
        None
    } else {
        Some(Span::new(s, s + trimmed.len()))
    }
}

/// True for characters that join two word pieces inside one token when
/// letters or digits stand on both sides: "don't", "Kassym-Zhomart",
/// "Kun.uz", "U.S", "3.5", "1,000".
fn is_joiner(c: char) -> bool {
    matches!(
        c,
        '\'' | '’' | '-' | '‐' | '.' | ',' | '&' | '_' | '@' | '/'
    )
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

/// Splits `text` into word, number and punctuation tokens.
fn tokenize(text: &str, out: &mut Vec<Token>) {
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let (c, clen) = char_at(text, i);
        if c.is_whitespace() {
            i += clen;
            continue;
        }
        if !c.is_alphanumeric() {
            out.push(Token {
                span: Span::new(i, i + clen),
                kind: TokenKind::Punct,
            });
            i += clen;
            continue;
        }
        let start = i;
        let mut end = i + clen;
        let mut all_digits = c.is_ascii_digit();
        while end < bytes.len() {
            let b = bytes[end];
            if b.is_ascii_alphanumeric() {
                all_digits &= b.is_ascii_digit();
                end += 1;
                continue;
            }
            let (d, dlen) = char_at(text, end);
            if d.is_alphanumeric() {
                all_digits = false;
                end += dlen;
                continue;
            }
            if !is_joiner(d) {
                break;
            }
            // A joiner stays inside the token only when an alphanumeric
            // follows it directly. Commas and slashes join digits only
            // ("1,000", "12/07"), never words.
            let after = (end + dlen < bytes.len()).then(|| char_at(text, end + dlen).0);
            let prev_digit = bytes[end - 1].is_ascii_digit();
            let ok = match after {
                Some(a) if a.is_alphanumeric() => match d {
                    ',' | '/' => prev_digit && a.is_ascii_digit(),
                    _ => true,
                },
                _ => false,
            };
            if !ok {
                break;
            }
            end += dlen;
        }
        // "U.S." and "a.m.": an initialism keeps its final period, so the
        // sentence splitter sees one token, not a word and a full stop.
        let word = &text[start..end];
        if word.len() <= 8 && bytes.get(end) == Some(&b'.') && word.contains('.') {
            let letters_dotted = word
                .split('.')
                .all(|piece| piece.chars().count() == 1 && piece.chars().all(char::is_alphabetic));
            if letters_dotted {
                end += 1;
            }
        }
        let kind = if all_digits || bytes[start].is_ascii_digit() {
            TokenKind::Number
        } else {
            TokenKind::Word
        };
        out.push(Token {
            span: Span::new(start, end),
            kind,
        });
        i = end;
    }
}

/// True for characters that may close a sentence after its final mark:
/// quotation marks and brackets.
fn is_closer(c: char) -> bool {
    matches!(c, '"' | '\'' | '”' | '’' | ')' | ']' | '»')
}

/// Decides sentence boundaries inside each paragraph.
fn sentences(text: &str, paragraphs: &[Paragraph], tokens: &[Token], out: &mut Vec<Sentence>) {
    let mut t = 0;
    for (pi, para) in paragraphs.iter().enumerate() {
        // Tokens of this paragraph: [first, last).
        while t < tokens.len() && tokens[t].span.start < para.span.start {
            t += 1;
        }
        let first = t;
        while t < tokens.len() && tokens[t].span.end <= para.span.end {
            t += 1;
        }
        let last = t;
        let mut sent_start = para.span.start;
        let mut k = first;
        while k < last {
            let tok = tokens[k];
            let tok_text = tok.span.slice(text);
            let is_terminal =
                tok.kind == TokenKind::Punct && matches!(tok_text, "." | "!" | "?" | "…");
            let is_dotted_abbrev = tok.kind == TokenKind::Word && tok_text.ends_with('.');
            if !(is_terminal || is_dotted_abbrev) {
                k += 1;
                continue;
            }
            // Extend over repeated marks and closers: `?!`, `."`, `.)`.
            let mut end_k = k;
            while end_k + 1 < last {
                let next = tokens[end_k + 1];
                let nt = next.span.slice(text);
                let adjacent = next.span.start == tokens[end_k].span.end;
                let c = nt.chars().next().unwrap_or(' ');
                if adjacent
                    && next.kind == TokenKind::Punct
                    && (matches!(nt, "." | "!" | "?" | "…") || is_closer(c))
                {
                    end_k += 1;
                } else {
                    break;
                }
            }
            let boundary = end_k + 1 >= last
                || breaks_here(text, tokens, first, k, end_k + 1, is_dotted_abbrev);
            if boundary {
                let end = tokens[end_k].span.end;
                if end_k + 1 < last {
                    out.push(Sentence {
                        span: Span::new(sent_start, end),
                        paragraph: pi,
                    });
                    sent_start = tokens[end_k + 1].span.start;
                }
            }
            k = end_k + 1;
        }
        if sent_start < para.span.end {
            out.push(Sentence {
                span: Span::new(sent_start, para.span.end),
                paragraph: pi,
            });
        }
    }
}

/// Decides whether the mark at token `k` (extended to `next - 1`) ends a
/// sentence, looking at the word before it and the token after it.
fn breaks_here(
    text: &str,
    tokens: &[Token],
    first: usize,
    k: usize,
    next: usize,
    dotted_word: bool,
) -> bool {
    let after = tokens[next];
    let after_text = after.span.slice(text);
    // No space after the mark: "3.5", "Kun.uz", "?!" are handled by the
    // tokenizer; anything else glued on is not a boundary.
    if after.span.start == tokens[next - 1].span.end {
        return false;
    }
    let after_first = after_text.chars().next().unwrap_or(' ');
    let starts_upper = after_first.is_uppercase()
        || after_first.is_ascii_digit()
        || matches!(
            after_first,
            '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '—' | '-'
        );
    if !starts_upper {
        return false;
    }
    let mark = tokens[k].span.slice(text);
    if mark != "." && !dotted_word {
        // ! ? … end a sentence when a capital follows.
        return true;
    }
    // The word carrying the period.
    let word = if dotted_word {
        tokens[k].span.slice(text).trim_end_matches('.')
    } else if k > first && tokens[k - 1].span.end == tokens[k].span.start {
        tokens[k - 1].span.slice(text)
    } else {
        return true;
    };
    if dotted_word {
        // An initialism: "U.S." ends a sentence only before a word that
        // usually starts one; "J.K. Rowling" never breaks.
        return abbrev::is_sentence_starter(after_text);
    }
    // A single capital letter before a period is an initial ("John F. Kennedy").
    let mut chars = word.chars();
    if let (Some(c), None) = (chars.next(), chars.next()) {
        if c.is_uppercase() {
            return false;
        }
    }
    if is_abbreviation(word) {
        // Titles and months before a name or number never end a sentence;
        // other abbreviations ("Inc.", "Corp.", "etc.") do when a usual
        // sentence starter follows.
        return !abbrev::never_final(word) && abbrev::is_sentence_starter(after_text);
    }
    true
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sents(text: &str) -> Vec<&str> {
        segment(text)
            .sentences
            .iter()
            .map(|s| s.span.slice(text))
            .collect()
    }

    fn toks(text: &str) -> Vec<&str> {
        segment(text)
            .tokens
            .iter()
            .map(|t| t.span.slice(text))
            .collect()
    }

    #[test]
    fn abbreviations_do_not_split() {
        assert_eq!(
            sents("Mr. Smith met Dr. Jones on Nov. 27 in the U.S. Senate. They talked."),
            vec![
                "Mr. Smith met Dr. Jones on Nov. 27 in the U.S. Senate.",
                "They talked."
            ]
        );
    }

    #[test]
    fn initials_and_dotted_names() {
        assert_eq!(
            sents("J.K. Rowling and John F. Kennedy read Kun.uz daily. It helps."),
            vec![
                "J.K. Rowling and John F. Kennedy read Kun.uz daily.",
                "It helps."
            ]
        );
    }

    #[test]
    fn period_inside_closing_quote() {
        assert_eq!(
            sents("He said, “We will win.” Then he left."),
            vec!["He said, “We will win.”", "Then he left."]
        );
    }

    #[test]
    fn initialism_at_sentence_end() {
        assert_eq!(
            sents("He moved to the U.S. The move was hard."),
            vec!["He moved to the U.S.", "The move was hard."]
        );
    }

    #[test]
    fn headlines_are_their_own_paragraph() {
        let text = "Central Asia keeps Russia at bay\nThe day after, Putin spoke.\n\nWhat now?";
        let seg = segment(text);
        assert_eq!(seg.paragraphs.len(), 3);
        assert_eq!(
            sents(text),
            vec![
                "Central Asia keeps Russia at bay",
                "The day after, Putin spoke.",
                "What now?"
            ]
        );
    }

    #[test]
    fn hard_wrapped_lines_join() {
        let text = "The minister said the plan\nwould go ahead next year.\nA new line.";
        let seg = segment(text);
        assert_eq!(seg.paragraphs.len(), 2);
    }

    #[test]
    fn tokens_keep_inner_joiners() {
        assert_eq!(
            toks("Kassym-Zhomart Tokayev's 1,000 U.S. troops, Kun.uz."),
            vec![
                "Kassym-Zhomart",
                "Tokayev's",
                "1,000",
                "U.S.",
                "troops",
                ",",
                "Kun.uz",
                "."
            ]
        );
    }

    #[test]
    fn offsets_slice_non_ascii() {
        let text = "Zürich – “Ilkhamov” sagte. Émile s’en va.";
        let seg = segment(text);
        for t in &seg.tokens {
            assert!(!t.span.slice(text).is_empty());
        }
        assert_eq!(seg.sentences.len(), 2);
    }

    #[test]
    fn empty_and_blank_text() {
        assert_eq!(segment("").sentences.len(), 0);
        assert_eq!(segment(" \n\n \t").paragraphs.len(), 0);
    }
}
