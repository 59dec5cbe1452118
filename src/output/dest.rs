//! Where output goes: standard output, or a file that appears only when the
//! run completes.
//!
//! Takes a path (or none); gives a writer. The design decision: **files are
//! written under a temporary name in the same directory and renamed into
//! place by `commit`**, so a run that is killed or fails never leaves a
//! half file that looks complete, and a file from an earlier run stays
//! whole until the new one is ready. Paths that are not regular files
//! (`/dev/null`, a named pipe) are written directly: they cannot be
//! renamed over.

use std::fs::{self, File};
use std::io::{self, StdoutLock, Write};
use std::path::{Path, PathBuf};

/// A file written under a temporary name and renamed to its real name by
/// [`AtomicFile::commit`]; dropped uncommitted, the temporary file is
/// removed.
#[derive(Debug)]
pub struct AtomicFile {
    file: Option<File>,
    tmp: PathBuf,
    path: PathBuf,
}

impl AtomicFile {
    /// Creates `.NAME.PID.tmp` next to `path`.
    pub fn create(path: &Path) -> io::Result<AtomicFile> {
        let name = path
            .file_name()
            .ok_or_else(|| io::Error::new(io::ErrorKind::InvalidInput, "not a file name"))?;
        let tmp = path.with_file_name(format!(
            ".{}.{}.tmp",
            name.to_string_lossy(),
            std::process::id()
        ));
        let file = File::create(&tmp)?;
        Ok(AtomicFile {
            file: Some(file),
            tmp,
            path: path.to_path_buf(),
        })
    }

    /// The name the file will have.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Flushes, closes and renames the file into place.
    pub fn commit(mut self) -> io::Result<()> {
        if let Some(mut f) = self.file.take() {
            f.flush()?;
        }
        fs::rename(&self.tmp, &self.path)
    }

    fn file(&mut self) -> io::Result<&mut File> {
        self.file
            .as_mut()
            .ok_or_else(|| io::Error::other("file already committed"))
    }
}

impl Write for AtomicFile {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.file()?.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.file()?.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.file()?.flush()
    }
}

impl Drop for AtomicFile {
    fn drop(&mut self) {
        if self.file.take().is_some() {
            let _ = fs::remove_file(&self.tmp);
        }
    }
}

/// Standard output or a file given with `-o`.
#[derive(Debug)]
pub enum Destination {
    /// Standard output.
    Stdout(StdoutLock<'static>),
    /// A regular file, renamed into place on commit.
    File(AtomicFile),
    /// Something that is not a regular file (`/dev/null`, a pipe), written
    /// as it is.
    Special(File),
}

impl Destination {
    /// Standard output for `None` or `-`, else the file at `path`.
    pub fn open(path: Option<&Path>) -> io::Result<Destination> {
        let Some(path) = path.filter(|p| p.as_os_str() != "-") else {
            return Ok(Destination::Stdout(io::stdout().lock()));
        };
        match fs::metadata(path) {
            Ok(m) if !m.is_file() => Ok(Destination::Special(
                fs::OpenOptions::new().write(true).open(path)?,
            )),
            _ => AtomicFile::create(path).map(Destination::File),
        }
    }

    /// Flushes and, for a file, renames it into place.
    pub fn commit(self) -> io::Result<()> {
        match self {
            Destination::Stdout(mut s) => s.flush(),
            Destination::File(f) => f.commit(),
            Destination::Special(mut f) => f.flush(),
        }
    }
}

impl Write for Destination {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Destination::Stdout(s) => s.write(buf),
            Destination::File(f) => f.write(buf),
            Destination::Special(f) => f.write(buf),
        }
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        match self {
            Destination::Stdout(s) => s.write_all(buf),
            Destination::File(f) => f.write_all(buf),
            Destination::Special(f) => f.write_all(buf),
        }
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Destination::Stdout(s) => s.flush(),
            Destination::File(f) => f.flush(),
            Destination::Special(f) => f.flush(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_appears_only_on_commit() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.jsonl");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"{}\n").unwrap();
        assert!(!path.exists());
        f.commit().unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"{}\n");
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn dropped_uncommitted_leaves_nothing() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("out.csv");
        let mut f = AtomicFile::create(&path).unwrap();
        f.write_all(b"half").unwrap();
        drop(f);
        assert_eq!(fs::read_dir(dir.path()).unwrap().count(), 0);
    }
}
