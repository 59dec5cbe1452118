//! Finding and pairing quotation marks.
//!
//! Takes the text and its paragraphs, gives the top-level quoted spans (with
//! their nested inner quotes) and a warning for every mark that could not be
//! paired. Candidate marks are found with `memchr` (the only bytes that can
//! start a quotation mark are `"`, `'`, `0xE2` for the curly marks and `0xC2`
//! for guillemets), so the scan is linear in the text.
//!
//! The design decision: **a mark's role comes from what stands on its two
//! sides** (a mark followed by a word and preceded by space opens; one
//! preceded by a word and followed by space or punctuation closes), and the
//! glyph only breaks ties. That one rule pairs straight quotes, repairs
//! curly quotes typed the wrong way round and tells the apostrophes in
//! "don't", "the ’90s" and "Ilkhamov’s" from single quotation marks.

use crate::model::Paragraph;

/// The family a quotation mark belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Style {
    /// “ ” „ and the straight ".
    Double,
    /// ‘ ’ and the straight '.
    Single,
    /// « and ».
    Guillemet,
}

/// What a mark can do, judged from its neighbours and glyph.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Role {
    Open,
    Close,
    /// Either; the pairing state decides.
    Either,
    /// An apostrophe, never a quotation mark.
    Apostrophe,
}

#[derive(Clone, Copy, Debug)]
struct Mark {
    pos: usize,
    len: usize,
    style: Style,
    role: Role,
    /// A closing single mark right after an `s` and before a lower-case word
    /// ("the players’ union"): as likely a plural possessive as a closer.
    maybe_apostrophe: bool,
    /// First non-space character of its paragraph.
    at_para_start: bool,
}

/// A paired quotation.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Pair {
    /// Byte offset of the opening mark.
    pub open: usize,
    /// Byte length of the opening mark.
    pub open_len: usize,
    /// Byte offset of the closing mark.
    pub close: usize,
    /// Byte length of the closing mark.
    pub close_len: usize,
    /// Index of the paragraph holding the opening mark.
    pub first_para: usize,
    /// Index of the paragraph holding the closing mark.
    pub last_para: usize,
    /// Nesting depth: 0 for a top-level quote.
    pub depth: u8,
    /// Opening marks of continuing paragraphs inside a multi-paragraph quote.
    pub continuation_marks: Vec<(usize, usize)>,
}

impl Pair {
    /// One past the closing mark.
    pub fn end(&self) -> usize {
        self.close + self.close_len
    }
}

/// The outcome of the scan.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    /// Top-level and nested pairs, ordered by opening mark.
    pub pairs: Vec<Pair>,
    /// Problems found, each naming the byte offset.
    pub warnings: Vec<String>,
}

/// The longest a quote may run over paragraphs before it is judged unclosed.
const MAX_PARAGRAPHS: usize = 40;

/// How many later marks a possible possessive apostrophe may look ahead.
const LOOKAHEAD: usize = 64;

/// True when `text` holds any byte that may start a quotation mark.
pub(crate) fn has_quote_marks(text: &str) -> bool {
    let b = text.as_bytes();
    memchr::memchr3(b'"', b'\'', 0xE2, b).is_some() || memchr::memchr(0xC2, b).is_some()
}

/// Finds the candidate marks of the whole text, in order.
fn candidates(text: &str) -> Vec<(usize, usize, char)> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    for i in memchr::memchr3_iter(b'"', b'\'', 0xE2, bytes) {
        match bytes[i] {
            b'"' => out.push((i, 1, '"')),
            b'\'' => out.push((i, 1, '\'')),
            _ => {
                if let Some(c) = text.get(i..i + 3).and_then(|s| s.chars().next()) {
                    if matches!(c, '“' | '”' | '‘' | '’' | '„') {
                        out.push((i, 3, c));
                    }
                }
            }
        }
    }
    // Guillemets are rare in English news: a second pass only when needed.
    if memchr::memchr(0xC2, bytes).is_some() {
        let mut g = Vec::new();
        for i in memchr::memchr_iter(0xC2, bytes) {
            if let Some(c) = text.get(i..i + 2).and_then(|s| s.chars().next()) {
                if matches!(c, '«' | '»') {
                    g.push((i, 2, c));
                }
            }
        }
        if !g.is_empty() {
            out.extend(g);
            out.sort_unstable_by_key(|m| m.0);
        }
    }
    out
}

fn is_opening_punct(c: char) -> bool {
    matches!(
        c,
        '(' | '[' | '{' | '—' | '–' | '-' | '/' | ':' | '“' | '‘' | '«' | '„'
    )
}

fn is_closing_punct(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | ')'
            | ']'
            | '}'
            | '…'
            | '—'
            | '–'
            | '-'
            | '”'
            | '’'
            | '»'
    )
}

/// Judges one mark from the characters around it, inside paragraph
/// `[ps, pe)`.
fn judge(text: &str, ps: usize, pe: usize, pos: usize, len: usize, c: char) -> Option<Mark> {
    let prev = if pos > ps {
        text[..pos].chars().next_back()
    } else {
        None
    };
    let next = if pos + len < pe {
        text[pos + len..].chars().next()
    } else {
        None
    };
    let prev_word = prev.is_some_and(char::is_alphanumeric);
    let next_word = next.is_some_and(char::is_alphanumeric);
    let prev_space =
        prev.is_none_or(|p| p.is_whitespace() || is_opening_punct(p) || p == '"' || p == '\'');
    let next_space =
        next.is_none_or(|n| n.is_whitespace() || is_closing_punct(n) || n == '"' || n == '\'');
    let can_open = !next_space && !prev_word;
    let can_close = !prev_space && !next_word;
    let flank = match (can_open, can_close) {
        (true, false) => Role::Open,
        (false, true) => Role::Close,
        _ => Role::Either,
    };
    let style = match c {
        '"' | '“' | '”' | '„' => Style::Double,
        '\'' | '‘' | '’' => Style::Single,
        _ => Style::Guillemet,
    };
    let mut maybe_apostrophe = false;
    let role = match c {
        '“' | '„' | '«' => {
            if flank == Role::Close {
                Role::Close
            } else {
                Role::Open
            }
        }
        '”' | '»' => {
            if flank == Role::Open {
                Role::Open
            } else {
                Role::Close
            }
        }
        '"' => flank,
        _ => {
            // Single marks: apostrophes first.
            let after = &text[pos + len..pe];
            let decade = next.is_some_and(|n| n.is_ascii_digit()) && is_decade(after);
            if (prev_word && next_word) || (!prev_word && (decade || is_elision(after))) {
                Role::Apostrophe
            } else if c == '‘' {
                if flank == Role::Close {
                    Role::Close
                } else {
                    Role::Open
                }
            } else {
                if flank == Role::Close && prev.is_some_and(|p| p == 's' || p == 'S') {
                    // "the players’ union": a possessive unless no later closer.
                    let after = text[pos + len..pe].trim_start();
                    maybe_apostrophe = after.chars().next().is_some_and(char::is_lowercase);
                }
                match flank {
                    Role::Either if c == '’' => {
                        if prev_space {
                            Role::Open
                        } else {
                            Role::Close
                        }
                    }
                    // A straight single quote with space on both sides is
                    // noise more often than a mark.
                    Role::Either => Role::Apostrophe,
                    r => r,
                }
            }
        }
    };
    Some(Mark {
        pos,
        len,
        style,
        role,
        maybe_apostrophe,
        at_para_start: text[ps..pos].trim().is_empty(),
    })
}

/// "’90s", "'60s", "’07": a decade or year, not a quotation.
fn is_decade(after: &str) -> bool {
    let digits = after.bytes().take_while(u8::is_ascii_digit).count();
    if digits != 2 {
        return false;
    }
    let rest = &after[2..];
    let rest = rest.strip_prefix('s').unwrap_or(rest);
    !rest.chars().next().is_some_and(char::is_alphanumeric)
}

/// "’em", "’tis", "’n’", "’til": elisions that start with an apostrophe.
fn is_elision(after: &str) -> bool {
    // The contraction endings cover text tokenised with spaces ("it 's",
    // "we 're"), where they would otherwise look like opening marks.
    const ELISIONS: &[&str] = &[
        "em", "tis", "twas", "til", "cause", "n", "bout", "round", "s", "ll", "re", "ve", "d", "m",
        "t",
    ];
    let word: String = after
        .chars()
        .take_while(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    if !ELISIONS.contains(&word.as_str()) {
        return false;
    }
    // "'n'" must be followed by its own apostrophe to count.
    if word == "n" {
        return after[1..].starts_with(['\'', '’']);
    }
    true
}

/// Decides whether single quotes are the document's primary style (British
/// usage): more clear single openers than double openers.
fn primary_style(marks: &[Mark]) -> Style {
    let mut single = 0usize;
    let mut double = 0usize;
    for m in marks {
        match (m.style, m.role) {
            (Style::Double, Role::Open) => double += 1,
            (Style::Single, Role::Open) => single += 1,
            _ => {}
        }
    }
    let first_open = marks
        .iter()
        .find(|m| m.role == Role::Open && m.style != Style::Guillemet);
    if single > double
        || (single == double && single > 0 && first_open.is_some_and(|m| m.style == Style::Single))
    {
        Style::Single
    } else {
        Style::Double
    }
}

fn glyph<'t>(text: &'t str, m: &Mark) -> &'t str {
    text.get(m.pos..m.pos + m.len).unwrap_or("?")
}

struct Open {
    mark: Mark,
    para: usize,
    continuation: Vec<(usize, usize)>,
}

/// Pairs the quotation marks of `text`, paragraph by paragraph.
pub(crate) fn scan(text: &str, paragraphs: &[Paragraph]) -> Scan {
    let mut out = Scan::default();
    let cands = candidates(text);
    if cands.is_empty() {
        return out;
    }
    // Judge every candidate inside its paragraph; marks outside every
    // paragraph (blank lines) cannot exist since they are not blank.
    let mut marks: Vec<Vec<Mark>> = vec![Vec::new(); paragraphs.len()];
    let mut pi = 0;
    for &(pos, len, c) in &cands {
        while pi < paragraphs.len() && paragraphs[pi].span.end <= pos {
            pi += 1;
        }
        let Some(p) = paragraphs.get(pi) else { break };
        if pos < p.span.start {
            continue;
        }
        if let Some(m) = judge(text, p.span.start, p.span.end, pos, len, c) {
            if m.role != Role::Apostrophe {
                marks[pi].push(m);
            }
        }
    }
    let all: Vec<Mark> = marks.iter().flatten().copied().collect();
    let primary = primary_style(&all);
    let is_outer = |s: Style| s == primary || s == Style::Guillemet;

    let mut stack: Vec<Open> = Vec::new();
    let mut p = 0;
    while p < marks.len() {
        let list = &marks[p];
        let mut k = 0;
        while k < list.len() {
            let m = list[k];
            k += 1;
            let top_style = stack.last().map(|o| o.mark.style);
            match top_style {
                None => {
                    if !is_outer(m.style) {
                        continue; // apostrophes and secondary marks at top level
                    }
                    match m.role {
                        Role::Open | Role::Either => stack.push(Open {
                            mark: m,
                            para: p,
                            continuation: Vec::new(),
                        }),
                        _ => {
                            if !m.maybe_apostrophe && m.style != Style::Single {
                                out.warnings.push(format!(
                                    "unpaired closing quotation mark {} at byte {}",
                                    glyph(text, &m),
                                    m.pos
                                ));
                            }
                        }
                    }
                }
                Some(top)
                    if top == m.style
                        || (top == Style::Guillemet && m.style == Style::Guillemet) =>
                {
                    let closes = match m.role {
                        Role::Close | Role::Either => {
                            !(m.maybe_apostrophe && later_closer(list, k, m.style))
                        }
                        _ => false,
                    };
                    if closes {
                        let o = stack.pop().expect("stack has a top");
                        out.pairs.push(Pair {
                            open: o.mark.pos,
                            open_len: o.mark.len,
                            close: m.pos,
                            close_len: m.len,
                            first_para: o.para,
                            last_para: p,
                            depth: stack.len() as u8,
                            continuation_marks: o.continuation,
                        });
                    } else if m.role == Role::Open {
                        if stack.len() == 1
                            && m.style != Style::Single
                            && nested_same_style(list, k, m.style)
                        {
                            // `"He said "no" to me," she said`: the same
                            // style nested, closed twice later on.
                            stack.push(Open {
                                mark: m,
                                para: p,
                                continuation: Vec::new(),
                            });
                        } else if stack.len() == 1 && m.style != Style::Single {
                            // A second opener while one is open: the first
                            // never closed. Keep the newer one.
                            let o = stack.pop().expect("stack has a top");
                            out.warnings.push(format!(
                                "unclosed quotation mark {} at byte {}",
                                glyph(text, &o.mark),
                                o.mark.pos
                            ));
                            stack.push(Open {
                                mark: m,
                                para: p,
                                continuation: Vec::new(),
                            });
                        } else if stack.len() < 3 && m.style == Style::Single {
                            // Not reachable for a same-style single opener at
                            // depth 1 in British text: treat as nested.
                            stack.push(Open {
                                mark: m,
                                para: p,
                                continuation: Vec::new(),
                            });
                        }
                    }
                }
                Some(_) => {
                    // A mark of another style than the innermost open quote.
                    if stack.iter().any(|o| o.mark.style == m.style)
                        && matches!(m.role, Role::Close | Role::Either)
                        && !(m.maybe_apostrophe && later_closer(list, k, m.style))
                    {
                        // It closes an outer quote: the inner ones never closed.
                        while let Some(o) = stack.pop() {
                            if o.mark.style == m.style {
                                out.pairs.push(Pair {
                                    open: o.mark.pos,
                                    open_len: o.mark.len,
                                    close: m.pos,
                                    close_len: m.len,
                                    first_para: o.para,
                                    last_para: p,
                                    depth: stack.len() as u8,
                                    continuation_marks: o.continuation,
                                });
                                break;
                            }
                            if o.mark.style != Style::Single {
                                out.warnings.push(format!(
                                    "unclosed inner quotation mark {} at byte {}",
                                    glyph(text, &o.mark),
                                    o.mark.pos
                                ));
                            }
                        }
                    } else if matches!(m.role, Role::Open | Role::Either) && stack.len() < 3 {
                        if m.role == Role::Either && m.style == Style::Single {
                            continue;
                        }
                        stack.push(Open {
                            mark: m,
                            para: p,
                            continuation: Vec::new(),
                        });
                    }
                }
            }
        }
        // End of paragraph: inner quotes never run past it; an outer one may.
        while stack.len() > 1 {
            let o = stack.pop().expect("stack has a top");
            if o.mark.style != Style::Single {
                out.warnings.push(format!(
                    "unclosed inner quotation mark {} at byte {}",
                    glyph(text, &o.mark),
                    o.mark.pos
                ));
            }
        }
        if let Some(o) = stack.last_mut() {
            match continues(&marks, p, o.mark.style) {
                Some((next_p, Some(cont))) if next_p - o.para <= MAX_PARAGRAPHS => {
                    // Skip the continuation mark in the next paragraph.
                    o.continuation.push((cont.pos, cont.len));
                    p = next_p;
                    resume_after(&mut marks, p, cont.pos);
                    continue;
                }
                Some((next_p, None)) if next_p - o.para <= MAX_PARAGRAPHS => {
                    p = next_p;
                    continue;
                }
                _ => {
                    let o = stack.pop().expect("stack has a top");
                    out.warnings.push(format!(
                        "unclosed quotation mark {} at byte {}",
                        glyph(text, &o.mark),
                        o.mark.pos
                    ));
                }
            }
        }
        p += 1;
    }
    out.pairs.sort_by_key(|q| (q.open, q.depth));
    out
}

/// Drops the marks of paragraph `p` up to and including the one at `pos`,
/// so pairing resumes after a continuation mark.
fn resume_after(marks: &mut [Vec<Mark>], p: usize, pos: usize) {
    if let Some(list) = marks.get_mut(p) {
        list.retain(|m| m.pos > pos);
    }
}

/// True when a closer of `style` that is not a possible apostrophe follows
/// position `k` of `list` before any opener of that style.
fn later_closer(list: &[Mark], k: usize, style: Style) -> bool {
    for m in list.iter().skip(k).take(LOOKAHEAD) {
        if m.style != style {
            continue;
        }
        match m.role {
            Role::Open => return false,
            Role::Close | Role::Either if !m.maybe_apostrophe => return true,
            _ => {}
        }
    }
    false
}

/// True when the next two marks of `style` after position `k` both close:
/// the opener before them is nested inside a quote of the same style.
fn nested_same_style(list: &[Mark], k: usize, style: Style) -> bool {
    let mut next = list.iter().skip(k).filter(|m| m.style == style);
    let closes = |m: Option<&Mark>| m.is_some_and(|m| m.role == Role::Close);
    let first = next.next();
    let second = next.next();
    first.is_some_and(|m| matches!(m.role, Role::Close | Role::Either)) && closes(second)
}

/// A quote of `style` is open at the end of paragraph `p`. Decides whether
/// it runs on: returns the paragraph where pairing resumes and, when that
/// paragraph opens with a continuation mark, the mark. Paragraphs without
/// any mark of the style are passed over (a wrapped line inside the quote).
fn continues(marks: &[Vec<Mark>], p: usize, style: Style) -> Option<(usize, Option<Mark>)> {
    let mut q = p + 1;
    while q < marks.len() && q <= p + 8 {
        let first = marks[q].iter().find(|m| m.style == style).copied();
        match first {
            None => q += 1,
            // A continuation mark must open the very next paragraph; after a
            // paragraph without marks, an opening mark starts a new quote.
            Some(m) if m.at_para_start && matches!(m.role, Role::Open | Role::Either) => {
                return (q == p + 1).then_some((q, Some(m)))
            }
            Some(m) if matches!(m.role, Role::Close | Role::Either) => return Some((q, None)),
            Some(_) => return None,
        }
    }
    None
}
