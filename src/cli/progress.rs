//! Progress on standard error while a run goes: documents, megabytes,
//! MB/s, and an ETA when the size of the input is known.
//!
//! Takes the run's [`Summary`] after each batch and the number of input
//! bytes read so far; draws an indicatif bar. The CLI creates one only when
//! standard error is a terminal and `--quiet` is not given, so logs and
//! pipes never see control characters.
//!
//! The design decision: **the total is an estimate made before the run**
//! from file sizes (a gzip file's own record of its uncompressed size; a
//! zstd or bzip2 file makes the total unknown, and the bar shows no ETA),
//! because the input layer streams and never knows the end in advance.

use std::fs::{self, File};
use std::io::{Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use quarry::pipeline::Summary;

/// A progress bar on standard error, or nothing.
pub(crate) struct Progress {
    bar: Option<ProgressBar>,
}

impl Progress {
    /// No progress at all.
    pub(crate) fn hidden() -> Progress {
        Progress { bar: None }
    }

    /// A bar over `total` input bytes, or a counter when the total is
    /// unknown.
    pub(crate) fn new(total: Option<u64>) -> Progress {
        let (bar, template) = match total {
            Some(n) => (
                ProgressBar::with_draw_target(Some(n), ProgressDrawTarget::stderr()),
                "{spinner} {msg} {decimal_bytes}/{decimal_total_bytes} \
                 ({decimal_bytes_per_sec}) [{wide_bar}] ETA {eta}",
            ),
            None => (
                ProgressBar::with_draw_target(None, ProgressDrawTarget::stderr()),
                "{spinner} {msg} {decimal_bytes} ({decimal_bytes_per_sec}) {elapsed}",
            ),
        };
        if let Ok(style) = ProgressStyle::with_template(template) {
            bar.set_style(style.progress_chars("=> "));
        }
        bar.set_message("0 documents");
        // The pipeline reports once per batch; the tick keeps the rate and
        // ETA moving in between.
        bar.enable_steady_tick(Duration::from_millis(200));
        Progress { bar: Some(bar) }
    }

    /// Shows the state after a batch; `input_bytes` is what the readers
    /// have consumed.
    pub(crate) fn update(&self, s: &Summary, input_bytes: u64) {
        if let Some(bar) = &self.bar {
            bar.set_position(input_bytes);
            let errors = if s.errors > 0 {
                format!(", {} errors", s.errors)
            } else {
                String::new()
            };
            bar.set_message(format!("{} documents{errors}", s.documents));
        }
    }

    /// Prints a line on standard error without tearing the bar.
    pub(crate) fn println(&self, line: &str) {
        // Not eprintln!: it panics when standard error is closed.
        let print = || {
            let _ = writeln!(std::io::stderr(), "{line}");
        };
        match &self.bar {
            Some(bar) => bar.suspend(print),
            None => print(),
        }
    }

    /// A printer like [`Progress::println`] for another thread (the
    /// reader's, which reports skipped files as it meets them).
    pub(crate) fn printer(&self) -> impl Fn(&str) + Send + 'static {
        let bar = self.bar.clone();
        move |line: &str| {
            let print = || {
                let _ = writeln!(std::io::stderr(), "{line}");
            };
            match &bar {
                Some(bar) => bar.suspend(print),
                None => print(),
            }
        }
    }

    /// Removes the bar (the summary line replaces it).
    pub(crate) fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        // On an early return (an error) the bar must not stay on screen.
        self.finish();
    }
}

/// The estimated number of bytes the readers will consume from `paths`:
/// file sizes, directories walked as the input layer walks them (hidden
/// entries and symlinked directories skipped). `None` for standard input
/// and for compression whose output size cannot be known in advance.
pub(crate) fn input_size(paths: &[PathBuf]) -> Option<u64> {
    if paths.is_empty() {
        return None;
    }
    let mut total = 0u64;
    for p in paths {
        if p.as_os_str() == "-" {
            return None;
        }
        total = total.checked_add(path_size(p, true)?)?;
    }
    Some(total)
}

fn path_size(path: &Path, given: bool) -> Option<u64> {
    let meta = if given {
        fs::metadata(path)
    } else {
        fs::symlink_metadata(path)
    };
    let Ok(meta) = meta else {
        // Unreadable paths are reported by the readers; they add nothing.
        return Some(0);
    };
    if meta.is_dir() {
        let mut total = 0u64;
        let Ok(entries) = fs::read_dir(path) else {
            return Some(0);
        };
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with('.') {
                continue;
            }
            total = total.checked_add(path_size(&e.path(), false)?)?;
        }
        Some(total)
    } else if meta.is_file() {
        file_size(path, meta.len())
    } else if meta.file_type().is_symlink() {
        // A symlinked file is read; a symlinked directory is not walked.
        fs::metadata(path)
            .ok()
            .filter(|m| m.is_file())
            .map_or(Some(0), |m| file_size(path, m.len()))
    } else {
        // A named pipe or device: no size to know.
        None
    }
}

/// The uncompressed size of one file, if it can be known cheaply.
fn file_size(path: &Path, len: u64) -> Option<u64> {
    let Ok(mut f) = File::open(path) else {
        return Some(0);
    };
    let mut magic = [0u8; 4];
    let n = f.read(&mut magic).ok()?;
    match &magic[..n] {
        // gzip: the last four bytes are the uncompressed size modulo 2^32
        // (of the last member, for concatenated files: an estimate).
        [0x1f, 0x8b, ..] => {
            let mut isize = [0u8; 4];
            f.seek(SeekFrom::End(-4)).ok()?;
            f.read_exact(&mut isize).ok()?;
            let size = u64::from(u32::from_le_bytes(isize));
            // A smaller figure means the size wrapped past 4 GiB.
            (size >= len).then_some(size)
        }
        [0x28, 0xb5, 0x2f, 0xfd] | [b'B', b'Z', b'h', ..] => None,
        _ => Some(len),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_files_dirs_and_gzip() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("a.jsonl"), b"0123456789").unwrap();
        fs::write(dir.path().join(".hidden"), b"xxxx").unwrap();
        let sub = dir.path().join("sub");
        fs::create_dir(&sub).unwrap();
        let text = "A long enough line of text. ".repeat(100);
        let mut gz = flate2::write::GzEncoder::new(
            File::create(sub.join("b.txt.gz")).unwrap(),
            flate2::Compression::default(),
        );
        gz.write_all(text.as_bytes()).unwrap();
        gz.finish().unwrap();
        assert_eq!(
            input_size(&[dir.path().to_path_buf()]),
            Some(10 + text.len() as u64)
        );
        assert_eq!(input_size(&[PathBuf::from("-")]), None);
        assert_eq!(input_size(&[]), None);
        fs::write(sub.join("c.zst"), [0x28, 0xb5, 0x2f, 0xfd, 0]).unwrap();
        assert_eq!(input_size(&[dir.path().to_path_buf()]), None);
    }
}
