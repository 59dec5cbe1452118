//! Plain text: the whole file is one document.
//!
//! Takes a buffered byte stream and gives one document whose id is the path
//! as given (`<stdin>` for standard input). Design decision: invalid UTF-8
//! is an error naming the byte offset in the file, never a silent lossy
//! conversion, because every offset quarry reports points into this text.
//! With `--max-doc-bytes` the file is read only up to the limit (the rest is
//! counted, not kept), so a stray multi-gigabyte file costs no memory.

use std::io::{BufRead, Read};
use std::sync::Arc;

use super::record::{floor_char_boundary, location, Fields, Roles};
use super::source::read_error;
use super::Source;
use crate::model::{Document, RecordError};

/// Reads one text document.
pub(crate) struct TextReader {
    r: Option<Box<dyn BufRead + Send>>,
    file: Arc<str>,
    /// Bytes of the byte order mark stripped before `r`, for offsets.
    bom: usize,
}

impl TextReader {
    pub(crate) fn new(r: Box<dyn BufRead + Send>, file: Arc<str>, bom: usize) -> TextReader {
        TextReader {
            r: Some(r),
            file,
            bom,
        }
    }

    fn error(&self, message: String) -> RecordError {
        RecordError {
            location: location(&self.file, 0),
            id: Some(self.file.to_string()),
            message,
        }
    }

    fn read(&self, mut r: Box<dyn BufRead + Send>, roles: &Roles) -> Result<Document, RecordError> {
        let mut bytes = Vec::new();
        let limit = roles.max_doc_bytes();
        let res = match limit {
            // Keep up to 3 bytes past the limit so the cut can find a char
            // boundary; count the rest.
            Some(max) => r
                .by_ref()
                .take(max.saturating_add(4) as u64)
                .read_to_end(&mut bytes)
                .and_then(|_| std::io::copy(&mut r, &mut std::io::sink())),
            None => r.read_to_end(&mut bytes).map(|_| 0),
        };
        let rest = res.map_err(|e| self.error(read_error(&e)))?;
        let total = bytes.len() as u64 + rest;
        if let Some(max) = limit {
            if total > max as u64 && !roles.truncates(total as usize) {
                return Err(self.error(format!(
                    "document is {total} bytes, over --max-doc-bytes {max}"
                )));
            }
        }
        let text = match String::from_utf8(bytes) {
            Ok(s) => s,
            Err(e) => {
                let err = e.utf8_error();
                let at = err.valid_up_to();
                // A sequence cut by the read limit is not an error: the
                // document is truncated below that point anyway.
                let cut_by_limit = limit.is_some_and(|m| at >= m)
                    && err.error_len().is_none()
                    && total > e.as_bytes().len() as u64;
                if !cut_by_limit {
                    return Err(self.error(format!(
                        "invalid UTF-8 at byte {} of the file",
                        at + self.bom
                    )));
                }
                let mut bytes = e.into_bytes();
                bytes.truncate(at);
                String::from_utf8(bytes).map_err(|_| self.error("invalid UTF-8".into()))?
            }
        };
        let mut text = text;
        if let Some(max) = limit {
            text.truncate(floor_char_boundary(&text, max));
        }
        let fields = Fields {
            text: Some(text),
            truncated_from: limit
                .is_some_and(|m| total > m as u64)
                .then_some(usize::try_from(total).unwrap_or(usize::MAX)),
            ..Fields::default()
        };
        let file = Arc::clone(&self.file);
        roles.document(fields, location(&self.file, 0), || file.to_string())
    }
}

impl Source for TextReader {
    fn next_record(&mut self, roles: &Roles) -> Option<Result<Document, RecordError>> {
        let r = self.r.take()?;
        Some(self.read(r, roles))
    }
}
