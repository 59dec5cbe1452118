//! The data that flows through the pipeline.
//!
//! A [`Document`] goes in; an [`Analysis`] comes out. Every stage works in
//! **byte** offsets into `Document::text` (that is what `&text[a..b]` wants);
//! the character (Unicode code point) offsets that Python, pandas and the
//! scorers use are filled in once, at the end, by [`Analysis::fill_char_offsets`].
//! So a [`Span`] carries both, and `text[start..end]` is the surface form in
//! either unit.

use std::fmt;
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Serialize, Serializer};

/// A half-open range of the document text, in bytes and in code points.
///
/// Serialised as `start`/`end` (code points, as Python slices) and
/// `byte_start`/`byte_end` (UTF-8 bytes, as Rust slices).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Span {
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
    /// First code point (filled by [`Analysis::fill_char_offsets`]).
    pub char_start: usize,
    /// One past the last code point.
    pub char_end: usize,
}

impl Span {
    /// A span from byte offsets; the char offsets are filled in later.
    pub fn new(start: usize, end: usize) -> Span {
        debug_assert!(start <= end);
        Span {
            start,
            end,
            char_start: 0,
            char_end: 0,
        }
    }

    /// Length in bytes.
    pub fn len(&self) -> usize {
        self.end - self.start
    }

    /// True when the span covers no text.
    pub fn is_empty(&self) -> bool {
        self.start == self.end
    }

    /// The surface text this span covers.
    pub fn slice<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }

    /// True when the two spans share at least one byte.
    pub fn overlaps(&self, other: &Span) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// True when `other` lies inside `self`.
    pub fn contains(&self, other: &Span) -> bool {
        self.start <= other.start && other.end <= self.end
    }
}

impl Serialize for Span {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut st = s.serialize_struct("Span", 4)?;
        st.serialize_field("start", &self.char_start)?;
        st.serialize_field("end", &self.char_end)?;
        st.serialize_field("byte_start", &self.start)?;
        st.serialize_field("byte_end", &self.end)?;
        st.end()
    }
}

/// Where a document's publication date came from.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DateSource {
    /// A field of the input record.
    Field,
    /// The `--date` option.
    Option,
    /// A dateline at the top of the article text.
    Dateline,
    /// No publication date is known.
    #[default]
    None,
}

/// Where in the input a record came from: the file and the line (JSON
/// Lines, CSV) or record number, for error messages.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Location {
    /// The file path, or `<stdin>`.
    pub file: Arc<str>,
    /// 1-based line (or record) number; 0 when the whole file is the record.
    pub line: u64,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            write!(f, "{}", self.file)
        } else {
            write!(f, "{}:{}", self.file, self.line)
        }
    }
}

/// A record that could not be read or analysed: a bad JSON line, invalid
/// UTF-8, a truncated stream. It is reported and counted, and the run goes on.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct RecordError {
    /// Where it happened.
    pub location: Location,
    /// The record's id, when it could be read before the error.
    pub id: Option<String>,
    /// What went wrong, in words for a person.
    pub message: String,
}

impl fmt::Display for RecordError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location, self.message)
    }
}

impl std::error::Error for RecordError {}

/// One article to analyse.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Document {
    /// Identifier: the input's id field, or `path` / `path:line`.
    pub id: String,
    /// The article text. Every offset in the output points into it.
    pub text: String,
    /// Publication date, the anchor for relative dates.
    pub date: Option<NaiveDate>,
    /// Where `date` came from.
    pub date_source: DateSource,
    /// Input fields the user asked to keep, passed through to the output.
    pub meta: serde_json::Map<String, serde_json::Value>,
    /// Where the record came from.
    pub location: Location,
    /// Byte offset in `text` where the input's text field starts: the
    /// length of a title prepended with `--title-field` (0 without one).
    pub body_start: usize,
    /// Problems met while reading the record (a truncated text, a date
    /// field that could not be read); written with the record and on stderr.
    pub warnings: Vec<String>,
    /// The text was cut to `--max-doc-bytes` (`--truncate-long`).
    pub truncated: bool,
}

/// The type of a mention or entity.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum EntityType {
    /// A person.
    Person,
    /// A place: country, city, region, landmark.
    Place,
    /// An organisation: company, agency, party, outlet.
    Org,
    /// A date or time expression.
    Date,
    /// A type from a user gazetteer outside the four above.
    Custom(Arc<str>),
}

impl EntityType {
    /// The upper-case label used in output (`PERSON`, `PLACE`, ...).
    pub fn as_str(&self) -> &str {
        match self {
            EntityType::Person => "PERSON",
            EntityType::Place => "PLACE",
            EntityType::Org => "ORG",
            EntityType::Date => "DATE",
            EntityType::Custom(s) => s,
        }
    }

    /// Parses a label; common synonyms (PER, LOC, GPE, ORGANIZATION, ...)
    /// map to the four built-in types, anything else becomes `Custom`.
    pub fn parse(label: &str) -> EntityType {
        // The shipped lists spell the three types exactly: no allocation.
        match label {
            "PERSON" => return EntityType::Person,
            "PLACE" => return EntityType::Place,
            "ORG" => return EntityType::Org,
            _ => {}
        }
        match label.trim().to_ascii_uppercase().as_str() {
            "PERSON" | "PER" | "PEOPLE" => EntityType::Person,
            "PLACE" | "LOC" | "LOCATION" | "GPE" | "CITY" | "COUNTRY" => EntityType::Place,
            "ORG" | "ORGANIZATION" | "ORGANISATION" | "COMPANY" => EntityType::Org,
            "DATE" | "TIME" => EntityType::Date,
            other => EntityType::Custom(Arc::from(other)),
        }
    }
}

impl fmt::Display for EntityType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for EntityType {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

/// A hint of a person's sex, for resolving "he" and "she".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    /// Referred to as "he".
    Male,
    /// Referred to as "she".
    Female,
}

/// A paragraph: text between blank lines (or single newlines, for
/// one-paragraph-per-line dumps).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Paragraph {
    /// The paragraph text, without its line break.
    pub span: Span,
}

/// A sentence inside a paragraph.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Sentence {
    /// The sentence text, trimmed of surrounding space.
    pub span: Span,
    /// Index of its paragraph.
    pub paragraph: usize,
}

/// What a token is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum TokenKind {
    /// Letters (and inner apostrophes, hyphens or dots: "don't", "Kun.uz").
    Word,
    /// Digits, possibly with inner separators ("1,000", "3.5").
    Number,
    /// Any other single non-space character.
    Punct,
}

/// A token.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Token {
    /// The token text.
    pub span: Span,
    /// Word, number or punctuation.
    pub kind: TokenKind,
}

/// Which piece of evidence produced a mention: a gazetteer list or a rule.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Evidence(pub Arc<str>);

impl Evidence {
    /// Evidence named by a static rule name.
    pub fn rule(name: &'static str) -> Evidence {
        Evidence(Arc::from(name))
    }
}

/// One mention of a person, place or organisation in the text.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mention {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Index of its entity in [`Analysis::entities`].
    #[serde(skip)]
    pub entity: usize,
    /// The list or rule that found it (`gazetteer:places`, `rule:title`, ...).
    pub source: Evidence,
}

/// A document-level entity: the mentions that name the same thing.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Entity {
    /// Document-local id, `e1`, `e2`, ... in order of first mention.
    pub id: String,
    /// The fullest name the document gives (or the gazetteer's canonical name).
    pub name: String,
    /// The entity's type, decided once from its strongest evidence.
    #[serde(rename = "type")]
    pub kind: EntityType,
    /// Knowledge-base id from a gazetteer (a Wikidata QID or a slug).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<Arc<str>>,
    /// Sex hint for people, when a given name or a pronoun shows it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sex: Option<Sex>,
    /// Indexes into [`Analysis::mentions`], in text order.
    #[serde(skip)]
    pub mentions: Vec<usize>,
}

/// The TIMEX3 type of a temporal expression.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexType {
    /// A calendar date, month, year, season, decade, ...
    Date,
    /// A time of day, possibly with its date.
    Time,
}

/// A TIMEX3 modifier for "early", "mid" and "late".
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum TimexMod {
    /// "early ..."
    Start,
    /// "mid-..."
    Mid,
    /// "late ..."
    End,
    /// "about", "around"
    Approx,
}

/// A date or time expression with its normalised value.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateMention {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// TIMEX3-style value: `2022-11-27`, `2022-11`, `199`, `2022-W49`,
    /// `2022-SU`, `PRESENT_REF`, `XXXX-11-27` when the year is unknown.
    pub value: String,
    /// DATE or TIME.
    #[serde(rename = "timex_type")]
    pub kind: TimexType,
    /// Modifier for early/mid/late.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<TimexMod>,
}

/// A nationality or demonym word linked to its place ("Uzbek" → Uzbekistan).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Demonym {
    /// Where it is.
    #[serde(flatten)]
    pub span: Span,
    /// The place it refers to.
    pub place: Arc<str>,
    /// The place's knowledge-base id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub kb_id: Option<Arc<str>>,
}

/// What shape a quote has.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum QuoteKind {
    /// A whole quoted sentence or more.
    Full,
    /// A fragment embedded in the reporter's sentence.
    Partial,
    /// A quote that runs over several paragraphs.
    MultiParagraph,
    /// Quoted words that are not speech: a term, title or scare quote
    /// (only emitted with `--all-quotes`).
    NotSpeech,
}

/// Who said a quote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Speaker {
    /// The speaker's fullest name in the document (after resolving "he" or a
    /// surname).
    pub name: String,
    /// Index of the speaker's entity in [`Analysis::entities`], if any.
    #[serde(skip)]
    pub entity: Option<usize>,
    /// The mention the attribution used ("he", "Davis", "the ministry").
    pub mention: Span,
}

/// A direct quote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Quote {
    /// The quote with its quotation marks.
    #[serde(flatten)]
    pub span: Span,
    /// The quoted words without the outer marks.
    pub inner: Span,
    /// Full, partial, multi-paragraph or not speech.
    pub kind: QuoteKind,
    /// The speaker, or `None` when nobody can be named with confidence.
    pub speaker: Option<Speaker>,
    /// The speech verb ("said", "told").
    pub cue: Option<Span>,
    /// Whom it was said to ("told Al Jazeera").
    pub addressee: Option<Span>,
    /// Name of the attribution rule that found the speaker.
    pub rule: &'static str,
}

/// Everything quarry found in one document.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Analysis {
    /// The publication date used to resolve relative dates: the
    /// document's own, or one read from a dateline.
    pub date: Option<NaiveDate>,
    /// Where `date` came from.
    pub date_source: DateSource,
    /// Paragraphs.
    pub paragraphs: Vec<Paragraph>,
    /// Sentences.
    pub sentences: Vec<Sentence>,
    /// Tokens.
    pub tokens: Vec<Token>,
    /// Mentions of people, places and organisations, in text order.
    pub mentions: Vec<Mention>,
    /// Entities grouping the mentions.
    pub entities: Vec<Entity>,
    /// Date and time expressions.
    pub dates: Vec<DateMention>,
    /// Demonyms linked to places.
    pub demonyms: Vec<Demonym>,
    /// Direct quotes.
    pub quotes: Vec<Quote>,
    /// Problems found in the text that did not stop the analysis (an
    /// unbalanced quotation mark, a truncated document).
    pub warnings: Vec<String>,
}

impl Analysis {
    /// Fills `char_start`/`char_end` of every span from its byte offsets.
    ///
    /// One pass over the text: the byte offsets are collected, sorted and
    /// walked together with the text, so the cost is linear in the text plus
    /// `n log n` in the number of spans. For ASCII text the offsets agree and
    /// the walk is skipped.
    pub fn fill_char_offsets(&mut self, text: &str) {
        let ascii = text.is_ascii();
        let mut spans: Vec<&mut Span> = Vec::new();
        spans.extend(self.paragraphs.iter_mut().map(|p| &mut p.span));
        spans.extend(self.sentences.iter_mut().map(|s| &mut s.span));
        spans.extend(self.tokens.iter_mut().map(|t| &mut t.span));
        spans.extend(self.mentions.iter_mut().map(|m| &mut m.span));
        spans.extend(self.dates.iter_mut().map(|d| &mut d.span));
        spans.extend(self.demonyms.iter_mut().map(|d| &mut d.span));
        for q in &mut self.quotes {
            spans.push(&mut q.span);
            spans.push(&mut q.inner);
            if let Some(c) = q.cue.as_mut() {
                spans.push(c);
            }
            if let Some(a) = q.addressee.as_mut() {
                spans.push(a);
            }
            if let Some(s) = q.speaker.as_mut() {
                spans.push(&mut s.mention);
            }
        }
        if ascii {
            for s in spans {
                s.char_start = s.start;
                s.char_end = s.end;
            }
            return;
        }
        let index = CharIndex::new(text);
        for s in spans {
            s.char_start = index.char_offset(s.start);
            s.char_end = index.char_offset(s.end);
        }
    }
}

/// A static set of spans answering "does anything here overlap (or
/// contain) this span?" in O(log n), so stages that compare every candidate
/// with every other stay linear-logarithmic on huge documents.
#[derive(Clone, Debug, Default)]
pub struct SpanIndex {
    /// Spans sorted by start.
    spans: Vec<Span>,
    /// `max_end[i]` = the largest end among `spans[..=i]`.
    max_end: Vec<usize>,
}

impl SpanIndex {
    /// Indexes `spans` (any order, overlaps allowed).
    pub fn new(spans: impl IntoIterator<Item = Span>) -> SpanIndex {
        let mut spans: Vec<Span> = spans.into_iter().collect();
        spans.sort_by_key(|s| (s.start, s.end));
        let mut max_end = Vec::with_capacity(spans.len());
        let mut m = 0;
        for s in &spans {
            m = m.max(s.end);
            max_end.push(m);
        }
        SpanIndex { spans, max_end }
    }

    /// True when some indexed span shares a byte with `span`.
    pub fn overlaps(&self, span: &Span) -> bool {
        // Spans starting before `span` ends; one of them must reach past
        // its start.
        let i = self.spans.partition_point(|s| s.start < span.end);
        i > 0 && self.max_end[i - 1] > span.start && !span.is_empty()
    }

    /// True when some indexed span contains `span`.
    pub fn contains(&self, span: &Span) -> bool {
        let i = self.spans.partition_point(|s| s.start <= span.start);
        // Among spans starting at or before `span`, one must end at or
        // after its end; for overlapping sets scan back while the prefix
        // maximum allows it.
        let mut k = i;
        while k > 0 && self.max_end[k - 1] >= span.end {
            if self.spans[k - 1].end >= span.end {
                return true;
            }
            k -= 1;
        }
        false
    }

    /// True when `span` itself is indexed.
    pub fn has(&self, span: &Span) -> bool {
        self.spans
            .binary_search_by_key(&(span.start, span.end), |s| (s.start, s.end))
            .is_ok()
    }
}

/// Maps byte offsets to code point offsets in O(1) per look-up after a
/// linear scan, using one checkpoint every 64 bytes.
#[derive(Clone, Debug)]
pub struct CharIndex<'t> {
    text: &'t str,
    /// `checkpoints[i]` = number of code points before byte `i * 64`
    /// (rounded down to a char boundary).
    checkpoints: Vec<usize>,
}

const CHECKPOINT: usize = 64;

impl<'t> CharIndex<'t> {
    /// Builds the index for `text`.
    pub fn new(text: &'t str) -> CharIndex<'t> {
        let bytes = text.as_bytes();
        let mut checkpoints = Vec::with_capacity(bytes.len() / CHECKPOINT + 1);
        let mut count = 0usize;
        for block in bytes.chunks(CHECKPOINT) {
            checkpoints.push(count);
            // Count lead bytes only: continuation bytes are 0b10xxxxxx.
            // (A block at a time, so the compiler vectorises the count.)
            count += block.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        }
        CharIndex { text, checkpoints }
    }

    /// The code point offset of byte offset `byte` (which must be a char
    /// boundary or the text length).
    pub fn char_offset(&self, byte: usize) -> usize {
        let bytes = self.text.as_bytes();
        let block = byte / CHECKPOINT;
        let Some(&base) = self.checkpoints.get(block) else {
            // byte == len and len is a multiple of CHECKPOINT (or text empty).
            return self.text.chars().count();
        };
        let from = block * CHECKPOINT;
        base + bytes[from..byte]
            .iter()
            .filter(|&&b| (b & 0xC0) != 0x80)
            .count()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn char_index_matches_chars() {
        let text = "Zürich – “Ilkhamov” said 😀 in Kun.uz ".repeat(9);
        let index = CharIndex::new(&text);
        for (ci, (bi, _)) in text.char_indices().enumerate() {
            assert_eq!(index.char_offset(bi), ci);
        }
        assert_eq!(index.char_offset(text.len()), text.chars().count());
    }

    #[test]
    fn fill_char_offsets_slices_surface() {
        let text = "Über “Putin” said";
        let start = text.find("Putin").unwrap();
        let mut a = Analysis {
            mentions: vec![Mention {
                span: Span::new(start, start + 5),
                kind: EntityType::Person,
                entity: 0,
                source: Evidence::rule("test"),
            }],
            ..Analysis::default()
        };
        a.fill_char_offsets(text);
        let s = a.mentions[0].span;
        let chars: String = text
            .chars()
            .skip(s.char_start)
            .take(s.char_end - s.char_start)
            .collect();
        assert_eq!(chars, "Putin");
    }

    #[test]
    fn span_index_answers_like_a_scan() {
        let spans: Vec<Span> = [(0, 5), (3, 9), (12, 14), (20, 30), (22, 24)]
            .iter()
            .map(|&(a, b)| Span::new(a, b))
            .collect();
        let idx = SpanIndex::new(spans.clone());
        for a in 0..32 {
            for b in a..33 {
                let q = Span::new(a, b);
                let scan_overlap = !q.is_empty() && spans.iter().any(|s| s.overlaps(&q));
                let scan_contain = spans.iter().any(|s| s.contains(&q));
                assert_eq!(idx.overlaps(&q), scan_overlap, "{a}..{b}");
                assert_eq!(idx.contains(&q), scan_contain, "{a}..{b}");
                assert_eq!(idx.has(&q), spans.contains(&q));
            }
        }
    }

    #[test]
    fn entity_type_parse() {
        assert_eq!(EntityType::parse("gpe"), EntityType::Place);
        assert_eq!(EntityType::parse("PER"), EntityType::Person);
        assert_eq!(EntityType::parse("PRODUCT").as_str(), "PRODUCT");
    }
}
