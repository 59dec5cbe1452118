//! A directory of CSV files, one per record type: `documents.csv`,
//! `entities.csv`, `mentions.csv` (dates included, with their `value`) and
//! `quotes.csv`. Every file starts with `doc_id`; columns are stable
//! snake_case names (see [`super::Table`]).
//!
//! Files are written under a temporary name and renamed into place by
//! [`Sink::finish`], so a killed run never leaves a half file that looks
//! complete.

use std::fs;
use std::io::{self, BufWriter};
use std::path::Path;

use super::dest::AtomicFile;
use super::offsets::Offsets;
use super::table::{self, Table, TableWriter};
use super::{OutputOptions, Sink};
use crate::model::{Analysis, Document, RecordError};

type FileTable = TableWriter<BufWriter<AtomicFile>>;

/// Writes the four CSV files into a directory.
pub struct CsvDirSink {
    /// The four tables, in [`Table::ALL`] order; `None` once finished.
    tables: Option<Vec<(Table, FileTable)>>,
    opts: OutputOptions,
}

impl std::fmt::Debug for CsvDirSink {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("CsvDirSink")
            .field("open", &self.tables.is_some())
            .finish()
    }
}

impl CsvDirSink {
    /// Creates `dir` if needed and opens the four files (under temporary
    /// names).
    pub fn create(dir: &Path, opts: &OutputOptions) -> io::Result<CsvDirSink> {
        fs::create_dir_all(dir)?;
        let mut tables = Vec::with_capacity(Table::ALL.len());
        for t in Table::ALL {
            let file = AtomicFile::create(&dir.join(t.file_name()))?;
            tables.push((t, TableWriter::new(BufWriter::new(file), t, opts)?));
        }
        Ok(CsvDirSink {
            tables: Some(tables),
            opts: opts.clone(),
        })
    }

    /// The open tables and the options (borrowed apart).
    fn parts(&mut self) -> io::Result<(&mut Vec<(Table, FileTable)>, &OutputOptions)> {
        let tables = self
            .tables
            .as_mut()
            .ok_or_else(|| io::Error::other("CSV directory already finished"))?;
        Ok((tables, &self.opts))
    }
}

impl Sink for CsvDirSink {
    fn document(&mut self, doc: &Document, a: &Analysis) -> io::Result<()> {
        let (tables, opts) = self.parts()?;
        let off = Offsets::new(&doc.text, opts.offsets);
        for (t, w) in tables {
            table::write_document(w, *t, doc, a, &off, opts)?;
        }
        Ok(())
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        let (tables, opts) = self.parts()?;
        for (t, w) in tables {
            table::write_error(w, *t, err, opts)?;
        }
        Ok(())
    }

    fn finish(&mut self) -> io::Result<()> {
        let tables = self.tables.take().unwrap_or_default();
        // Write everything out before the first rename, so either all four
        // files appear or (on a write error) none does.
        let mut files = Vec::with_capacity(tables.len());
        for (_, w) in tables {
            files.push(w.into_inner()?.into_inner().map_err(|e| e.into_error())?);
        }
        for f in files {
            f.commit()?;
        }
        Ok(())
    }
}
