//! Tar archives (`.tar`, `.tar.gz`, ...): each regular file inside is an
//! input of its own.
//!
//! Takes the decompressed bytes of an archive and gives the records of its
//! entries in archive order, each entry read like a file met in a directory
//! walk: its format from its inner name (through compression) or its
//! content, hidden entries and unknown extensions skipped and reported, and
//! every location named `archive.tar.gz:inner/path[:line]`.
//!
//! The design decision: the `tar` crate's entry iterator borrows the
//! archive, so it cannot live inside a [`Source`] that is handed back and
//! forth. The archive is walked on its own thread instead, which sends
//! each entry's bytes over a bounded channel (two 64 KB chunks in flight),
//! so memory stays bounded by the largest record, as for plain files.
//! Dropping the reader closes the channels, which ends the thread at its
//! next send, and waits for it: no thread outlives its archive (the fuzzer
//! counted one that did as a leak).

use std::io::{self, Read};
use std::path::Path;
use std::sync::atomic::AtomicU64;
use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::Arc;

use super::record::{location, Roles};
use super::source::{self, read_error, take_by_name, NotOpened};
use super::{Context, Source};
use crate::model::{Document, RecordError};

/// Bytes per chunk sent from the archive thread.
const CHUNK: usize = 64 * 1024;

enum Msg {
    /// A regular file: its path inside the archive and its bytes.
    Entry(String, Receiver<io::Result<Vec<u8>>>),
    /// An entry left out, and whether only to count it.
    Skip(String, String, bool),
    /// The archive cannot be read further.
    Error(String),
    /// The end of the archive.
    End,
}

/// Reads the entries of one tar archive.
pub(crate) struct TarReader {
    rx: Receiver<Msg>,
    thread: Option<std::thread::JoinHandle<()>>,
    archive: Arc<str>,
    ctx: Context,
    current: Option<Box<dyn Source>>,
    done: bool,
}

impl TarReader {
    pub(crate) fn new(
        r: Box<dyn io::BufRead + Send>,
        archive: Arc<str>,
        ctx: Context,
    ) -> TarReader {
        let (tx, rx) = sync_channel(1);
        let thread = std::thread::spawn(move || walk(r, &tx));
        TarReader {
            rx,
            thread: Some(thread),
            archive,
            ctx,
            current: None,
            done: false,
        }
    }

    fn error(
        &mut self,
        line_name: Arc<str>,
        message: String,
    ) -> Option<Result<Document, RecordError>> {
        Some(Err(RecordError {
            location: location(&line_name, 0),
            id: None,
            message,
        }))
    }
}

impl Drop for TarReader {
    fn drop(&mut self) {
        // The entry being read, then the channel with whatever is queued
        // in it: each send of the thread now fails, so it ends.
        self.current = None;
        let (_, closed) = sync_channel(0);
        drop(std::mem::replace(&mut self.rx, closed));
        if let Some(t) = self.thread.take() {
            // A panic there was already reported as the archive reader
            // stopping unexpectedly.
            let _ = t.join();
        }
    }
}

/// The archive thread: sends every entry, then `End` (or `Error`). Stops
/// as soon as the reader is gone.
fn walk(r: Box<dyn io::BufRead + Send>, tx: &SyncSender<Msg>) {
    let mut archive = tar::Archive::new(r);
    let entries = match archive.entries() {
        Ok(e) => e,
        Err(e) => {
            let _ = tx.send(Msg::Error(format!(
                "cannot read the tar archive: {}",
                read_error(&e)
            )));
            return;
        }
    };
    for entry in entries {
        let mut entry = match entry {
            Ok(e) => e,
            Err(e) => {
                let _ = tx.send(Msg::Error(format!(
                    "cannot read the tar archive: {}",
                    read_error(&e)
                )));
                return;
            }
        };
        let path = String::from_utf8_lossy(&entry.path_bytes()).into_owned();
        let kind = entry.header().entry_type();
        if kind.is_dir() || kind.is_pax_global_extensions() || kind.is_pax_local_extensions() {
            continue;
        }
        if !kind.is_file() {
            if tx
                .send(Msg::Skip(
                    path,
                    "not a regular file in the archive".into(),
                    false,
                ))
                .is_err()
            {
                return;
            }
            continue;
        }
        let (dtx, drx) = sync_channel(2);
        if tx.send(Msg::Entry(path, drx)).is_err() {
            return;
        }
        loop {
            let mut buf = vec![0; CHUNK];
            match entry.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    buf.truncate(n);
                    // The reader may stop reading an entry early (an error
                    // that ends the file): skip to the next entry.
                    if dtx.send(Ok(buf)).is_err() {
                        break;
                    }
                }
                Err(e) => {
                    let _ = dtx.send(Err(e));
                    let _ = tx.send(Msg::End);
                    return;
                }
            }
        }
    }
    let _ = tx.send(Msg::End);
}

/// An entry's bytes, as they arrive from the archive thread.
struct ChannelReader {
    rx: Receiver<io::Result<Vec<u8>>>,
    chunk: Vec<u8>,
    pos: usize,
}

impl Read for ChannelReader {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        while self.pos == self.chunk.len() {
            match self.rx.recv() {
                Ok(Ok(chunk)) => {
                    self.chunk = chunk;
                    self.pos = 0;
                }
                Ok(Err(e)) => return Err(e),
                // The sender is dropped at the end of the entry.
                Err(_) => return Ok(0),
            }
        }
        let n = (self.chunk.len() - self.pos).min(buf.len());
        buf[..n].copy_from_slice(&self.chunk[self.pos..self.pos + n]);
        self.pos += n;
        Ok(n)
    }
}

impl Source for TarReader {
    fn next_record(&mut self, roles: &Roles) -> Option<Result<Document, RecordError>> {
        loop {
            if let Some(src) = self.current.as_mut() {
                if let Some(r) = src.next_record(roles) {
                    return Some(r);
                }
                self.current = None;
            }
            if self.done {
                return None;
            }
            let msg = self.rx.recv().unwrap_or_else(|_| {
                Msg::Error("the tar archive reader stopped unexpectedly".into())
            });
            match msg {
                Msg::End => {
                    self.done = true;
                    return None;
                }
                Msg::Error(m) => {
                    self.done = true;
                    return self.error(Arc::clone(&self.archive), m);
                }
                Msg::Skip(path, why, quiet) => {
                    self.ctx
                        .skip(format!("{}:{path}", self.archive), why, quiet);
                }
                Msg::Entry(path, rx) => {
                    let name: Arc<str> = Arc::from(format!("{}:{path}", self.archive));
                    let inner = Path::new(&path);
                    if let Err((why, quiet)) = take_by_name(inner) {
                        self.ctx.skip(name.to_string(), why, quiet);
                        continue;
                    }
                    if source::is_tar_name(inner) {
                        self.ctx.skip(
                            name.to_string(),
                            "a tar archive inside a tar archive is not read".into(),
                            false,
                        );
                        continue;
                    }
                    let reader = ChannelReader {
                        rx,
                        chunk: Vec::new(),
                        pos: 0,
                    };
                    // The archive's bytes are counted already.
                    let uncounted = Arc::new(AtomicU64::new(0));
                    match source::open(
                        Box::new(reader),
                        Some(inner),
                        self.ctx.format,
                        uncounted,
                        true,
                    ) {
                        Ok(opened) if opened.tar => self.ctx.skip(
                            name.to_string(),
                            "a tar archive inside a tar archive is not read".into(),
                            false,
                        ),
                        Ok(opened) => self.current = Some(self.ctx.source(opened, name)),
                        Err(NotOpened::Skip(why)) => self.ctx.skip(name.to_string(), why, false),
                        Err(NotOpened::Error(m)) => return self.error(name, m),
                    }
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::input::{read_from_reader, InputOptions};

    fn tar_of(n: usize) -> Vec<u8> {
        let mut b = tar::Builder::new(Vec::new());
        for i in 0..n {
            let data = format!("Article number {i}.");
            let mut h = tar::Header::new_gnu();
            h.set_size(data.len() as u64);
            h.set_cksum();
            b.append_data(&mut h, format!("a/{i:03}.txt"), data.as_bytes())
                .unwrap();
        }
        b.into_inner().unwrap()
    }

    #[test]
    fn entries_in_order_named_inside_the_archive() {
        let r = read_from_reader(
            Box::new(std::io::Cursor::new(tar_of(3))),
            "x.tar",
            &InputOptions::default(),
        );
        let ids: Vec<String> = r.map(|d| d.unwrap().id).collect();
        assert_eq!(
            ids,
            ["x.tar:a/000.txt", "x.tar:a/001.txt", "x.tar:a/002.txt"]
        );
    }

    #[test]
    fn dropping_the_reader_early_ends_its_thread() {
        let mut r = read_from_reader(
            Box::new(std::io::Cursor::new(tar_of(200))),
            "x.tar",
            &InputOptions::default(),
        );
        assert!(r.next().unwrap().is_ok());
        // Joins the archive thread, which is blocked sending the next
        // entry: this returns only if the thread sees the closed channel.
        drop(r);
    }
}
