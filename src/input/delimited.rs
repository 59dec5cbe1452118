//! CSV and TSV with a header row.
//!
//! Takes a buffered byte stream and gives one record per row, the columns
//! picked by name from the header (see [`super::record`]). Rows are read
//! into one reused `ByteRecord` and checked for UTF-8 as a whole, so a row
//! with a broken byte is one error naming its line, and a field of any size
//! (articles run past 128 KB) works. Design decision: TSV keeps CSV quoting
//! rules (a field that *starts* with `"` is quoted, as pandas and
//! spreadsheets write it); quotes inside an unquoted field stay literal.

use std::io::BufRead;
use std::sync::Arc;

use super::record::{location, Columns, Roles};
use super::source::read_error;
use super::Source;
use crate::model::{Document, RecordError};

/// Reads CSV or TSV rows.
pub(crate) struct DelimitedReader {
    rdr: csv::Reader<Box<dyn BufRead + Send>>,
    file: Arc<str>,
    /// `None` until the header has been read.
    cols: Option<Columns>,
    row: csv::ByteRecord,
    done: bool,
}

impl DelimitedReader {
    pub(crate) fn new(r: Box<dyn BufRead + Send>, file: Arc<str>, delimiter: u8) -> Self {
        let rdr = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .from_reader(r);
        DelimitedReader {
            rdr,
            file,
            cols: None,
            row: csv::ByteRecord::new(),
            done: false,
        }
    }

    fn fail(&mut self, line: u64, message: String) -> Option<Result<Document, RecordError>> {
        self.done = true;
        Some(Err(RecordError {
            location: location(&self.file, line),
            id: None,
            message,
        }))
    }

    /// Reads the header and finds the columns; an error ends the file.
    fn header(&mut self, roles: &Roles) -> Result<Columns, String> {
        let header = self.rdr.byte_headers().map_err(|e| csv_message(&e))?;
        let names = header
            .iter()
            .map(|h| {
                std::str::from_utf8(h)
                    .map(|s| s.trim().to_string())
                    .map_err(|_| "invalid UTF-8 in the header row".to_string())
            })
            .collect::<Result<Vec<_>, _>>()?;
        let cols = roles.columns(&names);
        if cols.text.is_none() {
            return Err(roles.no_text_column(&names));
        }
        Ok(cols)
    }
}

fn csv_message(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::Io(io) => read_error(io),
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => format!("row has {len} fields, the header has {expected_len}"),
        _ => e.to_string(),
    }
}

impl Source for DelimitedReader {
    fn next_record(&mut self, roles: &Roles) -> Option<Result<Document, RecordError>> {
        if self.done {
            return None;
        }
        if self.cols.is_none() {
            match self.header(roles) {
                Ok(c) => self.cols = Some(c),
                Err(m) => return self.fail(1, m),
            }
        }
        let cols = self.cols.as_ref()?;
        let mut row = std::mem::take(&mut self.row);
        let result = match self.rdr.read_byte_record(&mut row) {
            Ok(false) => {
                self.done = true;
                None
            }
            Ok(true) => {
                let line = row.position().map_or(0, |p| p.line());
                match csv::StringRecord::from_byte_record(row) {
                    Ok(srow) => {
                        let fields = roles.read_row(cols, &srow);
                        let file = &self.file;
                        let doc = roles
                            .document(fields, location(file, line), || format!("{file}:{line}"));
                        row = srow.into_byte_record();
                        Some(doc)
                    }
                    Err(e) => {
                        let field = e.utf8_error().field() + 1;
                        let at = e.utf8_error().valid_up_to();
                        row = e.into_byte_record();
                        Some(Err(RecordError {
                            location: location(&self.file, line),
                            id: None,
                            message: format!(
                                "invalid UTF-8 in field {field} at byte {at} of the field"
                            ),
                        }))
                    }
                }
            }
            Err(e) => {
                let line = e
                    .position()
                    .map_or_else(|| self.rdr.position().line(), |p| p.line());
                if matches!(e.kind(), csv::ErrorKind::Io(_)) {
                    // A read error (truncated or corrupt compressed input)
                    // leaves nothing to resync on.
                    self.done = true;
                }
                Some(Err(RecordError {
                    location: location(&self.file, line),
                    id: None,
                    message: csv_message(&e),
                }))
            }
        };
        self.row = row;
        result
    }
}
