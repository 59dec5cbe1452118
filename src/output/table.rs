//! The CSV tables: their columns, their rows, and how a cell is written.
//!
//! Takes an analysed document; gives rows of the four tables
//! (`documents`, `entities`, `mentions`, `quotes`) through a
//! [`TableWriter`]. Both CSV sinks — the directory of four files and the
//! single table on standard output — build their rows here, so the two can
//! never disagree on a column.
//!
//! The design decision: **cells are cleaned where they are written**, in
//! [`TableWriter::text`], not in the row code: spreadsheet safety (a leading
//! `'` before a formula, per OWASP), line-break replacement and the offset
//! unit are output settings, and the row code stays a plain list of columns.

use std::fmt::Write as _;
use std::io::{self, Write};

use super::offsets::Offsets;
use super::{date_source_str, quote_kind_str, Newlines, OutputOptions};
use crate::model::{Analysis, Document, RecordError, Span};

/// One of the four record types written as CSV.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Table {
    /// One row per document (and per unreadable record, with `error`).
    Documents,
    /// One row per entity.
    Entities,
    /// One row per mention of an entity, one per date expression (type
    /// `DATE`, its TIMEX3 value in `value`) and one per nationality word
    /// (type `DEMONYM`, the place it points to in `value`).
    Mentions,
    /// One row per quote.
    Quotes,
}

const DOC_HEADER: &[&str] = &[
    "doc_id",
    "date",
    "date_source",
    "entities",
    "mentions",
    "dates",
    "quotes",
    "error",
    "location",
    "body_start",
    "warnings",
];
const ENTITY_HEADER: &[&str] = &[
    "doc_id",
    "entity_id",
    "name",
    "type",
    "kb_id",
    "sex",
    "mention_count",
    "first_start",
];
const MENTION_HEADER: &[&str] = &[
    "doc_id",
    "entity_id",
    "type",
    "text",
    "start",
    "end",
    "byte_start",
    "byte_end",
    "value",
    "source",
];
const QUOTE_HEADER: &[&str] = &[
    "doc_id",
    "quote_id",
    "kind",
    "text",
    "start",
    "end",
    "byte_start",
    "byte_end",
    "speaker",
    "speaker_entity_id",
    "speaker_text",
    "speaker_start",
    "speaker_end",
    "cue",
    "addressee",
    "rule",
];

impl Table {
    /// All four, in the order the directory sink writes them.
    pub const ALL: [Table; 4] = [
        Table::Documents,
        Table::Entities,
        Table::Mentions,
        Table::Quotes,
    ];

    /// The file name in a CSV directory: `documents.csv`, ...
    pub fn file_name(self) -> &'static str {
        match self {
            Table::Documents => "documents.csv",
            Table::Entities => "entities.csv",
            Table::Mentions => "mentions.csv",
            Table::Quotes => "quotes.csv",
        }
    }

    /// The fixed columns (every table adds one per kept field after them).
    pub fn columns(self) -> &'static [&'static str] {
        match self {
            Table::Documents => DOC_HEADER,
            Table::Entities => ENTITY_HEADER,
            Table::Mentions => MENTION_HEADER,
            Table::Quotes => QUOTE_HEADER,
        }
    }
}

/// Maps a CSV error back to the I/O error inside it, so a closed pipe
/// stays a `BrokenPipe` all the way up to `main`.
pub(crate) fn csv_io(err: csv::Error) -> io::Error {
    if !err.is_io_error() {
        return io::Error::other(err);
    }
    match err.into_kind() {
        csv::ErrorKind::Io(e) => e,
        other => io::Error::other(format!("{other:?}")),
    }
}

/// True for cells a spreadsheet reads as a number (`-12.5`, `+3`, `1e6`),
/// which must not be neutralised: they are data, not formulas.
fn is_number(s: &str) -> bool {
    let b = s.as_bytes();
    let mut i = usize::from(matches!(b.first(), Some(b'+' | b'-')));
    let digits = |i: &mut usize| {
        let from = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i - from
    };
    let mut n = digits(&mut i);
    if b.get(i) == Some(&b'.') {
        i += 1;
        n += digits(&mut i);
    }
    if n == 0 {
        return false;
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if digits(&mut i) == 0 {
            return false;
        }
    }
    i == b.len()
}

/// True when a spreadsheet would read `s` as a formula (OWASP CSV
/// injection: a leading `=`, `+`, `-`, `@`, tab or carriage return).
fn is_formula(s: &str) -> bool {
    matches!(
        s.as_bytes().first(),
        Some(b'=' | b'+' | b'-' | b'@' | b'\t' | b'\r')
    ) && !is_number(s)
}

/// Writes rows of one table, cleaning each text cell as asked.
pub(crate) struct TableWriter<W: Write> {
    csv: csv::Writer<W>,
    excel: bool,
    newlines: Newlines,
    /// Reused for cleaned cells and formatted numbers.
    cell: String,
}

impl<W: Write> TableWriter<W> {
    /// Starts a table: the byte order mark (for Excel) and the header.
    pub(crate) fn new(mut out: W, table: Table, opts: &OutputOptions) -> io::Result<Self> {
        if opts.excel {
            // Excel reads a CSV file as the local code page unless it
            // starts with a UTF-8 byte order mark.
            out.write_all("\u{feff}".as_bytes())?;
        }
        let terminator = if opts.excel {
            csv::Terminator::CRLF
        } else {
            csv::Terminator::Any(b'\n')
        };
        let csv = csv::WriterBuilder::new()
            .terminator(terminator)
            .from_writer(out);
        let mut w = TableWriter {
            csv,
            excel: opts.excel,
            newlines: opts.newlines,
            cell: String::new(),
        };
        for col in table.columns() {
            w.text(col)?;
        }
        for col in &opts.meta_columns {
            w.text(col)?;
        }
        w.end()?;
        Ok(w)
    }

    /// A text cell.
    pub(crate) fn text(&mut self, s: &str) -> io::Result<()> {
        let replace = self.newlines == Newlines::Space && s.contains(['\n', '\r']);
        let quote = self.excel && is_formula(s);
        if !replace && !quote {
            return self.csv.write_field(s).map_err(csv_io);
        }
        self.cell.clear();
        if quote {
            self.cell.push('\'');
        }
        if replace {
            // A run of line breaks (a paragraph break, CRLF) is one space.
            let mut in_break = false;
            for c in s.chars() {
                if c == '\n' || c == '\r' {
                    if !in_break {
                        self.cell.push(' ');
                    }
                    in_break = true;
                } else {
                    self.cell.push(c);
                    in_break = false;
                }
            }
        } else {
            self.cell.push_str(s);
        }
        self.csv.write_field(&self.cell).map_err(csv_io)
    }

    /// A cell we format ourselves (a number, a date, an id such as `q3`):
    /// never a formula, so never neutralised.
    fn display(&mut self, v: impl std::fmt::Display) -> io::Result<()> {
        self.cell.clear();
        let _ = write!(self.cell, "{v}");
        self.csv.write_field(&self.cell).map_err(csv_io)
    }

    /// A number cell.
    pub(crate) fn num(&mut self, n: usize) -> io::Result<()> {
        self.display(n)
    }

    /// An optional number: empty when absent.
    fn opt_num(&mut self, n: Option<usize>) -> io::Result<()> {
        match n {
            Some(n) => self.num(n),
            None => self.text(""),
        }
    }

    /// Ends the row.
    pub(crate) fn end(&mut self) -> io::Result<()> {
        self.csv.write_record(None::<&[u8]>).map_err(csv_io)
    }

    /// Flushes to the underlying writer and flushes that.
    pub(crate) fn flush(&mut self) -> io::Result<()> {
        self.csv.flush()
    }

    /// The underlying writer, flushed.
    pub(crate) fn into_inner(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// The text under `span`, or nothing if the span does not fit the text
/// (output must not panic, whatever a stage produced).
fn surface(text: &str, span: Span) -> &str {
    text.get(span.start..span.end).unwrap_or("")
}

/// The kept fields' cells, at the end of every row of every table.
fn meta_cells<W: Write>(
    t: &mut TableWriter<W>,
    doc: &Document,
    opts: &OutputOptions,
) -> io::Result<()> {
    for col in &opts.meta_columns {
        match doc.meta.get(col) {
            None | Some(serde_json::Value::Null) => t.text("")?,
            Some(serde_json::Value::String(s)) => t.text(s)?,
            Some(v) => t.text(&v.to_string())?,
        }
    }
    Ok(())
}

/// Writes the rows `doc` contributes to `table`; `off` holds the offsets
/// of `doc`'s text (built once per document, shared by the tables).
pub(crate) fn write_document<W: Write>(
    t: &mut TableWriter<W>,
    table: Table,
    doc: &Document,
    a: &Analysis,
    off: &Offsets,
    opts: &OutputOptions,
) -> io::Result<()> {
    let text = doc.text.as_str();
    let id = doc.id.as_str();
    match table {
        Table::Documents => {
            t.text(id)?;
            match a.date {
                Some(d) => t.display(d)?,
                None => t.text("")?,
            }
            t.text(date_source_str(a.date_source))?;
            t.num(a.entities.len())?;
            t.num(a.mentions.len())?;
            t.num(a.dates.len())?;
            t.num(a.quotes.len())?;
            t.text("")?;
            t.text(&doc.location.to_string())?;
            let body = doc.body_start.min(text.len());
            let mut span = Span::new(body, body);
            span.char_start = text.get(..body).map_or(0, |t| t.chars().count());
            span.char_end = span.char_start;
            t.num(off.start_end(span).0)?;
            let mut warnings = doc.warnings.iter().chain(&a.warnings);
            match (warnings.next(), doc.warnings.len() + a.warnings.len()) {
                (None, _) => t.text("")?,
                (Some(w), 1) => t.text(w)?,
                (Some(w), _) => {
                    let mut all = w.clone();
                    for w in warnings {
                        all.push_str("; ");
                        all.push_str(w);
                    }
                    t.text(&all)?;
                }
            }
            meta_cells(t, doc, opts)?;
            t.end()
        }
        Table::Entities => {
            for e in &a.entities {
                t.text(id)?;
                t.text(&e.id)?;
                t.text(&e.name)?;
                t.text(e.kind.as_str())?;
                t.text(e.kb_id.as_deref().unwrap_or(""))?;
                t.text(super::sex_str(e.sex))?;
                t.num(e.mentions.len())?;
                let first = e.mentions.first().and_then(|&m| a.mentions.get(m));
                t.num(first.map_or(0, |m| off.start_end(m.span).0))?;
                meta_cells(t, doc, opts)?;
                t.end()?;
            }
            Ok(())
        }
        Table::Mentions => {
            for m in &a.mentions {
                let (s, e) = off.start_end(m.span);
                t.text(id)?;
                t.text(a.entities.get(m.entity).map_or("", |e| e.id.as_str()))?;
                t.text(m.kind.as_str())?;
                t.text(surface(text, m.span))?;
                t.num(s)?;
                t.num(e)?;
                t.num(m.span.start)?;
                t.num(m.span.end)?;
                t.text("")?;
                t.text(&m.source.0)?;
                meta_cells(t, doc, opts)?;
                t.end()?;
            }
            for d in &a.dates {
                let (s, e) = off.start_end(d.span);
                t.text(id)?;
                t.text("")?;
                t.text("DATE")?;
                t.text(surface(text, d.span))?;
                t.num(s)?;
                t.num(e)?;
                t.num(d.span.start)?;
                t.num(d.span.end)?;
                t.text(&d.value)?;
                t.text("rule:date")?;
                meta_cells(t, doc, opts)?;
                t.end()?;
            }
            // Nationality words: no entity of their own; the value is the
            // place they point to.
            for d in &a.demonyms {
                let (s, e) = off.start_end(d.span);
                t.text(id)?;
                t.text("")?;
                t.text("DEMONYM")?;
                t.text(surface(text, d.span))?;
                t.num(s)?;
                t.num(e)?;
                t.num(d.span.start)?;
                t.num(d.span.end)?;
                t.text(&d.place)?;
                t.text("gazetteer:demonym")?;
                meta_cells(t, doc, opts)?;
                t.end()?;
            }
            Ok(())
        }
        Table::Quotes => {
            for (n, q) in a.quotes.iter().enumerate() {
                let (s, e) = off.start_end(q.span);
                t.text(id)?;
                t.display(format_args!("q{}", n + 1))?;
                t.text(quote_kind_str(q.kind))?;
                t.text(surface(text, q.span))?;
                t.num(s)?;
                t.num(e)?;
                t.num(q.span.start)?;
                t.num(q.span.end)?;
                let sp = q.speaker.as_ref();
                t.text(sp.map_or("", |s| s.name.as_str()))?;
                t.text(
                    sp.and_then(|s| s.entity)
                        .and_then(|e| a.entities.get(e))
                        .map_or("", |e| e.id.as_str()),
                )?;
                t.text(sp.map_or("", |s| surface(text, s.mention)))?;
                let ms = sp.map(|s| off.start_end(s.mention));
                t.opt_num(ms.map(|m| m.0))?;
                t.opt_num(ms.map(|m| m.1))?;
                t.text(q.cue.map_or("", |c| surface(text, c)))?;
                t.text(q.addressee.map_or("", |c| surface(text, c)))?;
                t.text(q.rule)?;
                meta_cells(t, doc, opts)?;
                t.end()?;
            }
            Ok(())
        }
    }
}

/// Writes the row an unreadable record contributes to `table`: a
/// `documents` row with `error` and `location`, nothing elsewhere.
pub(crate) fn write_error<W: Write>(
    t: &mut TableWriter<W>,
    table: Table,
    err: &RecordError,
    opts: &OutputOptions,
) -> io::Result<()> {
    if table != Table::Documents {
        return Ok(());
    }
    t.text(err.id.as_deref().unwrap_or(""))?;
    for _ in 0..6 {
        t.text("")?;
    }
    t.text(&err.message)?;
    t.text(&err.location.to_string())?;
    t.text("")?;
    t.text("")?;
    for _ in &opts.meta_columns {
        t.text("")?;
    }
    t.end()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_not_formulas() {
        for s in ["-12.5", "+3", "-0", "1e6", "-2.5E-3", ".5", "-.5", "12."] {
            assert!(is_number(s), "{s}");
            assert!(!is_formula(s), "{s}");
        }
        for s in [
            "=HYPERLINK(\"http://x\",\"y\")",
            "+1+1",
            "-1-1",
            "@SUM(A1)",
            "\tx",
            "\r=1",
            "-",
            "-e5",
            "-inf",
            "-NaN",
        ] {
            assert!(is_formula(s), "{s}");
            assert!(!is_number(s), "{s}");
        }
        assert!(!is_number("1e") && !is_number("") && !is_number("."));
        assert!(!is_formula("Anna Weber"));
        assert!(!is_formula(""));
    }

    fn write_cells(opts: &OutputOptions, cells: &[&str]) -> String {
        let mut t = TableWriter::new(Vec::new(), Table::Entities, opts).unwrap();
        let width = Table::Entities.columns().len();
        for c in cells.iter().chain(std::iter::repeat(&"")).take(width) {
            t.text(c).unwrap();
        }
        t.end().unwrap();
        String::from_utf8(t.into_inner().unwrap()).unwrap()
    }

    #[test]
    fn excel_cells_are_neutralised_and_terminated_with_crlf() {
        let opts = OutputOptions {
            excel: true,
            ..OutputOptions::default()
        };
        let out = write_cells(&opts, &["=1+2", "-12.5", "a\nb"]);
        assert!(out.starts_with('\u{feff}'));
        assert!(out.ends_with("'=1+2,-12.5,\"a\nb\",,,,,\r\n"), "{out:?}");
    }

    #[test]
    fn newlines_become_one_space() {
        let opts = OutputOptions {
            newlines: Newlines::Space,
            ..OutputOptions::default()
        };
        let out = write_cells(&opts, &["one.\r\n\r\nTwo", "x\ny"]);
        assert!(out.ends_with("one. Two,x y,,,,,,\n"), "{out:?}");
    }
}
