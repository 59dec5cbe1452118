//! Output: sinks that write analyses as JSON Lines or CSV.
//!
//! Takes a [`Document`] and its [`Analysis`] (or a [`RecordError`]); writes
//! records. Finding and printing are separate, as in ripgrep's `Sink`: the
//! pipeline calls [`Sink::document`] in input order and does not know the
//! format.
//!
//! The design decision: **records are serialised from borrowed views**
//! ([`DocRecord`] and friends) over the document text, so no surface string
//! is copied to be printed. Every span is written with code point offsets
//! (`start`, `end`, what Python and the scorers use) and byte offsets
//! (`byte_start`, `byte_end`).

mod csv_dir;

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{
    Analysis, DateMention, DateSource, Demonym, Document, Entity, Mention, Quote, QuoteKind,
    RecordError, Span,
};

pub use csv_dir::CsvDirSink;

/// Receives results in input order.
pub trait Sink {
    /// One analysed document.
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> io::Result<()>;
    /// One record that could not be read.
    fn error(&mut self, err: &RecordError) -> io::Result<()>;
    /// The run is over: flush, close, rename into place.
    fn finish(&mut self) -> io::Result<()>;
}

/// A span with its surface text, for output.
#[derive(Serialize)]
pub struct SpanText<'a> {
    /// Code point start.
    pub start: usize,
    /// Code point end.
    pub end: usize,
    /// Byte start.
    pub byte_start: usize,
    /// Byte end.
    pub byte_end: usize,
    /// The surface text.
    pub text: &'a str,
}

impl<'a> SpanText<'a> {
    /// The view of `span` over `text`.
    pub fn new(text: &'a str, span: Span) -> SpanText<'a> {
        SpanText {
            start: span.char_start,
            end: span.char_end,
            byte_start: span.start,
            byte_end: span.end,
            text: text.get(span.start..span.end).unwrap_or(""),
        }
    }
}

/// An entity as written.
#[derive(Serialize)]
pub struct EntityRecord<'a> {
    /// `e1`, `e2`, ...
    pub id: &'a str,
    /// Canonical name.
    pub name: &'a str,
    /// PERSON, PLACE, ORG or a custom type.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Gazetteer id.
    pub kb_id: Option<&'a str>,
    /// Sex hint for people.
    pub sex: Option<&'static str>,
    /// Number of mentions.
    pub mention_count: usize,
    /// Code point offset of the first mention.
    pub first_start: usize,
}

impl<'a> EntityRecord<'a> {
    /// The view of entity `e`.
    pub fn new(e: &'a Entity, mentions: &[Mention]) -> EntityRecord<'a> {
        EntityRecord {
            id: &e.id,
            name: &e.name,
            kind: e.kind.as_str(),
            kb_id: e.kb_id.as_deref(),
            sex: e.sex.map(|s| match s {
                crate::model::Sex::Male => "m",
                crate::model::Sex::Female => "f",
            }),
            mention_count: e.mentions.len(),
            first_start: e
                .mentions
                .first()
                .map(|&m| mentions[m].span.char_start)
                .unwrap_or(0),
        }
    }
}

/// A mention as written.
#[derive(Serialize)]
pub struct MentionRecord<'a> {
    /// Where and what.
    #[serde(flatten)]
    pub span: SpanText<'a>,
    /// Its type.
    #[serde(rename = "type")]
    pub kind: &'a str,
    /// Its entity's id.
    pub entity: &'a str,
    /// The list or rule that found it.
    pub source: &'a str,
}

/// A date as written.
#[derive(Serialize)]
pub struct DateRecord<'a> {
    /// Where and what.
    #[serde(flatten)]
    pub span: SpanText<'a>,
    /// TIMEX3 value.
    pub value: &'a str,
    /// DATE or TIME.
    pub timex_type: crate::model::TimexType,
    /// START, MID, END, APPROX.
    #[serde(rename = "mod", skip_serializing_if = "Option::is_none")]
    pub modifier: Option<crate::model::TimexMod>,
}

impl<'a> DateRecord<'a> {
    /// The view of a date mention.
    pub fn new(text: &'a str, d: &'a DateMention) -> DateRecord<'a> {
        DateRecord {
            span: SpanText::new(text, d.span),
            value: &d.value,
            timex_type: d.kind,
            modifier: d.modifier,
        }
    }
}

/// A demonym as written.
#[derive(Serialize)]
pub struct DemonymRecord<'a> {
    /// Where and what.
    #[serde(flatten)]
    pub span: SpanText<'a>,
    /// The place it refers to.
    pub place: &'a str,
    /// The place's gazetteer id.
    pub kb_id: Option<&'a str>,
}

impl<'a> DemonymRecord<'a> {
    /// The view of a demonym.
    pub fn new(text: &'a str, d: &'a Demonym) -> DemonymRecord<'a> {
        DemonymRecord {
            span: SpanText::new(text, d.span),
            place: &d.place,
            kb_id: d.kb_id.as_deref(),
        }
    }
}

/// A quote as written.
#[derive(Serialize)]
pub struct QuoteRecord<'a> {
    /// `q1`, `q2`, ...
    pub id: String,
    /// The quote with its marks.
    #[serde(flatten)]
    pub span: SpanText<'a>,
    /// The words without the outer marks.
    pub inner: SpanText<'a>,
    /// full, partial, multi_paragraph, not_speech.
    pub kind: QuoteKind,
    /// The speaker's name.
    pub speaker: Option<&'a str>,
    /// The speaker's entity id.
    pub speaker_entity: Option<&'a str>,
    /// The mention the attribution used.
    pub speaker_mention: Option<SpanText<'a>>,
    /// The speech verb.
    pub cue: Option<SpanText<'a>>,
    /// Whom it was said to.
    pub addressee: Option<SpanText<'a>>,
    /// The attribution rule.
    pub rule: &'a str,
}

impl<'a> QuoteRecord<'a> {
    /// The view of quote number `n` (0-based).
    pub fn new(text: &'a str, n: usize, q: &'a Quote, entities: &'a [Entity]) -> QuoteRecord<'a> {
        QuoteRecord {
            id: format!("q{}", n + 1),
            span: SpanText::new(text, q.span),
            inner: SpanText::new(text, q.inner),
            kind: q.kind,
            speaker: q.speaker.as_ref().map(|s| s.name.as_str()),
            speaker_entity: q
                .speaker
                .as_ref()
                .and_then(|s| s.entity)
                .and_then(|e| entities.get(e))
                .map(|e| e.id.as_str()),
            speaker_mention: q.speaker.as_ref().map(|s| SpanText::new(text, s.mention)),
            cue: q.cue.map(|c| SpanText::new(text, c)),
            addressee: q.addressee.map(|c| SpanText::new(text, c)),
            rule: q.rule,
        }
    }
}

/// One document as one JSON line.
#[derive(Serialize)]
pub struct DocRecord<'a> {
    /// Document id.
    pub id: &'a str,
    /// Publication date used (`YYYY-MM-DD`).
    pub date: Option<chrono::NaiveDate>,
    /// Where the date came from.
    pub date_source: DateSource,
    /// Fields kept from the input.
    #[serde(skip_serializing_if = "serde_json::Map::is_empty")]
    pub meta: &'a serde_json::Map<String, serde_json::Value>,
    /// Entities.
    pub entities: Vec<EntityRecord<'a>>,
    /// Mentions of entities.
    pub mentions: Vec<MentionRecord<'a>>,
    /// Dates.
    pub dates: Vec<DateRecord<'a>>,
    /// Demonyms.
    pub demonyms: Vec<DemonymRecord<'a>>,
    /// Quotes.
    pub quotes: Vec<QuoteRecord<'a>>,
    /// Problems noticed in the text.
    #[serde(skip_serializing_if = "<[String]>::is_empty")]
    pub warnings: &'a [String],
    /// Segments, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<Segments<'a>>,
}

/// Paragraphs, sentences and tokens, for `--segments`.
#[derive(Serialize)]
pub struct Segments<'a> {
    /// Paragraph spans.
    pub paragraphs: Vec<SpanText<'a>>,
    /// Sentence spans.
    pub sentences: Vec<SpanText<'a>>,
    /// Token spans.
    pub tokens: Vec<SpanText<'a>>,
}

impl<'a> DocRecord<'a> {
    /// The view of one analysed document.
    pub fn new(doc: &'a Document, a: &'a Analysis) -> DocRecord<'a> {
        let text = doc.text.as_str();
        let segments = (!a.tokens.is_empty() || !a.paragraphs.is_empty()).then(|| Segments {
            paragraphs: a
                .paragraphs
                .iter()
                .map(|p| SpanText::new(text, p.span))
                .collect(),
            sentences: a
                .sentences
                .iter()
                .map(|s| SpanText::new(text, s.span))
                .collect(),
            tokens: a
                .tokens
                .iter()
                .map(|t| SpanText::new(text, t.span))
                .collect(),
        });
        DocRecord {
            id: &doc.id,
            date: a.date,
            date_source: a.date_source,
            meta: &doc.meta,
            entities: a
                .entities
                .iter()
                .map(|e| EntityRecord::new(e, &a.mentions))
                .collect(),
            mentions: a
                .mentions
                .iter()
                .map(|m| MentionRecord {
                    span: SpanText::new(text, m.span),
                    kind: m.kind.as_str(),
                    entity: a
                        .entities
                        .get(m.entity)
                        .map(|e| e.id.as_str())
                        .unwrap_or(""),
                    source: &m.source.0,
                })
                .collect(),
            dates: a.dates.iter().map(|d| DateRecord::new(text, d)).collect(),
            demonyms: a
                .demonyms
                .iter()
                .map(|d| DemonymRecord::new(text, d))
                .collect(),
            quotes: a
                .quotes
                .iter()
                .enumerate()
                .map(|(n, q)| QuoteRecord::new(text, n, q, &a.entities))
                .collect(),
            warnings: &a.warnings,
            segments,
        }
    }
}

/// An error record, written in place of a document that could not be read.
#[derive(Serialize)]
pub struct ErrorRecord<'a> {
    /// The record's id, if known.
    pub id: Option<&'a str>,
    /// What went wrong.
    pub error: &'a str,
    /// `file:line`.
    pub location: String,
}

/// Writes one JSON object per line.
#[derive(Debug)]
pub struct JsonlSink<W: Write> {
    out: W,
    error_records: bool,
}

impl<W: Write> JsonlSink<W> {
    /// A sink writing to `out`. With `error_records`, unreadable records
    /// become `{"id", "error", "location"}` lines, so line counts in and
    /// out agree (pipe mode).
    pub fn new(out: W, error_records: bool) -> JsonlSink<W> {
        JsonlSink { out, error_records }
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out
    }
}

impl<W: Write> Sink for JsonlSink<W> {
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> io::Result<()> {
        serde_json::to_writer(&mut self.out, &DocRecord::new(doc, analysis))?;
        self.out.write_all(b"\n")
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        if !self.error_records {
            return Ok(());
        }
        let rec = ErrorRecord {
            id: err.id.as_deref(),
            error: &err.message,
            location: err.location.to_string(),
        };
        serde_json::to_writer(&mut self.out, &rec)?;
        self.out.write_all(b"\n")
    }

    fn finish(&mut self) -> io::Result<()> {
        self.out.flush()
    }
}

/// Keeps everything in memory, for tests and library users.
#[derive(Debug, Default)]
pub struct MemorySink {
    /// Documents and their analyses, in order.
    pub documents: Vec<(Document, Analysis)>,
    /// Record errors, in order.
    pub errors: Vec<RecordError>,
}

impl Sink for MemorySink {
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> io::Result<()> {
        self.documents.push((doc.clone(), analysis.clone()));
        Ok(())
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        self.errors.push(err.clone());
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        Ok(())
    }
}
