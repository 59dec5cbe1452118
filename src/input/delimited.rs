//! CSV and TSV with a header row.
//!
//! Takes a buffered byte stream and gives one record per row, the columns
//! picked by name from the header (see [`super::record`]). Rows are parsed
//! by `csv_core` (the parser inside the `csv` crate) into one reused field
//! buffer and checked for UTF-8 as a whole, so a row with a broken byte is
//! one error naming its line, and a field of any size (articles run past
//! 128 KB) works. Design decisions: TSV keeps CSV quoting rules (a field
//! that *starts* with `"` is quoted, as pandas and spreadsheets write it);
//! quotes inside an unquoted field stay literal. And `csv_core` rather than
//! `csv::Reader`: the reader must stop keeping a row once it passes the cap
//! (`--max-doc-bytes`, see [`super::json_cap`]) and only scan on to the
//! row's end, so that a 300 MB field costs the cap, not 300 MB (three times
//! over, as it did); `csv::Reader` always gathers the whole row.

use std::io::BufRead;
use std::sync::Arc;

use csv_core::ReadRecordResult;

use super::json::too_long;
use super::record::{location, Columns, Roles};
use super::source::read_error;
use super::Source;
use crate::model::{Document, RecordError};

/// Reads CSV or TSV rows.
pub(crate) struct DelimitedReader {
    r: Box<dyn BufRead + Send>,
    core: csv_core::Reader,
    file: Arc<str>,
    /// `None` until the header has been read.
    cols: Option<Columns>,
    /// Fields in the header: every row must have as many.
    width: usize,
    /// The row's field bytes, back to back, and where each field ends.
    out: Vec<u8>,
    ends: Vec<usize>,
    /// The most bytes of one row kept in memory.
    cap: usize,
    done: bool,
}

/// One row as read: where it starts and how much of it was kept.
struct Row {
    line: u64,
    /// Bytes of field data kept in `out`.
    len: usize,
    /// Fields (entries of `ends`).
    fields: usize,
    /// Bytes of field data in the row, kept or not.
    size: usize,
    /// Past the cap: nothing of it was kept.
    over: bool,
}

impl DelimitedReader {
    pub(crate) fn new(
        r: Box<dyn BufRead + Send>,
        file: Arc<str>,
        delimiter: u8,
        cap: Option<usize>,
    ) -> Self {
        let core = csv_core::ReaderBuilder::new().delimiter(delimiter).build();
        DelimitedReader {
            r,
            core,
            file,
            cols: None,
            width: 0,
            out: vec![0; 1 << 16],
            ends: vec![0; 64],
            cap: cap.unwrap_or(usize::MAX).max(1 << 16),
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

    /// Reads the next row into `out`/`ends`; `None` at the end of the input.
    fn read_row(&mut self) -> std::io::Result<Option<Row>> {
        let line = self.core.line();
        let (mut len, mut fields, mut size, mut over) = (0usize, 0usize, 0usize, false);
        loop {
            let input = self.r.fill_buf()?;
            let (res, nin, nout, nend) =
                self.core
                    .read_record(input, &mut self.out[len..], &mut self.ends[fields..]);
            self.r.consume(nin);
            len += nout;
            fields += nend;
            size = size.saturating_add(nout);
            match res {
                ReadRecordResult::InputEmpty => {}
                ReadRecordResult::OutputFull => {
                    if !over && self.out.len() >= self.cap {
                        // From here on the row is scanned to its end, and
                        // its bytes are written over and over the buffer.
                        over = true;
                    }
                    if over {
                        len = 0;
                    } else {
                        let grown = self.out.len().saturating_mul(2).min(self.cap);
                        self.out.resize(grown, 0);
                    }
                }
                ReadRecordResult::OutputEndsFull => {
                    if over {
                        fields = 0;
                    } else {
                        let grown = self.ends.len() * 2;
                        self.ends.resize(grown, 0);
                    }
                }
                ReadRecordResult::Record => {
                    return Ok(Some(Row {
                        line,
                        len,
                        fields,
                        size,
                        over,
                    }))
                }
                ReadRecordResult::End => return Ok(None),
            }
        }
    }

    /// The kept row's fields as text, or the field and byte where its
    /// UTF-8 breaks (1-based field).
    fn fields<'a>(out: &'a [u8], ends: &[usize]) -> Result<Vec<&'a str>, (usize, usize)> {
        let text = std::str::from_utf8(out).map_err(|e| {
            let at = e.valid_up_to();
            let i = ends.iter().position(|&end| end > at).unwrap_or(0);
            let start = if i == 0 { 0 } else { ends[i - 1] };
            (i + 1, at - start)
        })?;
        let mut start = 0;
        Ok(ends
            .iter()
            .map(|&end| {
                let f = text.get(start..end).unwrap_or("");
                start = end;
                f
            })
            .collect())
    }

    /// Reads the header and finds the columns; an error ends the file.
    fn header(&mut self, roles: &Roles) -> Result<Columns, String> {
        let row = self.read_row().map_err(|e| read_error(&e))?;
        let names: Vec<String> = match row {
            None => Vec::new(),
            Some(row) if row.over => {
                return Err(too_long("header row", row.size, self.cap));
            }
            Some(row) => Self::fields(&self.out[..row.len], &self.ends[..row.fields])
                .map_err(|_| "invalid UTF-8 in the header row".to_string())?
                .iter()
                .map(|h| h.trim().to_string())
                .collect(),
        };
        self.width = names.len();
        let cols = roles.columns(&names);
        if cols.text.is_none() {
            return Err(roles.no_text_column(&names));
        }
        Ok(cols)
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
        let row = match self.read_row() {
            Ok(Some(row)) => row,
            Ok(None) => {
                self.done = true;
                return None;
            }
            // A read error (truncated or corrupt compressed input) leaves
            // nothing to resync on.
            Err(e) => {
                let line = self.core.line();
                return self.fail(line, read_error(&e));
            }
        };
        let line = row.line;
        let err = |message: String| {
            Some(Err(RecordError {
                location: location(&self.file, line),
                id: None,
                message,
            }))
        };
        if row.over {
            return err(too_long("row", row.size, self.cap));
        }
        if row.fields != self.width {
            return err(format!(
                "row has {} fields, the header has {}",
                row.fields, self.width
            ));
        }
        let cols = self.cols.as_ref()?;
        match Self::fields(&self.out[..row.len], &self.ends[..row.fields]) {
            Ok(fields) => {
                let fields = roles.read_row(cols, &fields);
                let file = &self.file;
                Some(roles.document(fields, location(file, line), || format!("{file}:{line}")))
            }
            Err((field, at)) => err(format!(
                "invalid UTF-8 in field {field} at byte {at} of the field"
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::input::InputOptions;

    fn rows(data: &str, cap: usize) -> Vec<Result<Document, RecordError>> {
        let roles = Roles::new(&InputOptions::default());
        let mut r = DelimitedReader::new(
            Box::new(std::io::Cursor::new(data.as_bytes().to_vec())),
            Arc::from("t.csv"),
            b',',
            None,
        );
        r.cap = cap;
        std::iter::from_fn(|| r.next_record(&roles)).collect()
    }

    #[test]
    fn a_row_over_the_cap_is_skipped_and_reading_goes_on() {
        let long = "x".repeat(300_000);
        let data = format!("id,text\na,short\nb,\"{long}\nstill b\"\nc,\"quoted, \"\"fine\"\"\"\n");
        let got = rows(&data, 1 << 16);
        assert_eq!(got.len(), 3);
        assert_eq!(got[0].as_ref().unwrap().text, "short");
        let e = got[1].as_ref().unwrap_err();
        assert_eq!(e.location.line, 3);
        assert!(
            e.message.contains("row is over 65536 bytes (300009 read)"),
            "{}",
            e.message
        );
        let c = got[2].as_ref().unwrap();
        assert_eq!((c.id.as_str(), c.text.as_str()), ("c", "quoted, \"fine\""));
        assert_eq!(c.location.line, 5);
        // Under the cap the same row is read whole.
        let got = rows(&data, 1 << 20);
        assert_eq!(got[1].as_ref().unwrap().text.len(), 300_000 + 8);
    }

    #[test]
    fn ragged_rows_and_bad_utf8_name_their_line_and_field() {
        let got = rows("id,text\na\nb,ok\n", 1 << 16);
        assert_eq!(
            got[0].as_ref().unwrap_err().to_string(),
            "t.csv:2: row has 1 fields, the header has 2"
        );
        assert!(got[1].is_ok());
        let roles = Roles::new(&InputOptions::default());
        let mut r = DelimitedReader::new(
            Box::new(std::io::Cursor::new(b"id,text\na,ok\xff\n".to_vec())),
            Arc::from("t.csv"),
            b',',
            None,
        );
        assert_eq!(
            r.next_record(&roles).unwrap().unwrap_err().to_string(),
            "t.csv:2: invalid UTF-8 in field 2 at byte 2 of the field"
        );
    }
}
