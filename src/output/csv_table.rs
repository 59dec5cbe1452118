//! One CSV table to any writer: `--format csv --records quotes` without a
//! directory, for a pipe or a single file.
//!
//! Takes analysed documents; gives the rows of one [`Table`], built by the
//! same code as the directory sink's. Unreadable records appear only in
//! the `documents` table (with `error` and `location`), as in the
//! directory.

use std::io::{self, Write};

use super::offsets::Offsets;
use super::table::{self, Table, TableWriter};
use super::{OutputOptions, Sink};
use crate::model::{Analysis, Document, RecordError};

/// Writes one table as CSV.
pub struct CsvSink<W: Write> {
    table: Table,
    writer: TableWriter<W>,
    opts: OutputOptions,
}

impl<W: Write> std::fmt::Debug for CsvSink<W> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvSink")
            .field("table", &self.table)
            .finish_non_exhaustive()
    }
}

impl<W: Write> CsvSink<W> {
    /// Starts `table` on `out` (the byte order mark with `excel`, then the
    /// header).
    pub fn new(out: W, table: Table, opts: &OutputOptions) -> io::Result<CsvSink<W>> {
        Ok(CsvSink {
            table,
            writer: TableWriter::new(out, table, opts)?,
            opts: opts.clone(),
        })
    }

    /// The writer back, flushed.
    pub fn into_inner(self) -> io::Result<W> {
        self.writer.into_inner()
    }
}

impl<W: Write> Sink for CsvSink<W> {
    fn document(&mut self, doc: &Document, a: &Analysis) -> io::Result<()> {
        let off = Offsets::new(&doc.text, self.opts.offsets);
        table::write_document(&mut self.writer, self.table, doc, a, &off, &self.opts)
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        table::write_error(&mut self.writer, self.table, err, &self.opts)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
