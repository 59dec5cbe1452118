//! Finding the input files and opening them as decompressed byte streams.
//!
//! Takes the paths the user gave and gives, one at a time, a buffered reader
//! of each file's uncompressed bytes and the [`Format`] to parse it with.
//! Design decision: **compression is recognised by its magic bytes, never
//! by the file name**, because dumps are routinely renamed and piped; the
//! name only tells the inner format (`x.jsonl.gz` → JSON Lines). When
//! neither the user nor the name gives a format, the first non-space byte
//! decides: `{` JSON Lines, `[` a JSON array, anything else plain text. A
//! tar archive is recognised by its header (`ustar` at byte 257) whatever
//! the name says, and is never read as text.
//!
//! Which files a directory walk takes: those whose name gives a format
//! (through `.gz`/`.zst`/`.bz2`), tar archives (`.tar`, `.tgz`, `.tar.gz`
//! ... or any file with a tar header), files with no extension or only a
//! compression one (`data.gz`, `README`) unless their content is binary,
//! and files with another extension (`.dat`) only when they hold JSON.
//! Every other file is skipped with a message (`notes.md: skipped: ...`);
//! hidden files are skipped and only counted. A file the user names (or
//! any file, with `--input-format`) is always read.

use std::collections::VecDeque;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use super::Format;

/// Read buffer size: large enough that a 100 KB article line is a handful
/// of refills, small enough to keep one per open file cheap.
const BUF_SIZE: usize = 64 * 1024;

/// How much of the decompressed start of a file is looked at to sniff it.
const SNIFF_SIZE: usize = 8 * 1024;

/// One thing to read, in order.
pub(crate) enum Input {
    /// Standard input (`-` or no path at all).
    Stdin,
    /// A file, and whether the user named it (binary content is then read,
    /// and reported as such, rather than skipped).
    File(PathBuf, bool),
    /// A path that could not be listed: reported, then skipped.
    Error(PathBuf, String),
    /// A file left out: why, and whether only to count it (hidden files).
    Skip(PathBuf, String, bool),
}

/// Whether a directory walk (or a tar archive) takes a file of this name:
/// `Err((reason, quiet))` when it does not. Only hidden files are refused
/// by name; [`open`] judges the content of the others whose name gives no
/// format.
pub(crate) fn take_by_name(path: &Path) -> Result<(), (String, bool)> {
    if is_hidden(path) {
        return Err(("hidden file".into(), true));
    }
    Ok(())
}

/// The extension of a name that gives no format: `md` for `notes.md` and
/// `page.md.gz`; `None` for a known format, a tar archive, or no extension.
fn unknown_extension(path: &Path) -> Option<String> {
    if format_from_name(path).is_some() || is_tar_name(path) {
        return None;
    }
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    strip_compression(&name)
        .rsplit_once('.')
        .map(|(_, ext)| ext.to_string())
}

/// Walks the given paths in order; a directory is replaced by its files,
/// recursively, sorted by name; hidden entries are skipped (and counted),
/// the rest are judged by [`open`].
pub(crate) struct Walker {
    /// Pending paths, one queue per open directory level; the last is the
    /// innermost. The first queue holds the user's paths.
    stack: Vec<VecDeque<PathBuf>>,
    /// The directory the user named that is being walked, and how many
    /// files (read or skipped) it has given so far.
    given_dir: Option<(PathBuf, u64)>,
}

impl Walker {
    pub(crate) fn new(paths: &[PathBuf]) -> Walker {
        Walker {
            stack: vec![paths.iter().cloned().collect()],
            given_dir: None,
        }
    }

    /// An empty walk (for readers that are handed their input directly).
    pub(crate) fn empty() -> Walker {
        Walker {
            stack: Vec::new(),
            given_dir: None,
        }
    }
}

impl Iterator for Walker {
    type Item = Input;

    fn next(&mut self) -> Option<Input> {
        let item = self.next_item();
        if let (Some((_, n)), Some(Input::File(..) | Input::Skip(..))) =
            (self.given_dir.as_mut(), &item)
        {
            *n += 1;
        }
        item
    }
}

impl Walker {
    fn next_item(&mut self) -> Option<Input> {
        loop {
            let depth = self.stack.len();
            if depth <= 1 {
                // Back at the user's paths: a named directory that held
                // nothing to read is an error, not a silent success.
                if let Some((dir, 0)) = self.given_dir.take() {
                    return Some(Input::Error(dir, "no files in the directory".into()));
                }
            }
            let queue = self.stack.last_mut()?;
            let Some(path) = queue.pop_front() else {
                self.stack.pop();
                continue;
            };
            let given = depth == 1;
            if given && path.as_os_str() == "-" {
                return Some(Input::Stdin);
            }
            if !given && is_hidden(&path) {
                return Some(Input::Skip(path, "hidden".into(), true));
            }
            // A symlink to a directory met while walking is not followed:
            // it could loop. Symlinks the user names are followed.
            let meta = if given {
                fs::metadata(&path)
            } else {
                fs::symlink_metadata(&path).and_then(|m| {
                    if m.file_type().is_symlink() {
                        fs::metadata(&path).and_then(|t| {
                            if t.is_dir() {
                                Err(io::Error::other("symlinked directory"))
                            } else {
                                Ok(t)
                            }
                        })
                    } else {
                        Ok(m)
                    }
                })
            };
            let meta = match meta {
                Ok(m) => m,
                // A missing named file is reported when it is opened.
                Err(_) if given => return Some(Input::File(path, true)),
                Err(e) => return Some(Input::Skip(path, format!("cannot read: {e}"), false)),
            };
            if meta.is_dir() {
                match list_dir(&path) {
                    Ok(entries) => {
                        if given {
                            self.given_dir = Some((path, 0));
                        }
                        self.stack.push(entries);
                    }
                    Err(e) => {
                        return Some(Input::Error(path, format!("cannot read directory: {e}")))
                    }
                }
                continue;
            }
            if !given && !meta.is_file() {
                return Some(Input::Skip(path, "not a regular file".into(), false));
            }
            if given {
                return Some(Input::File(path, true));
            }
            return Some(match take_by_name(&path) {
                Ok(()) => Input::File(path, false),
                Err((why, quiet)) => Input::Skip(path, why, quiet),
            });
        }
    }
}

fn list_dir(dir: &Path) -> io::Result<VecDeque<PathBuf>> {
    let mut entries = fs::read_dir(dir)?
        .map(|e| e.map(|e| e.path()))
        .collect::<io::Result<Vec<_>>>()?;
    entries.sort();
    Ok(entries.into())
}

fn is_hidden(path: &Path) -> bool {
    path.file_name()
        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
}

/// `name` (lower case) without a compression suffix.
fn strip_compression(name: &str) -> &str {
    for ext in [".gz", ".gzip", ".zst", ".zstd", ".bz2", ".bzip2"] {
        if let Some(inner) = name.strip_suffix(ext) {
            return inner;
        }
    }
    name
}

/// Whether the name is a tar archive's: `.tar` (through compression),
/// `.tgz`, `.tbz2`, `.tzst`.
pub(crate) fn is_tar_name(path: &Path) -> bool {
    let Some(name) = path.file_name() else {
        return false;
    };
    let name = name.to_string_lossy().to_ascii_lowercase();
    strip_compression(&name).ends_with(".tar")
        || [".tgz", ".tbz", ".tbz2", ".tzst"]
            .iter()
            .any(|e| name.ends_with(e))
}

/// The format a file name announces, looking through compression suffixes.
pub(crate) fn format_from_name(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_string_lossy().to_ascii_lowercase();
    let name = strip_compression(&name);
    let ext = name.rsplit_once('.')?.1;
    Some(match ext {
        "jsonl" | "ndjson" | "jsonlines" | "jl" => Format::Jsonl,
        "json" => Format::Json,
        "csv" => Format::Csv,
        "tsv" | "tab" => Format::Tsv,
        "txt" | "text" => Format::Text,
        _ => return None,
    })
}

/// Counts the uncompressed bytes read, for [`super::InputStats::bytes`].
struct Counting<R> {
    inner: R,
    count: Arc<AtomicU64>,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.count.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

/// Reads `head` first, then `inner`: how bytes peeked at for sniffing are
/// put back in front of the stream.
struct Prefixed<R> {
    head: Vec<u8>,
    pos: usize,
    inner: R,
}

impl<R: Read> Read for Prefixed<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        if self.pos < self.head.len() {
            let n = (self.head.len() - self.pos).min(buf.len());
            buf[..n].copy_from_slice(&self.head[self.pos..self.pos + n]);
            self.pos += n;
            return Ok(n);
        }
        self.inner.read(buf)
    }
}

/// Reads up to `n` bytes, fewer only at the end of the stream.
fn read_head<R: Read>(r: &mut R, n: usize) -> io::Result<Vec<u8>> {
    let mut head = Vec::with_capacity(n);
    r.by_ref().take(n as u64).read_to_end(&mut head)?;
    Ok(head)
}

/// A compression recognised from the first bytes of a stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Compression {
    None,
    Gzip,
    Zstd,
    Bzip2,
}

pub(crate) fn compression(head: &[u8]) -> Result<Compression, String> {
    Ok(match head {
        [0x1f, 0x8b, ..] => Compression::Gzip,
        [0x28, 0xb5, 0x2f, 0xfd, ..] => Compression::Zstd,
        [b'B', b'Z', b'h', b'1'..=b'9', ..] => Compression::Bzip2,
        [0xfd, b'7', b'z', b'X', b'Z', 0, ..] => {
            return Err("xz compression is not supported; decompress it first".into())
        }
        [b'P', b'K', 3, 4, ..] => {
            return Err("zip archives are not supported; extract them first".into())
        }
        _ => Compression::None,
    })
}

/// A file opened for parsing.
pub(crate) struct Opened {
    /// The uncompressed bytes, after any byte order mark.
    pub(crate) reader: Box<dyn BufRead + Send>,
    /// The format to parse it with.
    pub(crate) format: Format,
    /// A tar archive: `format` does not apply, its entries are the inputs.
    pub(crate) tar: bool,
    /// Length of the byte order mark that was skipped (0 or 3), so byte
    /// offsets in messages can count from the start of the file.
    pub(crate) bom: usize,
}

/// Why a file was not opened for parsing.
#[derive(Debug)]
pub(crate) enum NotOpened {
    /// An error to report (and count as one).
    Error(String),
    /// Left out on purpose (binary content met in a directory walk).
    Skip(String),
}

impl From<String> for NotOpened {
    fn from(s: String) -> NotOpened {
        NotOpened::Error(s)
    }
}

/// Where the tar header's `ustar` magic sits.
const TAR_MAGIC_AT: usize = 257;

fn is_tar(head: &[u8]) -> bool {
    head.get(TAR_MAGIC_AT..TAR_MAGIC_AT + 5) == Some(b"ustar")
}

/// Binary content: a NUL byte, or bytes that are not UTF-8 (a sequence cut
/// by the end of the sniff window is not held against it).
fn is_binary(head: &[u8]) -> bool {
    if head.contains(&0) {
        return true;
    }
    match std::str::from_utf8(head) {
        Ok(_) => false,
        Err(e) => e.error_len().is_some(),
    }
}

/// Decompresses `raw`, strips a UTF-8 BOM and settles the format: `forced`,
/// else the name's, else sniffed; a tar header wins over all three. An
/// empty stream (or a lone BOM) is an error, as is a read error before the
/// first byte. `walked`: the file was met in a directory walk (or a tar)
/// and its name gives no format, so binary content is skipped.
pub(crate) fn open(
    mut raw: Box<dyn Read + Send>,
    name: Option<&Path>,
    forced: Option<Format>,
    count: Arc<AtomicU64>,
    walked: bool,
) -> Result<Opened, NotOpened> {
    let magic = read_head(&mut raw, 6).map_err(|e| format!("read error: {e}"))?;
    let kind = compression(&magic)?;
    let raw = Prefixed {
        head: magic,
        pos: 0,
        inner: raw,
    };
    let decoded: Box<dyn Read + Send> = match kind {
        Compression::None => Box::new(raw),
        // Multi-member: `cat a.gz b.gz` and pigz/bgzip output are one stream.
        Compression::Gzip => Box::new(flate2::read::MultiGzDecoder::new(raw)),
        Compression::Zstd => Box::new(
            zstd::stream::read::Decoder::new(raw)
                .map_err(|e| format!("cannot start zstd decoder: {e}"))?,
        ),
        Compression::Bzip2 => Box::new(bzip2::read::MultiBzDecoder::new(raw)),
    };
    let mut decoded = Counting {
        inner: decoded,
        count,
    };
    let mut head = read_head(&mut decoded, SNIFF_SIZE).map_err(|e| read_error(&e))?;
    let mut bom = 0;
    if head.starts_with(b"\xEF\xBB\xBF") {
        head.drain(..3);
        bom = 3;
        if head.is_empty() {
            // The BOM may have ended the sniff window by chance.
            head = read_head(&mut decoded, SNIFF_SIZE).map_err(|e| read_error(&e))?;
        }
    }
    if head.is_empty() {
        return Err(NotOpened::Error(if bom > 0 {
            "empty file (only a byte order mark)".into()
        } else {
            "empty file".into()
        }));
    }
    let tar = bom == 0 && is_tar(&head);
    let named = forced.or_else(|| name.and_then(format_from_name));
    if !tar && named.is_none() && walked {
        // Met in a walk with no format in its name: the content decides.
        // No extension: anything but binary is read (JSON, or text). Another
        // extension (`.md`, `.html`, `.dat`): only JSON is read, since a
        // folder's notes and pages are not articles.
        let unknown = name.and_then(unknown_extension);
        let how = "name the file, or give --input-format, to read it";
        match (unknown, is_binary(&head)) {
            (None, true) => return Err(NotOpened::Skip("binary content".into())),
            (Some(ext), true) => {
                return Err(NotOpened::Skip(format!(
                    "`.{ext}` is not an input format (binary content)"
                )))
            }
            (Some(ext), false) if sniff(&head) == Format::Text => {
                return Err(NotOpened::Skip(format!(
                    "`.{ext}` is not an input format and the file does not hold JSON ({how})"
                )))
            }
            _ => {}
        }
    }
    if !tar && name.is_some_and(is_tar_name) && forced.is_none() {
        return Err(NotOpened::Error(
            "named like a tar archive but has no tar header".into(),
        ));
    }
    let format = named.unwrap_or_else(|| sniff(&head));
    let reader = BufReader::with_capacity(
        BUF_SIZE,
        Prefixed {
            head,
            pos: 0,
            inner: decoded,
        },
    );
    Ok(Opened {
        reader: Box::new(reader),
        format,
        tar,
        bom,
    })
}

/// The format told by the first non-space byte.
pub(crate) fn sniff(head: &[u8]) -> Format {
    match head.iter().find(|b| !b.is_ascii_whitespace()) {
        Some(b'{') => Format::Jsonl,
        Some(b'[') => Format::Json,
        _ => Format::Text,
    }
}

/// Words for an I/O error met while reading (decompressing) a stream.
pub(crate) fn read_error(e: &io::Error) -> String {
    if e.kind() == io::ErrorKind::UnexpectedEof {
        format!("truncated input: {e}")
    } else {
        format!("read error: {e}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_give_inner_formats() {
        let f = |s: &str| format_from_name(Path::new(s));
        assert_eq!(f("a/b.jsonl.gz"), Some(Format::Jsonl));
        assert_eq!(f("B.NDJSON"), Some(Format::Jsonl));
        assert_eq!(f("x.json.zst"), Some(Format::Json));
        assert_eq!(f("x.tsv.bz2"), Some(Format::Tsv));
        assert_eq!(f("x.csv"), Some(Format::Csv));
        assert_eq!(f("x.txt"), Some(Format::Text));
        assert_eq!(f("x.gz"), None);
        assert_eq!(f("x.pdf"), None);
        assert_eq!(f("README"), None);
        assert_eq!(f("x.tar.gz"), None);
    }

    fn open_walked(name: &str, bytes: &[u8]) -> Result<Format, String> {
        let r = open(
            Box::new(io::Cursor::new(bytes.to_vec())),
            Some(Path::new(name)),
            None,
            Arc::default(),
            true,
        );
        match r {
            Ok(o) => Ok(o.format),
            Err(NotOpened::Skip(m) | NotOpened::Error(m)) => Err(m),
        }
    }

    #[test]
    fn which_files_a_walk_takes() {
        assert!(take_by_name(Path::new(".DS_Store")).unwrap_err().1);
        assert_eq!(take_by_name(Path::new("notes.md")), Ok(()));
        let unknown = |s: &str| unknown_extension(Path::new(s));
        for name in [
            "a.jsonl", "a.csv.gz", "noext", "data.gz", "a.tar", "a.tar.gz", "a.tgz",
        ] {
            assert_eq!(unknown(name), None, "{name}");
        }
        assert_eq!(unknown("page.html.gz").as_deref(), Some("html"));
        // By content: text and JSON without an extension, JSON only with
        // an unknown one, never binary.
        assert_eq!(open_walked("noext", b"Some article."), Ok(Format::Text));
        assert_eq!(
            open_walked("dump.dat", b"{\"text\": \"x\"}"),
            Ok(Format::Jsonl)
        );
        let md = open_walked("notes.md", b"# Notes").unwrap_err();
        assert!(md.contains("`.md` is not an input format and the file does not hold JSON"));
        assert_eq!(open_walked("blob", b"\0\x01"), Err("binary content".into()));
        assert!(open_walked("photo.png", b"\x89PNG\r\n\x1a\n\0")
            .unwrap_err()
            .contains("binary content"));
        assert!(is_tar_name(Path::new("A.TAR.ZST")));
        assert!(!is_tar_name(Path::new("a.star")));
    }

    #[test]
    fn binary_heads() {
        assert!(is_binary(b"abc\0def"));
        assert!(is_binary(b"\xff\xfeab"));
        assert!(!is_binary("plain text é".as_bytes()));
        // A sequence cut by the end of the window is not binary.
        assert!(!is_binary(&"é".as_bytes()[..1]));
    }

    #[test]
    fn magic_bytes() {
        assert_eq!(compression(&[0x1f, 0x8b, 8]), Ok(Compression::Gzip));
        assert_eq!(compression(b"BZh91AY"), Ok(Compression::Bzip2));
        assert_eq!(compression(b"BZ"), Ok(Compression::None));
        assert_eq!(
            compression(&[0x28, 0xb5, 0x2f, 0xfd, 0]),
            Ok(Compression::Zstd)
        );
        assert!(compression(&[0xfd, b'7', b'z', b'X', b'Z', 0]).is_err());
        assert_eq!(compression(b"{\"a\""), Ok(Compression::None));
    }

    #[test]
    fn sniffing() {
        assert_eq!(sniff(b"  \n{\"a\":1}"), Format::Jsonl);
        assert_eq!(sniff(b"\t[1]"), Format::Json);
        assert_eq!(sniff(b"Hello"), Format::Text);
        assert_eq!(sniff(b"   "), Format::Text);
    }
}
