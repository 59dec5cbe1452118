//! Stage: input. Reads news articles from files, directories or stdin.
//!
//! Takes paths (or `-` for standard input) and [`InputOptions`]; gives
//! [`Records`], an iterator of [`Document`]s and [`RecordError`]s in input
//! order. One bad record (a broken JSON line, invalid UTF-8, a ragged CSV
//! row, a truncated gzip member) is one error with its `file:line`, and
//! reading goes on; no input makes it panic.
//!
//! The design decision a reader must know: **everything streams**. A file
//! is read through one reused buffer a line (or an array element, or a CSV
//! row) at a time, so memory is bounded by the largest record, never by the
//! file; directories are listed one level at a time.
//!
//! What it reads:
//!
//! | input | how |
//! |---|---|
//! | `.jsonl`, `.ndjson` | one object a line; also `{..}{..}` on one line, pretty-printed objects, blank lines |
//! | `.json` | one object (the file is the article), an array of objects, or an envelope with `records_path` (`/results`) |
//! | `.csv`, `.tsv` | a header row; the text column is found by name |
//! | `.txt` | the whole file is one document, its id the path as given |
//! | a directory | its files recursively, sorted by path, skipping hidden entries and unknown extensions (unless a format is forced) |
//! | `-` or no path | stdin, sniffed: first non-space byte `{` → JSON Lines, `[` → JSON array, else text |
//!
//! gzip (multi-member), zstd and bzip2 are recognised from their magic
//! bytes; a name like `x.jsonl.gz` gives the inner format.
//!
//! **Fields.** With no field named, each role tries a list of common names
//! (see [`InputOptions`]); dotted names reach into nested objects
//! (`thread.text`). A record without an id is named `path:line`.
//!
//! **Text is kept byte-exact** so every offset the pipeline reports points
//! into the text as the input has it: CRLF line ends, NUL bytes and odd
//! spacing all stay. The only changes: a leading byte order mark is
//! stripped, a title (when there is one) is prepended as its own paragraph
//! (`"Title\n\nBody"`), and a text given as a list of paragraphs is joined
//! with blank lines.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use crate::model::{Document, Location, RecordError};

mod date;
mod delimited;
mod json;
mod pipe;
mod record;
mod source;
mod text;

#[cfg(test)]
mod tests;

pub use date::parse_date;
pub use pipe::{pipe, PipeRecords};

use record::Roles;
use source::{Input, Walker};

/// How records are read. Built by the CLI from flags.
///
/// Field names not given fall back to these lists, tried in order (exact
/// name first, then ignoring ASCII case):
///
/// - text: `text`, `content`, `body`, `maintext`, `article`, `full_text`, `story`
/// - id: `id`, `_id`, `uuid`, `url`, `doc_id` (else the url, else `path:line`)
/// - date: `date`, `date_publish`, `published`, `pubDate`, `publish_date`,
///   `published_at`, `dct`, `date_published`, `created_at`, `thread.published`
/// - title: `title`, `headline`, `thread.title`
/// - url: `url`, `link`, `thread.url` (kept in `Document::meta["url"]`)
#[derive(Clone, Debug, Default)]
pub struct InputOptions {
    /// Format of every input; `None` detects it per file from the extension
    /// (through `.gz`/`.zst`/`.bz2`) or, failing that, the content.
    pub format: Option<Format>,
    /// Field (or CSV column) holding the article text. Dotted paths reach
    /// into nested objects: `thread.text`. A list of strings is joined with
    /// blank lines.
    pub text_field: Option<String>,
    /// Field holding the document id.
    pub id_field: Option<String>,
    /// Field holding the publication date (ISO 8601, RFC 2822, "Mar 22,
    /// 2013", epoch seconds, ...; an unreadable date is no date).
    pub date_field: Option<String>,
    /// Field holding the title. A non-empty title is prepended to the text
    /// as its own paragraph: `"Title\n\nBody"`, so offsets count it.
    pub title_field: Option<String>,
    /// Field holding the article URL, kept as `meta["url"]` and used as the
    /// id when there is no id field.
    pub url_field: Option<String>,
    /// Fields copied as they are into `Document::meta`.
    pub keep_fields: Vec<String>,
    /// A JSON pointer to the array of records inside a JSON document, e.g.
    /// `/results` for `{"results": [...]}`. In JSON Lines it applies to
    /// each line (a file of API responses, one a line).
    pub records_path: Option<String>,
    /// Publication date for documents without one (`date_source = Option`).
    pub default_date: Option<chrono::NaiveDate>,
    /// Documents with more text bytes than this are an error (or, with
    /// `truncate_long`, cut at the last char boundary under the limit).
    pub max_doc_bytes: Option<usize>,
    /// Cut documents over `max_doc_bytes` instead of rejecting them.
    pub truncate_long: bool,
}

/// An input format.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// JSON Lines: one object a line (also concatenated objects).
    Jsonl,
    /// One JSON document: an object, an array of objects, or an envelope
    /// (with [`InputOptions::records_path`]).
    Json,
    /// Comma-separated values with a header row.
    Csv,
    /// Tab-separated values with a header row.
    Tsv,
    /// Plain text: the whole file is one document.
    Text,
}

/// Counts kept while reading.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct InputStats {
    /// Files (and stdin) opened and read.
    pub files: u64,
    /// Uncompressed bytes read.
    pub bytes: u64,
    /// Documents produced.
    pub documents: u64,
    /// Errors produced (records, files and directories).
    pub errors: u64,
}

/// A reader of one file's records.
trait Source: Send {
    fn next_record(&mut self, roles: &Roles) -> Option<Result<Document, RecordError>>;
}

/// A stream handed to [`read_from_reader`]: the reader, its name, its format.
type Handed = (Box<dyn Read + Send>, Arc<str>, Option<Format>);

/// The records of all inputs, in order. See [`read`].
pub struct Records {
    walker: Walker,
    /// A reader handed in directly (see [`read_from_reader`]).
    handed: Option<Handed>,
    roles: Roles,
    format: Option<Format>,
    records_path: Option<String>,
    current: Option<Box<dyn Source>>,
    bytes: Arc<AtomicU64>,
    stats: InputStats,
}

impl std::fmt::Debug for Records {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Records")
            .field("stats", &self.stats)
            .finish_non_exhaustive()
    }
}

/// Streams the records of all `paths` in order: directories recursively,
/// sorted by path; `-` or an empty list is stdin. Memory stays bounded by
/// the size of one record.
pub fn read(paths: &[PathBuf], opts: &InputOptions) -> Records {
    let stdin = [PathBuf::from("-")];
    let paths = if paths.is_empty() { &stdin[..] } else { paths };
    Records::new(Walker::new(paths, opts.format.is_some()), None, opts)
}

/// Reads records from any byte stream named `name` (as it should appear in
/// locations and fallback ids). The format is `opts.format`, else the one
/// `name`'s extension gives, else sniffed. Used by the fuzz target and tests.
#[doc(hidden)]
pub fn read_from_reader(reader: Box<dyn Read + Send>, name: &str, opts: &InputOptions) -> Records {
    let format = opts
        .format
        .or_else(|| source::format_from_name(Path::new(name)));
    Records::new(
        Walker::empty(),
        Some((reader, Arc::from(name), format)),
        opts,
    )
}

impl Records {
    fn new(walker: Walker, handed: Option<Handed>, opts: &InputOptions) -> Records {
        Records {
            walker,
            handed,
            roles: Roles::new(opts),
            format: opts.format,
            records_path: opts.records_path.clone(),
            current: None,
            bytes: Arc::new(AtomicU64::new(0)),
            stats: InputStats::default(),
        }
    }

    /// What has been read so far.
    pub fn stats(&self) -> &InputStats {
        &self.stats
    }

    /// Opens the next input; an `Err` is a file-level error to report.
    fn open_next(&mut self) -> Option<Result<(), RecordError>> {
        let (raw, name, path, forced): (Box<dyn Read + Send>, Arc<str>, Option<PathBuf>, _) =
            if let Some((r, name, format)) = self.handed.take() {
                (r, name, None, format)
            } else {
                match self.walker.next()? {
                    Input::Stdin => (
                        Box::new(std::io::stdin()),
                        Arc::from("<stdin>"),
                        None,
                        self.format,
                    ),
                    Input::Error(path, message) => {
                        return Some(Err(file_error(path.display().to_string().into(), message)))
                    }
                    Input::File(path) => {
                        let name: Arc<str> = Arc::from(path.display().to_string());
                        match std::fs::File::open(&path) {
                            Ok(f) => (Box::new(f), name, Some(path), self.format),
                            Err(e) => {
                                return Some(Err(file_error(name, format!("cannot open: {e}"))))
                            }
                        }
                    }
                }
            };
        self.stats.files += 1;
        let opened = match source::open(raw, path.as_deref(), forced, Arc::clone(&self.bytes)) {
            Ok(o) => o,
            Err(message) => return Some(Err(file_error(name, message))),
        };
        let reader = opened.reader;
        self.current = Some(match opened.format {
            Format::Jsonl => Box::new(json::JsonReader::lines(
                reader,
                name,
                self.records_path.clone(),
            )),
            Format::Json => Box::new(json::JsonReader::document(
                reader,
                name,
                self.records_path.clone(),
            )),
            Format::Csv => Box::new(delimited::DelimitedReader::new(reader, name, b',')),
            Format::Tsv => Box::new(delimited::DelimitedReader::new(reader, name, b'\t')),
            Format::Text => Box::new(text::TextReader::new(reader, name, opened.bom)),
        });
        Some(Ok(()))
    }

    fn count(&mut self, r: Result<Document, RecordError>) -> Result<Document, RecordError> {
        self.stats.bytes = self.bytes.load(Ordering::Relaxed);
        match &r {
            Ok(_) => self.stats.documents += 1,
            Err(_) => self.stats.errors += 1,
        }
        r
    }
}

fn file_error(file: Arc<str>, message: String) -> RecordError {
    RecordError {
        location: Location { file, line: 0 },
        id: None,
        message,
    }
}

impl Iterator for Records {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        loop {
            if let Some(src) = self.current.as_mut() {
                if let Some(r) = src.next_record(&self.roles) {
                    return Some(self.count(r));
                }
                self.current = None;
                self.stats.bytes = self.bytes.load(Ordering::Relaxed);
            }
            match self.open_next()? {
                Ok(()) => {}
                Err(e) => return Some(self.count(Err(e))),
            }
        }
    }
}
