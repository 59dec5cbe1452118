//! Output: sinks that write analyses as JSON Lines, a JSON array or CSV.
//!
//! Takes a [`Document`] and its [`Analysis`] (or a [`RecordError`]); writes
//! records. Finding and printing are separate, as in ripgrep's `Sink`: the
//! pipeline calls [`Sink::document`] in input order and does not know the
//! format. The sinks: [`JsonSink`] (JSON Lines, or one JSON array streamed
//! record by record), [`CsvDirSink`] (four tables in a directory) and
//! [`CsvSink`] (one table to any writer); [`MemorySink`] keeps everything
//! for tests. [`Destination`] is standard output or a file that appears
//! only when the run completes.
//!
//! The design decision: **records are serialised from borrowed views**
//! ([`DocRecord`] and friends) over the document text, so no surface string
//! is copied to be printed. Every JSON span has code point offsets
//! (`start`, `end`, what Python and the scorers use) and byte offsets
//! (`byte_start`, `byte_end`); UTF-16 offsets are added on request
//! ([`OffsetMode::Utf16`]), computed here from the text, never by the
//! stages.

mod csv_dir;
mod csv_table;
mod dest;
mod json;
mod offsets;
mod table;

use std::io::{self, Write};

use serde::Serialize;

use crate::model::{
    Analysis, DateMention, DateSource, Demonym, Document, Entity, Mention, Quote, QuoteKind,
    RecordError, Sex, Span,
};

pub use csv_dir::CsvDirSink;
pub use csv_table::CsvSink;
pub use dest::{AtomicFile, Destination};
pub use offsets::{OffsetMode, Utf16Index};
pub use table::Table;

/// Serialises one document's record into bytes. A sink that has one (see
/// [`Sink::renderer`]) lets the pipeline run it on its worker threads, so
/// serialisation is parallel and the writer only copies bytes.
pub type Renderer =
    std::sync::Arc<dyn Fn(&Document, &Analysis, &mut Vec<u8>) -> io::Result<()> + Send + Sync>;

/// Receives results in input order.
pub trait Sink {
    /// One analysed document.
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> io::Result<()>;
    /// A serialiser that may run on any thread ahead of
    /// [`Sink::document_rendered`]; `None` (the default) when the sink
    /// writes from the analysis itself.
    fn renderer(&self) -> Option<Renderer> {
        None
    }
    /// One analysed document whose record [`Sink::renderer`] has already
    /// serialised into `rendered`. The default ignores the bytes.
    fn document_rendered(
        &mut self,
        doc: &Document,
        analysis: &Analysis,
        rendered: &[u8],
    ) -> io::Result<()> {
        let _ = rendered;
        self.document(doc, analysis)
    }
    /// One record that could not be read.
    fn error(&mut self, err: &RecordError) -> io::Result<()>;
    /// The run is over: flush, close, rename into place.
    fn finish(&mut self) -> io::Result<()>;
}

/// What to do with line breaks inside CSV cells.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Newlines {
    /// Keep them inside the quoted field (valid CSV; Excel shows them as
    /// line breaks within the cell).
    #[default]
    Keep,
    /// Replace each run of line breaks by one space, for tools that read
    /// CSV a line at a time.
    Space,
}

/// How records are written. Built by the CLI from flags.
#[derive(Clone, Debug, Default)]
pub struct OutputOptions {
    /// The unit of CSV `start`/`end`; with [`OffsetMode::Utf16`], JSON spans
    /// also get `utf16_start`/`utf16_end`.
    pub offsets: OffsetMode,
    /// JSON: write an `{"id", "error", "location"}` record for each
    /// unreadable record, so records in and out correspond (pipe mode).
    /// The CSV `documents` table always has these rows.
    pub error_records: bool,
    /// CSV for spreadsheets: a UTF-8 byte order mark, CRLF line ends, and
    /// a `'` before any cell a spreadsheet would run as a formula.
    pub excel: bool,
    /// Line breaks inside CSV cells.
    pub newlines: Newlines,
    /// Fields kept from the input (`meta`), one extra column each at the
    /// end of every CSV table (after the fixed columns).
    pub meta_columns: Vec<String>,
}

/// The JSON and CSV spelling of a date source.
pub(crate) fn date_source_str(s: DateSource) -> &'static str {
    match s {
        DateSource::Field => "field",
        DateSource::Option => "option",
        DateSource::Dateline => "dateline",
        DateSource::None => "none",
    }
}

/// The JSON and CSV spelling of a quote kind.
pub(crate) fn quote_kind_str(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Full => "full",
        QuoteKind::Partial => "partial",
        QuoteKind::MultiParagraph => "multi_paragraph",
        QuoteKind::NotSpeech => "not_speech",
    }
}

/// The JSON and CSV spelling of a sex hint (empty when unknown).
pub(crate) fn sex_str(s: Option<Sex>) -> &'static str {
    match s {
        Some(Sex::Male) => "m",
        Some(Sex::Female) => "f",
        None => "",
    }
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
    /// UTF-16 code unit start (with [`OffsetMode::Utf16`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utf16_start: Option<usize>,
    /// UTF-16 code unit end (with [`OffsetMode::Utf16`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub utf16_end: Option<usize>,
    /// The surface text.
    pub text: &'a str,
}

impl<'a> SpanText<'a> {
    /// The view of `span` over `text`, with UTF-16 offsets when `utf16` is
    /// given (an index of the same text).
    pub fn new(text: &'a str, span: Span, utf16: Option<&Utf16Index>) -> SpanText<'a> {
        SpanText {
            start: span.char_start,
            end: span.char_end,
            byte_start: span.start,
            byte_end: span.end,
            utf16_start: utf16.map(|u| u.offset(span.start, span.char_start)),
            utf16_end: utf16.map(|u| u.offset(span.end, span.char_end)),
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
            sex: e.sex.map(|s| sex_str(Some(s))),
            mention_count: e.mentions.len(),
            first_start: e
                .mentions
                .first()
                .and_then(|&m| mentions.get(m))
                .map_or(0, |m| m.span.char_start),
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
    pub fn new(text: &'a str, d: &'a DateMention, utf16: Option<&Utf16Index>) -> DateRecord<'a> {
        DateRecord {
            span: SpanText::new(text, d.span, utf16),
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
    pub fn new(text: &'a str, d: &'a Demonym, utf16: Option<&Utf16Index>) -> DemonymRecord<'a> {
        DemonymRecord {
            span: SpanText::new(text, d.span, utf16),
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
    pub fn new(
        text: &'a str,
        n: usize,
        q: &'a Quote,
        entities: &'a [Entity],
        utf16: Option<&Utf16Index>,
    ) -> QuoteRecord<'a> {
        QuoteRecord {
            id: format!("q{}", n + 1),
            span: SpanText::new(text, q.span, utf16),
            inner: SpanText::new(text, q.inner, utf16),
            kind: q.kind,
            speaker: q.speaker.as_ref().map(|s| s.name.as_str()),
            speaker_entity: q
                .speaker
                .as_ref()
                .and_then(|s| s.entity)
                .and_then(|e| entities.get(e))
                .map(|e| e.id.as_str()),
            speaker_mention: q
                .speaker
                .as_ref()
                .map(|s| SpanText::new(text, s.mention, utf16)),
            cue: q.cue.map(|c| SpanText::new(text, c, utf16)),
            addressee: q.addressee.map(|c| SpanText::new(text, c, utf16)),
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
    /// Code point offset in the analysed text where the input's text field
    /// starts: 0, or past the title `--title-field` prepended.
    pub body_start: usize,
    /// The same in UTF-8 bytes.
    pub body_byte_start: usize,
    /// How many of each were found.
    pub counts: Counts,
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
    /// Problems met reading the record (a truncated text, an unreadable
    /// date field), then problems noticed in the text.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub warnings: Vec<&'a str>,
    /// Segments, when asked for.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub segments: Option<Segments<'a>>,
}

/// How many entities, mentions, dates and quotes a document has.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Counts {
    /// Distinct entities.
    pub entities: usize,
    /// Entity mentions.
    pub mentions: usize,
    /// Date expressions.
    pub dates: usize,
    /// Quotes.
    pub quotes: usize,
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
    /// The view of one analysed document. `utf16`, an index of the
    /// document's text, adds UTF-16 offsets to every span.
    pub fn new(doc: &'a Document, a: &'a Analysis, utf16: Option<&Utf16Index>) -> DocRecord<'a> {
        let text = doc.text.as_str();
        let segments = (!a.tokens.is_empty() || !a.paragraphs.is_empty()).then(|| Segments {
            paragraphs: a
                .paragraphs
                .iter()
                .map(|p| SpanText::new(text, p.span, utf16))
                .collect(),
            sentences: a
                .sentences
                .iter()
                .map(|s| SpanText::new(text, s.span, utf16))
                .collect(),
            tokens: a
                .tokens
                .iter()
                .map(|t| SpanText::new(text, t.span, utf16))
                .collect(),
        });
        let body_byte_start = doc.body_start.min(text.len());
        DocRecord {
            id: &doc.id,
            date: a.date,
            date_source: a.date_source,
            body_start: text.get(..body_byte_start).map_or(0, |t| t.chars().count()),
            body_byte_start,
            counts: Counts {
                entities: a.entities.len(),
                mentions: a.mentions.len(),
                dates: a.dates.len(),
                quotes: a.quotes.len(),
            },
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
                    span: SpanText::new(text, m.span, utf16),
                    kind: m.kind.as_str(),
                    entity: a
                        .entities
                        .get(m.entity)
                        .map(|e| e.id.as_str())
                        .unwrap_or(""),
                    source: &m.source.0,
                })
                .collect(),
            dates: a
                .dates
                .iter()
                .map(|d| DateRecord::new(text, d, utf16))
                .collect(),
            demonyms: a
                .demonyms
                .iter()
                .map(|d| DemonymRecord::new(text, d, utf16))
                .collect(),
            quotes: a
                .quotes
                .iter()
                .enumerate()
                .map(|(n, q)| QuoteRecord::new(text, n, q, &a.entities, utf16))
                .collect(),
            warnings: doc
                .warnings
                .iter()
                .chain(&a.warnings)
                .map(String::as_str)
                .collect(),
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

/// Writes JSON: one object per line, or one array streamed an element at
/// a time (`[` before the first record, `,` between, `]` at the end), so
/// memory never depends on the size of the run.
#[derive(Debug)]
pub struct JsonSink<W: Write> {
    out: W,
    error_records: bool,
    utf16: bool,
    array: bool,
    /// Records written so far (the array needs to know the first).
    written: u64,
}

impl<W: Write> JsonSink<W> {
    /// JSON Lines: one document per line.
    pub fn lines(out: W, opts: &OutputOptions) -> JsonSink<W> {
        JsonSink {
            out,
            error_records: opts.error_records,
            utf16: opts.offsets == OffsetMode::Utf16,
            array: false,
            written: 0,
        }
    }

    /// One JSON array of documents, one element per line.
    pub fn array(out: W, opts: &OutputOptions) -> JsonSink<W> {
        JsonSink {
            array: true,
            ..JsonSink::lines(out, opts)
        }
    }

    /// The writer back.
    pub fn into_inner(self) -> W {
        self.out
    }

    fn before_record(&mut self) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[\n" } else { b",\n" })?;
        }
        self.written += 1;
        Ok(())
    }

    fn after_record(&mut self) -> io::Result<()> {
        if self.array {
            Ok(())
        } else {
            self.out.write_all(b"\n")
        }
    }
}

/// Writes one document's JSON object (no separator, no line end) into
/// `out`: what `serde_json` writes for its [`DocRecord`], by the faster
/// encoder of `output/json.rs`.
fn render_doc_json(
    out: &mut Vec<u8>,
    doc: &Document,
    analysis: &Analysis,
    utf16: bool,
) -> io::Result<()> {
    let index = utf16.then(|| Utf16Index::new(&doc.text));
    json::write_doc(out, &DocRecord::new(doc, analysis, index.as_ref()))
}

impl<W: Write> Sink for JsonSink<W> {
    fn document(&mut self, doc: &Document, analysis: &Analysis) -> io::Result<()> {
        let mut buf = Vec::new();
        render_doc_json(&mut buf, doc, analysis, self.utf16)?;
        self.before_record()?;
        self.out.write_all(&buf)?;
        self.after_record()
    }

    fn renderer(&self) -> Option<Renderer> {
        let utf16 = self.utf16;
        Some(std::sync::Arc::new(move |doc, analysis, buf| {
            render_doc_json(buf, doc, analysis, utf16)
        }))
    }

    fn document_rendered(&mut self, _: &Document, _: &Analysis, rendered: &[u8]) -> io::Result<()> {
        self.before_record()?;
        self.out.write_all(rendered)?;
        self.after_record()
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
        self.before_record()?;
        serde_json::to_writer(&mut self.out, &rec)?;
        self.after_record()
    }

    fn finish(&mut self) -> io::Result<()> {
        if self.array {
            self.out
                .write_all(if self.written == 0 { b"[]\n" } else { b"\n]\n" })?;
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{EntityType, Evidence, Speaker, TimexType};
    use proptest::prelude::*;

    /// A span anywhere in or past `len` bytes, boundaries or not.
    fn span(len: usize, a: usize, b: usize) -> Span {
        let (a, b) = (a % (len + 3), b % (len + 3));
        let mut s = Span::new(a.min(b), a.max(b));
        s.char_start = s.start;
        s.char_end = s.end;
        s
    }

    /// An analysis whose spans and indexes need not fit the text: the
    /// sinks must write something, never panic.
    fn wild_analysis(text: &str, n: &[usize]) -> Analysis {
        let len = text.len();
        let at = |i: usize| n.get(i).copied().unwrap_or(i);
        Analysis {
            mentions: (0..3)
                .map(|i| Mention {
                    span: span(len, at(i), at(i + 1)),
                    kind: EntityType::Person,
                    entity: at(i + 2) % 4,
                    source: Evidence::rule("test"),
                })
                .collect(),
            entities: vec![Entity {
                id: "e1".into(),
                name: "=x".into(),
                kind: EntityType::Person,
                kb_id: None,
                sex: None,
                mentions: vec![at(3) % 5],
            }],
            dates: vec![DateMention {
                span: span(len, at(4), at(5)),
                value: "2023".into(),
                kind: TimexType::Date,
                modifier: None,
            }],
            quotes: vec![Quote {
                span: span(len, at(6), at(7)),
                inner: span(len, at(7), at(8)),
                kind: QuoteKind::Full,
                speaker: Some(Speaker {
                    name: "-1".into(),
                    entity: Some(at(9) % 3),
                    mention: span(len, at(9), at(10)),
                }),
                cue: Some(span(len, at(10), at(11))),
                addressee: None,
                rule: "test",
            }],
            ..Analysis::default()
        }
    }

    proptest! {
        #[test]
        fn json_encoder_writes_what_serde_json_writes(
            text in "\\PC{0,40}",
            n in prop::collection::vec(0usize..64, 12),
            utf16 in any::<bool>(),
            extras in any::<bool>(),
        ) {
            let mut doc = Document { id: "d\"1".into(), text: text.clone(), ..Document::default() };
            let mut a = wild_analysis(&text, &n);
            if extras {
                // Every optional part: kept fields, warnings, segments, a
                // date, a modifier, a demonym, an addressee, a kb id.
                doc.meta.insert("source".into(), serde_json::json!({"a": [1, 2.5, null, "x\ny"]}));
                doc.warnings.push("text truncated".into());
                doc.date = chrono::NaiveDate::from_ymd_opt(2022, 12, 8);
                doc.date_source = DateSource::Field;
                a.paragraphs.push(crate::model::Paragraph { span: span(text.len(), n[0], n[1]) });
                a.tokens.push(crate::model::Token { span: span(text.len(), n[2], n[3]), kind: crate::model::TokenKind::Word });
                a.dates[0].modifier = Some(crate::model::TimexMod::Approx);
                a.demonyms.push(Demonym {
                    span: span(text.len(), n[4], n[5]),
                    place: "Uzbekistan".into(),
                    kb_id: Some("Q265".into()),
                });
                a.quotes[0].addressee = Some(span(text.len(), n[6], n[7]));
                a.entities[0].kb_id = Some("slug:x".into());
                a.entities[0].sex = Some(Sex::Female);
            }
            let index = utf16.then(|| Utf16Index::new(&doc.text));
            let rec = DocRecord::new(&doc, &a, index.as_ref());
            let mut ours = Vec::new();
            json::write_doc(&mut ours, &rec).unwrap();
            let theirs = serde_json::to_vec(&rec).unwrap();
            prop_assert_eq!(String::from_utf8_lossy(&ours), String::from_utf8_lossy(&theirs));
        }

        #[test]
        fn sinks_never_panic(text in "\\PC{0,40}", n in prop::collection::vec(0usize..64, 12)) {
            let doc = Document { id: "d".into(), text: text.clone(), ..Document::default() };
            let a = wild_analysis(&text, &n);
            for offsets in [OffsetMode::Char, OffsetMode::Byte, OffsetMode::Utf16] {
                let opts = OutputOptions {
                    offsets,
                    excel: true,
                    newlines: Newlines::Space,
                    ..OutputOptions::default()
                };
                let mut json = JsonSink::array(Vec::new(), &opts);
                json.document(&doc, &a).unwrap();
                json.finish().unwrap();
                let v: serde_json::Value = serde_json::from_slice(&json.into_inner()).unwrap();
                prop_assert_eq!(v.as_array().map(Vec::len), Some(1));
                for table in Table::ALL {
                    let mut csv = CsvSink::new(Vec::new(), table, &opts).unwrap();
                    csv.document(&doc, &a).unwrap();
                    csv.finish().unwrap();
                }
            }
        }
    }
}
