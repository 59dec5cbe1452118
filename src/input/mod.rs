//! Input: placeholder until the input stage lands (same API).
use std::path::PathBuf;
use std::sync::Arc;

use chrono::NaiveDate;

use crate::model::{DateSource, Document, Location, RecordError};

/// Input formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines.
    Jsonl,
    /// JSON.
    Json,
    /// CSV.
    Csv,
    /// TSV.
    Tsv,
    /// Plain text.
    Text,
}

/// Options.
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// Format.
    pub format: Option<Format>,
    /// Text field.
    pub text_field: Option<String>,
    /// Id field.
    pub id_field: Option<String>,
    /// Date field.
    pub date_field: Option<String>,
    /// Title field.
    pub title_field: Option<String>,
    /// Url field.
    pub url_field: Option<String>,
    /// Kept fields.
    pub keep_fields: Vec<String>,
    /// Records path.
    pub records_path: Option<String>,
    /// Default date.
    pub default_date: Option<NaiveDate>,
    /// Max doc bytes.
    pub max_doc_bytes: Option<usize>,
    /// Truncate.
    pub truncate_long: bool,
}

/// Stats.
#[derive(Clone, Debug, Default)]
pub struct InputStats {
    /// Files.
    pub files: u64,
    /// Bytes.
    pub bytes: u64,
}

/// Records.
pub struct Records {
    items: std::vec::IntoIter<Result<Document, RecordError>>,
    stats: InputStats,
}

impl Records {
    /// Stats.
    pub fn stats(&self) -> &InputStats {
        &self.stats
    }
}

impl Iterator for Records {
    type Item = Result<Document, RecordError>;
    fn next(&mut self) -> Option<Self::Item> {
        self.items.next()
    }
}

fn field<'a>(v: &'a serde_json::Value, names: &[&str]) -> Option<&'a serde_json::Value> {
    names.iter().find_map(|n| v.get(*n))
}

/// Reads.
pub fn read(paths: &[PathBuf], opts: &InputOptions) -> Records {
    let mut items = Vec::new();
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    for p in paths {
        let name: Arc<str> = Arc::from(if p.as_os_str() == "-" {
            "<stdin>".to_string()
        } else {
            p.display().to_string()
        });
        let data = if p.as_os_str() == "-" {
            let mut s = String::new();
            let _ = std::io::Read::read_to_string(&mut std::io::stdin(), &mut s);
            s
        } else {
            match std::fs::read_to_string(p) {
                Ok(s) => s,
                Err(e) => {
                    items.push(Err(RecordError {
                        location: Location {
                            file: name.clone(),
                            line: 0,
                        },
                        id: None,
                        message: e.to_string(),
                    }));
                    continue;
                }
            }
        };
        let is_json = data.trim_start().starts_with('{');
        if !is_json {
            let date = opts.default_date;
            items.push(Ok(Document {
                id: name.to_string(),
                text: data,
                date,
                date_source: if date.is_some() {
                    DateSource::Option
                } else {
                    DateSource::None
                },
                meta: Default::default(),
                location: Location {
                    file: name.clone(),
                    line: 0,
                },
            }));
            continue;
        }
        for (i, line) in data.lines().enumerate() {
            if line.trim().is_empty() {
                continue;
            }
            let loc = Location {
                file: name.clone(),
                line: i as u64 + 1,
            };
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(v) => {
                    let tf = opts
                        .text_field
                        .as_deref()
                        .map(|f| vec![f])
                        .unwrap_or(vec!["text", "content", "body"]);
                    let text = field(&v, &tf)
                        .and_then(|t| t.as_str())
                        .unwrap_or("")
                        .to_string();
                    let idf = opts
                        .id_field
                        .as_deref()
                        .map(|f| vec![f])
                        .unwrap_or(vec!["id"]);
                    let id = field(&v, &idf)
                        .map(|t| t.as_str().map(str::to_string).unwrap_or(t.to_string()))
                        .unwrap_or(loc.to_string());
                    let df = opts
                        .date_field
                        .as_deref()
                        .map(|f| vec![f])
                        .unwrap_or(vec!["date", "dct"]);
                    let date = field(&v, &df).and_then(|t| t.as_str()).and_then(|s| {
                        NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
                    });
                    let (date, ds) = match (date, opts.default_date) {
                        (Some(d), _) => (Some(d), DateSource::Field),
                        (None, Some(d)) => (Some(d), DateSource::Option),
                        _ => (None, DateSource::None),
                    };
                    items.push(Ok(Document {
                        id,
                        text,
                        date,
                        date_source: ds,
                        meta: Default::default(),
                        location: loc,
                    }));
                }
                Err(e) => items.push(Err(RecordError {
                    location: loc,
                    id: None,
                    message: format!("invalid JSON: {e}"),
                })),
            }
        }
    }
    Records {
        items: items.into_iter(),
        stats: InputStats::default(),
    }
}
