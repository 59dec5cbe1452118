//! Pipe mode: strictly one record per input line, for Spark's `RDD.pipe`,
//! Hadoop Streaming and GNU parallel.
//!
//! Takes a byte stream of JSON Lines; gives exactly one item per `\n`-ended
//! line, in order: a document, or an error naming the line (an empty line,
//! invalid UTF-8, bad JSON, an array or a string where an object belongs, a
//! record without text). The general JSON Lines reader is more forgiving
//! (it skips blank lines, joins pretty-printed objects, splits arrays); a
//! framework that zips input and output lines needs the strict count
//! instead, so this is its own small reader rather than a mode of that one.

use std::io::{BufRead, BufReader, Read};
use std::sync::Arc;

use serde_json::Value;

use super::json::{read_line_capped, too_long};
use super::record::{location, Roles};
use super::InputOptions;
use crate::model::{Document, RecordError};

/// One item per input line. See the module docs.
pub struct PipeRecords {
    reader: Box<dyn BufRead + Send>,
    name: Arc<str>,
    roles: Roles,
    line: u64,
    buf: Vec<u8>,
    done: bool,
    /// The longest line kept in memory (see [`super::json_cap`]).
    cap: usize,
}

impl std::fmt::Debug for PipeRecords {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PipeRecords")
            .field("name", &self.name)
            .field("line", &self.line)
            .finish_non_exhaustive()
    }
}

/// Reads `reader` in pipe mode; `name` appears in locations (`<stdin>:3`).
pub fn pipe(reader: Box<dyn Read + Send>, name: &str, opts: &InputOptions) -> PipeRecords {
    PipeRecords {
        reader: Box::new(BufReader::with_capacity(1 << 16, reader)),
        name: Arc::from(name),
        roles: Roles::new(opts),
        line: 0,
        buf: Vec::new(),
        done: false,
        cap: opts.max_doc_bytes.map_or(usize::MAX, super::json_cap),
    }
}

impl PipeRecords {
    fn record(&self, bytes: &[u8]) -> Result<Document, RecordError> {
        let loc = location(&self.name, self.line);
        let err = |message: String| RecordError {
            location: loc.clone(),
            id: None,
            message,
        };
        let text = std::str::from_utf8(bytes).map_err(|e| {
            err(format!(
                "invalid UTF-8 at byte {} of the line",
                e.valid_up_to()
            ))
        })?;
        let text = text.trim_start_matches('\u{feff}');
        if text.trim().is_empty() {
            return Err(err("empty line".into()));
        }
        let value: Value =
            serde_json::from_str(text).map_err(|e| err(format!("invalid JSON: {e}")))?;
        let fields = self.roles.read_json(value).map_err(err)?;
        let fallback = loc.to_string();
        self.roles.document(fields, loc, || fallback)
    }
}

impl Iterator for PipeRecords {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        self.buf.clear();
        match read_line_capped(&mut *self.reader, &mut self.buf, self.cap) {
            Ok((0, _)) => {
                self.done = true;
                None
            }
            Ok((size, true)) => {
                self.line += 1;
                Some(Err(RecordError {
                    location: location(&self.name, self.line),
                    id: None,
                    message: too_long("line", size, self.cap),
                }))
            }
            Ok(_) => {
                self.line += 1;
                let mut end = self.buf.len();
                if self.buf.ends_with(b"\n") {
                    end -= 1;
                }
                if self.buf[..end].ends_with(b"\r") {
                    end -= 1;
                }
                Some(self.record(&self.buf[..end]))
            }
            Err(e) => {
                self.done = true;
                Some(Err(RecordError {
                    location: location(&self.name, self.line + 1),
                    id: None,
                    message: format!("read error: {e}"),
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_item_per_line_whatever_the_line() {
        let mut bytes = b"{\"id\":\"a\",\"text\":\"One.\"}\n\n{bad\n[1,2]\n\"s\"\n{\"id\":\"b\"}\n{\"id\":\"c\",\"text\":\"Two.\"}\r\n".to_vec();
        bytes.extend_from_slice(b"\xff\n{\"text\":\"no newline\"}");
        let items: Vec<_> = pipe(
            Box::new(std::io::Cursor::new(bytes)),
            "<stdin>",
            &InputOptions::default(),
        )
        .collect();
        assert_eq!(items.len(), 9);
        let ok: Vec<bool> = items.iter().map(Result::is_ok).collect();
        assert_eq!(
            ok,
            [true, false, false, false, false, false, true, false, true]
        );
        assert_eq!(
            items[1].as_ref().unwrap_err().to_string(),
            "<stdin>:2: empty line"
        );
        assert_eq!(items[5].as_ref().unwrap_err().id.as_deref(), Some("b"));
        assert_eq!(items[8].as_ref().unwrap().id, "<stdin>:9");
    }

    #[test]
    fn a_line_over_the_cap_is_one_error_and_not_kept() {
        let long = format!("{{\"text\": \"{}\"}}\n", "x".repeat(5000));
        let bytes = format!("{{\"text\": \"a\"}}\n{long}{{\"text\": \"b\"}}\n");
        let opts = InputOptions {
            max_doc_bytes: Some(10),
            ..InputOptions::default()
        };
        let mut p = pipe(
            Box::new(std::io::Cursor::new(bytes.into_bytes())),
            "<stdin>",
            &opts,
        );
        p.cap = 100;
        let items: Vec<_> = p.collect();
        assert_eq!(items.len(), 3);
        let e = items[1].as_ref().unwrap_err();
        assert_eq!(e.location.line, 2);
        assert!(e.message.contains("skipped unread"), "{}", e.message);
        assert!(items[2].is_ok());
    }
}
