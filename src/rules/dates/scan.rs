//! A small tokenizer for the date grammar: words, digit runs and single
//! punctuation characters, each with its byte span, its lexicon tag and what
//! space came before it.
//!
//! It is separate from the pipeline's `segment` stage on purpose: the date
//! grammar wants "1990s" split into `1990` + `s` and "p.m." into four
//! pieces, and it must stay cheap enough to run on every byte.

use super::lexicon::{lookup_packed, Lex, MAX_WORD};

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Kind {
    /// Alphabetic run.
    Word,
    /// ASCII digit run.
    Num,
    /// One other non-space character.
    Punct(char),
}

/// One token.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tok {
    /// First byte.
    pub s: usize,
    /// One past the last byte.
    pub e: usize,
    /// Word, number or punctuation.
    pub kind: Kind,
    /// Lexicon tag (words only; `Other` for the rest).
    pub lex: Lex,
    /// Value of a digit run (saturating; meaningful when `nd <= 9`).
    pub num: u32,
    /// Number of digits of a digit run.
    pub nd: u32,
    /// Starts with an upper-case letter.
    pub cap: bool,
    /// Space before it: 0 none, 1 spaces, 2 one line break, 3 a blank line.
    pub sp: u8,
}

/// Splits `text` into tokens.
pub(crate) fn tokenize(text: &str, out: &mut Vec<Tok>) {
    out.clear();
    let bytes = text.as_bytes();
    let mut i = 0;
    let mut sp = 3u8;
    while i < bytes.len() {
        let b = bytes[i];
        if b.is_ascii_whitespace() {
            if b == b'\n' {
                sp = if sp >= 2 { 3 } else { 2 };
            } else if sp == 0 {
                sp = 1;
            }
            i += 1;
            continue;
        }
        let start = i;
        if b.is_ascii_digit() {
            let mut num: u32 = 0;
            while i < bytes.len() && bytes[i].is_ascii_digit() {
                num = num
                    .saturating_mul(10)
                    .saturating_add(u32::from(bytes[i] - b'0'));
                i += 1;
            }
            out.push(Tok {
                s: start,
                e: i,
                kind: Kind::Num,
                lex: Lex::Other,
                num,
                nd: (i - start) as u32,
                cap: false,
                sp,
            });
        } else if b.is_ascii_alphabetic() || (b >= 0x80 && starts_alpha(text, i)) {
            let mut ascii = true;
            // The word lower-cased and packed as the lexicon's keys are,
            // built while scanning (only read when it fits, at most
            // MAX_WORD letters).
            let mut key: u128 = 0;
            while i < bytes.len() {
                let c = bytes[i];
                if c.is_ascii_alphabetic() {
                    key = (key << 8) | u128::from(c | 0x20);
                    i += 1;
                } else if c >= 0x80 && starts_alpha(text, i) {
                    ascii = false;
                    i += char_len(c);
                } else {
                    break;
                }
            }
            i = i.min(bytes.len());
            let word = text.get(start..i).unwrap_or("");
            let (lex, cap) = if ascii {
                let lex = if word.len() <= MAX_WORD {
                    lookup_packed(key, b, word.len())
                } else {
                    Lex::Other
                };
                (lex, b.is_ascii_uppercase())
            } else {
                (
                    Lex::Other,
                    word.chars().next().is_some_and(char::is_uppercase),
                )
            };
            out.push(Tok {
                s: start,
                e: i,
                kind: Kind::Word,
                lex,
                num: 0,
                nd: 0,
                cap,
                sp,
            });
        } else {
            let c = text.get(i..).and_then(|r| r.chars().next()).unwrap_or(' ');
            i += c.len_utf8().max(1);
            if c.is_whitespace() {
                if sp == 0 {
                    sp = 1;
                }
                continue;
            }
            out.push(Tok {
                s: start,
                e: i,
                kind: Kind::Punct(c),
                lex: Lex::Other,
                num: 0,
                nd: 0,
                cap: false,
                sp,
            });
        }
        sp = 0;
    }
}

/// Length of the UTF-8 sequence that starts with byte `b`.
fn char_len(b: u8) -> usize {
    match b {
        0xF0..=0xFF => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// True when the char starting at byte `i` is alphabetic.
fn starts_alpha(text: &str, i: usize) -> bool {
    text.get(i..)
        .and_then(|r| r.chars().next())
        .is_some_and(char::is_alphabetic)
}
