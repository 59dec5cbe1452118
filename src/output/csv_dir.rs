//! A directory of CSV files, one per record type: `documents.csv`,
//! `entities.csv`, `mentions.csv` (dates included, with their `value`) and
//! `quotes.csv`. Every file starts with `doc_id`; columns are stable
//! snake_case names.
//!
//! Files are written under a temporary name and renamed into place by
//! [`Sink::finish`], so a killed run never leaves a half file that looks
//! complete.

use std::fs::{self, File};
use std::io::{self, BufWriter};
use std::path::{Path, PathBuf};

use super::Sink;
use crate::model::{Analysis, Document, RecordError, Span};

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

struct Table {
    tmp: PathBuf,
    path: PathBuf,
    writer: csv::Writer<BufWriter<File>>,
}

impl Table {
    fn create(dir: &Path, name: &str, header: &[&str]) -> io::Result<Table> {
        let path = dir.join(name);
        let tmp = dir.join(format!(".{name}.tmp"));
        let file = File::create(&tmp)?;
        let mut writer = csv::Writer::from_writer(BufWriter::new(file));
        writer.write_record(header).map_err(io::Error::other)?;
        Ok(Table { tmp, path, writer })
    }

    fn row<I, T>(&mut self, fields: I) -> io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        self.writer.write_record(fields).map_err(io::Error::other)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()?;
        fs::rename(&self.tmp, &self.path)
    }
}

/// Writes the four CSV files into a directory.
pub struct CsvDirSink {
    documents: Table,
    entities: Table,
    mentions: Table,
    quotes: Table,
}

impl std::fmt::Debug for CsvDirSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvDirSink")
            .field("dir", &self.documents.path.parent())
            .finish()
    }
}

fn span_cols(s: Span) -> [String; 4] {
    [
        s.char_start.to_string(),
        s.char_end.to_string(),
        s.start.to_string(),
        s.end.to_string(),
    ]
}

impl CsvDirSink {
    /// Creates `dir` if needed and opens the four files (under temporary
    /// names).
    pub fn create(dir: &Path) -> io::Result<CsvDirSink> {
        fs::create_dir_all(dir)?;
        Ok(CsvDirSink {
            documents: Table::create(dir, "documents.csv", DOC_HEADER)?,
            entities: Table::create(dir, "entities.csv", ENTITY_HEADER)?,
            mentions: Table::create(dir, "mentions.csv", MENTION_HEADER)?,
            quotes: Table::create(dir, "quotes.csv", QUOTE_HEADER)?,
        })
    }
}

impl Sink for CsvDirSink {
    fn document(&mut self, doc: &Document, a: &Analysis) -> io::Result<()> {
        let text = doc.text.as_str();
        let id = doc.id.as_str();
        let date = a.date.map(|d| d.to_string()).unwrap_or_default();
        let source = serde_json::to_value(a.date_source)
            .ok()
            .and_then(|v| v.as_str().map(str::to_string))
            .unwrap_or_default();
        self.documents.row([
            id,
            &date,
            &source,
            &a.entities.len().to_string(),
            &a.mentions.len().to_string(),
            &a.dates.len().to_string(),
            &a.quotes.len().to_string(),
            "",
            &doc.location.to_string(),
        ])?;
        for e in &a.entities {
            let r = super::EntityRecord::new(e, &a.mentions);
            self.entities.row([
                id,
                r.id,
                r.name,
                r.kind,
                r.kb_id.unwrap_or(""),
                r.sex.unwrap_or(""),
                &r.mention_count.to_string(),
                &r.first_start.to_string(),
            ])?;
        }
        for m in &a.mentions {
            let [cs, ce, bs, be] = span_cols(m.span);
            let eid = a
                .entities
                .get(m.entity)
                .map(|e| e.id.as_str())
                .unwrap_or("");
            self.mentions.row([
                id,
                eid,
                m.kind.as_str(),
                m.span.slice(text),
                &cs,
                &ce,
                &bs,
                &be,
                "",
                &m.source.0,
            ])?;
        }
        for d in &a.dates {
            let [cs, ce, bs, be] = span_cols(d.span);
            self.mentions.row([
                id,
                "",
                "DATE",
                d.span.slice(text),
                &cs,
                &ce,
                &bs,
                &be,
                &d.value,
                "rule:date",
            ])?;
        }
        for (n, q) in a.quotes.iter().enumerate() {
            let r = super::QuoteRecord::new(text, n, q, &a.entities);
            let [cs, ce, bs, be] = span_cols(q.span);
            let kind = serde_json::to_value(q.kind)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_default();
            let (st, ss, se) = match &r.speaker_mention {
                Some(m) => (m.text, m.start.to_string(), m.end.to_string()),
                None => ("", String::new(), String::new()),
            };
            self.quotes.row([
                id,
                &r.id,
                &kind,
                r.span.text,
                &cs,
                &ce,
                &bs,
                &be,
                r.speaker.unwrap_or(""),
                r.speaker_entity.unwrap_or(""),
                st,
                &ss,
                &se,
                r.cue.as_ref().map(|c| c.text).unwrap_or(""),
                r.addressee.as_ref().map(|c| c.text).unwrap_or(""),
                r.rule,
            ])?;
        }
        Ok(())
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        self.documents.row([
            err.id.as_deref().unwrap_or(""),
            "",
            "",
            "",
            "",
            "",
            "",
            &err.message,
            &err.location.to_string(),
        ])
    }

    fn finish(&mut self) -> io::Result<()> {
        self.documents.finish()?;
        self.entities.finish()?;
        self.mentions.finish()?;
        self.quotes.finish()
    }
}
