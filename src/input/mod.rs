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
//! | `.tar`, `.tar.gz`, `.tgz`, ... | each regular file inside, as if met in a directory walk, named `archive.tar.gz:inner/path` |
//! | a directory | its files recursively, sorted by path; files with no extension (or only `.gz` ...) by content, other extensions only if they hold JSON; hidden files and binary content are skipped; each skip is reported in [`Records::take_skipped`] |
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
//! stripped, a title (only with `--title-field`) is prepended as its own
//! paragraph (`"Title\n\nBody"`, [`Document::body_start`] says where the
//! body starts), and a text given as a list of paragraphs is joined with
//! blank lines.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use crate::model::{Document, Location, RecordError};

mod archive;
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
/// - title: none; a title is read only from the field the user names, and
///   is prepended to the text (see [`InputOptions::title_field`])
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
    /// 2013", epoch seconds, ...; an unreadable date is no date, and a
    /// warning on the document).
    pub date_field: Option<String>,
    /// Field holding the title; none by default. A non-empty title is
    /// prepended to the text as its own paragraph: `"Title\n\nBody"`, so
    /// offsets count it and [`Document::body_start`] says where the body
    /// starts.
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
    /// Cut documents over `max_doc_bytes` instead of rejecting them. The
    /// document then carries a warning and [`Document::truncated`].
    pub truncate_long: bool,
    /// Read an ambiguous numeric date field (`07/12/2022`) day first.
    /// Without it such a date is left out with a warning.
    pub day_first: bool,
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
    /// Files left out (see [`Records::take_skipped`]), hidden ones included.
    pub skipped: u64,
}

/// A file (or archive entry) that was not read, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Skipped {
    /// The path as given, or `archive.tar:inner/path`.
    pub path: String,
    /// Why: `` `.md` is not an input format ...``, `binary content`, ...
    pub reason: String,
    /// Only to be counted, not reported one by one (hidden files).
    pub quiet: bool,
}

/// What every source needs to build the sources of nested inputs (the
/// entries of a tar archive) and to report what it skips.
#[derive(Clone)]
pub(crate) struct Context {
    format: Option<Format>,
    records_path: Option<String>,
    /// The longest JSON line (or array element, or CSV row) kept in memory.
    json_cap: Option<usize>,
    skipped: Arc<Mutex<Vec<Skipped>>>,
    /// Skips so far, taken or not.
    skip_count: Arc<AtomicU64>,
}

impl Context {
    /// Reports a file (or archive entry) left out; `quiet`: only count it.
    fn skip(&self, path: String, reason: String, quiet: bool) {
        self.push_skip(Skipped {
            path,
            reason,
            quiet,
        });
    }

    fn push_skip(&self, s: Skipped) {
        self.skip_count.fetch_add(1, Ordering::Relaxed);
        if let Ok(mut v) = self.skipped.lock() {
            v.push(s);
        }
    }

    /// The reader for an opened file (or archive entry) named `name`.
    fn source(&self, opened: source::Opened, name: Arc<str>) -> Box<dyn Source> {
        let reader = opened.reader;
        if opened.tar {
            return Box::new(archive::TarReader::new(reader, name, self.clone()));
        }
        match opened.format {
            Format::Jsonl => Box::new(json::JsonReader::lines(
                reader,
                name,
                self.records_path.clone(),
                self.json_cap,
            )),
            Format::Json => Box::new(json::JsonReader::document(
                reader,
                name,
                self.records_path.clone(),
                self.json_cap,
            )),
            Format::Csv => Box::new(delimited::DelimitedReader::new(
                reader,
                name,
                b',',
                self.json_cap,
            )),
            Format::Tsv => Box::new(delimited::DelimitedReader::new(
                reader,
                name,
                b'\t',
                self.json_cap,
            )),
            Format::Text => Box::new(text::TextReader::new(reader, name, opened.bom)),
        }
    }
}

/// The longest JSON line, array element or CSV row kept in memory, for a
/// `--max-doc-bytes` limit: room for the text twice over (escapes) and a
/// megabyte of other fields. Anything longer is skipped unread, so one
/// runaway line costs this much memory, not its length.
pub fn json_cap(max_doc_bytes: usize) -> usize {
    max_doc_bytes.saturating_mul(2).saturating_add(1 << 20)
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
    ctx: Context,
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
    Records::new(Walker::new(paths), None, opts)
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
            ctx: Context {
                format: opts.format,
                records_path: opts.records_path.clone(),
                json_cap: opts.max_doc_bytes.map(json_cap),
                skipped: Arc::default(),
                skip_count: Arc::default(),
            },
            current: None,
            bytes: Arc::new(AtomicU64::new(0)),
            stats: InputStats::default(),
        }
    }

    /// What has been read so far.
    pub fn stats(&self) -> &InputStats {
        &self.stats
    }

    /// The files left out since the last call, in the order met. Each is
    /// also counted in [`InputStats::skipped`].
    pub fn take_skipped(&mut self) -> Vec<Skipped> {
        self.ctx
            .skipped
            .lock()
            .map(|mut v| std::mem::take(&mut *v))
            .unwrap_or_default()
    }

    fn skip(&mut self, path: &Path, reason: String, quiet: bool) {
        self.ctx.push_skip(Skipped {
            path: path.display().to_string(),
            reason,
            quiet,
        });
    }

    /// Opens the next input; an `Err` is a file-level error to report.
    fn open_next(&mut self) -> Option<Result<(), RecordError>> {
        let (raw, name, path, forced, walked): (
            Box<dyn Read + Send>,
            Arc<str>,
            Option<PathBuf>,
            _,
            _,
        ) = if let Some((r, name, format)) = self.handed.take() {
            (r, name, None, format, false)
        } else {
            match self.walker.next()? {
                Input::Stdin => (
                    Box::new(std::io::stdin()),
                    Arc::from("<stdin>"),
                    None,
                    self.format,
                    false,
                ),
                Input::Error(path, message) => {
                    return Some(Err(file_error(path.display().to_string().into(), message)))
                }
                Input::Skip(path, reason, quiet) => {
                    self.skip(&path, reason, quiet);
                    return Some(Ok(()));
                }
                Input::File(path, given) => {
                    let name: Arc<str> = Arc::from(path.display().to_string());
                    match std::fs::File::open(&path) {
                        Ok(f) => (Box::new(f), name, Some(path), self.format, !given),
                        Err(e) => return Some(Err(file_error(name, format!("cannot open: {e}")))),
                    }
                }
            }
        };
        self.stats.files += 1;
        let opened = match source::open(
            raw,
            path.as_deref(),
            forced,
            Arc::clone(&self.bytes),
            walked,
        ) {
            Ok(o) => o,
            Err(source::NotOpened::Error(message)) => return Some(Err(file_error(name, message))),
            Err(source::NotOpened::Skip(reason)) => {
                self.stats.files -= 1;
                self.ctx.push_skip(Skipped {
                    path: name.to_string(),
                    reason,
                    quiet: false,
                });
                return Some(Ok(()));
            }
        };
        self.current = Some(self.ctx.source(opened, name));
        Some(Ok(()))
    }

    fn count(&mut self, r: Result<Document, RecordError>) -> Result<Document, RecordError> {
        self.stats.bytes = self.bytes.load(Ordering::Relaxed);
        self.count_skipped();
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

impl Records {
    /// Brings [`InputStats::skipped`] up to the skips queued so far.
    fn count_skipped(&mut self) {
        self.stats.skipped = self.ctx.skip_count.load(Ordering::Relaxed);
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
            let opened = self.open_next();
            self.count_skipped();
            match opened? {
                Ok(()) => {}
                Err(e) => return Some(self.count(Err(e))),
            }
        }
    }
}
