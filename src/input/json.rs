//! JSON Lines, JSON documents and JSON arrays, streamed.
//!
//! Takes a buffered byte stream and gives one JSON value per record, with
//! the line it started on. Two modes share one reader:
//!
//! - **Lines** (JSON Lines, and a JSON file holding one object): a line at a
//!   time into a reused buffer, so memory is bounded by the longest line.
//!   Several objects on one line (`{..}{..}`) are several records; an object
//!   spread over several lines (pretty-printed) is gathered until its
//!   brackets balance. A bad line is one error and reading goes on at the
//!   next line.
//! - **Array** (a JSON file holding `[..]`, or the array a `records_path`
//!   points to inside an envelope): elements are cut out one at a time by a
//!   small bracket-and-string scanner and parsed separately, so a 10 GB
//!   array needs the memory of one element, and a bad element is one error.
//!
//! The design decision: the scanner only finds where a value ends (depth
//! of `{[`/`]}` outside strings); serde_json does all real parsing and
//! reports all real errors.
//!
//! **Memory is bounded whatever the line length.** With a cap (from
//! `--max-doc-bytes`, see [`super::json_cap`]), a line, a gathered record
//! or an array element longer than the cap stops being kept once it passes
//! it: the reader goes on to its end counting bytes, and reports it as one
//! error. A 300 MB line costs the cap, not 300 MB (twice over for the
//! parsed string).

use std::collections::VecDeque;
use std::io::{self, BufRead};
use std::sync::Arc;

use serde_json::Value;

use super::record::{location, Roles};
use super::source::read_error;
use super::Source;
use crate::model::{Document, RecordError};

/// Where the reader is in the stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Mode {
    /// A JSON file before its first value: decides between Lines and Array.
    Start,
    /// One value after another, line by line.
    Lines,
    /// Inside an array; `need_comma` once an element has been read.
    Array { need_comma: bool },
    /// Finished (end of input, or an error that leaves no way to resync).
    Done,
}

/// A parsed value waiting to become a document.
struct Pending {
    value: Value,
    line: u64,
    /// How the record is named when it has no id field.
    fallback: Fallback,
}

enum Fallback {
    /// The whole file is the record: `path`.
    File,
    /// `path:line`, or `path:line#n` for the n-th record on a line (n ≥ 2).
    Line(u32),
    /// `path#n`: the n-th element of an array.
    Element(u64),
}

/// An object or array spread over several lines, being gathered.
struct Partial {
    buf: Vec<u8>,
    start_line: u64,
    scan: Scan,
    /// Bytes gathered, kept or not.
    size: usize,
    /// Past the cap: bytes are scanned, not kept.
    over: bool,
}

/// Tracks bracket depth outside strings to tell where a value ends.
#[derive(Clone, Copy, Debug, Default)]
struct Scan {
    depth: u32,
    in_str: bool,
    esc: bool,
}

impl Scan {
    /// Feeds bytes of a value that began with `{` or `[`; true once its
    /// brackets balance.
    fn feed(&mut self, bytes: &[u8]) -> bool {
        feed_until_balanced(self, bytes).1
    }
}

/// Reads JSON Lines, JSON documents and JSON arrays.
pub(crate) struct JsonReader {
    r: Box<dyn BufRead + Send>,
    file: Arc<str>,
    /// The 1-based number of the line the reader is on.
    line: u64,
    mode: Mode,
    /// Reused line (or element) buffer.
    buf: Vec<u8>,
    pending: VecDeque<Result<Pending, RecordError>>,
    partial: Option<Partial>,
    /// A JSON document's first object is named after the file.
    whole_file: bool,
    records_path: Option<String>,
    /// Elements read so far in Array mode.
    elements: u64,
    /// JSON Lines of envelopes: the pointer to the records in each line.
    line_records_path: Option<String>,
    /// The most bytes of one line, record or element kept in memory.
    cap: usize,
    /// The last `capture` passed `cap` (and kept nothing).
    captured_over: bool,
    /// Bytes the last `capture` consumed.
    captured_size: usize,
}

/// Reads one line (up to and including `\n`) into `buf`, keeping it only
/// while it fits in `cap` bytes; gives the line's whole length and whether
/// it was too long (then `buf` is left empty).
pub(crate) fn read_line_capped(
    r: &mut dyn BufRead,
    buf: &mut Vec<u8>,
    cap: usize,
) -> io::Result<(usize, bool)> {
    let mut total = 0usize;
    let mut over = false;
    loop {
        let avail = match r.fill_buf() {
            Ok(b) => b,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if avail.is_empty() {
            return Ok((total, over));
        }
        let (n, done) = match memchr::memchr(b'\n', avail) {
            Some(i) => (i + 1, true),
            None => (avail.len(), false),
        };
        if !over {
            if buf.len() + n <= cap {
                buf.extend_from_slice(&avail[..n]);
            } else {
                over = true;
                buf.clear();
                buf.shrink_to(1 << 16);
            }
        }
        total = total.saturating_add(n);
        r.consume(n);
        if done {
            return Ok((total, over));
        }
    }
}

pub(crate) fn too_long(what: &str, size: usize, cap: usize) -> String {
    format!(
        "{what} is over {cap} bytes ({size} read), more than a document under --max-doc-bytes \
         can need (2 × the limit + 1 MiB); skipped unread"
    )
}

impl JsonReader {
    /// A JSON Lines reader; with `records_path`, each line is an envelope
    /// and the records are the array (or object) the pointer names in it.
    pub(crate) fn lines(
        r: Box<dyn BufRead + Send>,
        file: Arc<str>,
        records_path: Option<String>,
        cap: Option<usize>,
    ) -> JsonReader {
        let mut reader = JsonReader::new(r, file, Mode::Lines, None, cap);
        reader.line_records_path = records_path;
        reader
    }

    /// A reader for a JSON file: an object, an array of objects, or with
    /// `records_path` an envelope holding the array.
    pub(crate) fn document(
        r: Box<dyn BufRead + Send>,
        file: Arc<str>,
        records_path: Option<String>,
        cap: Option<usize>,
    ) -> JsonReader {
        JsonReader::new(r, file, Mode::Start, records_path, cap)
    }

    fn new(
        r: Box<dyn BufRead + Send>,
        file: Arc<str>,
        mode: Mode,
        records_path: Option<String>,
        cap: Option<usize>,
    ) -> JsonReader {
        JsonReader {
            r,
            file,
            line: 1,
            mode,
            buf: Vec::new(),
            pending: VecDeque::new(),
            partial: None,
            whole_file: false,
            records_path,
            elements: 0,
            line_records_path: None,
            cap: cap.unwrap_or(usize::MAX),
            captured_over: false,
            captured_size: 0,
        }
    }

    fn error(&mut self, line: u64, message: String) {
        self.pending.push_back(Err(RecordError {
            location: location(&self.file, line),
            id: None,
            message,
        }));
    }

    fn fail(&mut self, line: u64, message: String) {
        self.error(line, message);
        self.mode = Mode::Done;
    }

    /// Works until at least one record or error is pending, or the input
    /// is done.
    fn fill(&mut self) {
        while self.pending.is_empty() {
            match self.mode {
                Mode::Done => return,
                Mode::Start => self.start(),
                Mode::Lines => self.next_line(),
                Mode::Array { need_comma } => self.next_element(need_comma),
            }
        }
    }

    // ---- Lines mode ----

    fn next_line(&mut self) {
        self.buf.clear();
        let line_no = self.line;
        match read_line_capped(&mut *self.r, &mut self.buf, self.cap) {
            Ok((0, _)) => {
                if let Some(p) = self.partial.take() {
                    self.error(
                        p.start_line,
                        "invalid JSON: the file ends inside this record".into(),
                    );
                }
                self.mode = Mode::Done;
                return;
            }
            Ok((size, true)) => {
                self.line += 1;
                if let Some(p) = self.partial.take() {
                    self.error(
                        p.start_line,
                        format!("invalid JSON: record is incomplete (line {line_no} is too long to read)"),
                    );
                }
                self.error(line_no, too_long("line", size, self.cap));
                return;
            }
            Ok(_) => self.line += 1,
            Err(e) => {
                // The stream cannot be trusted past a read error (a
                // truncated or corrupt compressed file).
                if let Some(p) = self.partial.take() {
                    self.error(p.start_line, format!("invalid JSON: {}", read_error(&e)));
                    self.mode = Mode::Done;
                } else {
                    self.fail(line_no, read_error(&e));
                }
                return;
            }
        }
        let mut buf = std::mem::take(&mut self.buf);
        self.handle_line(&buf, line_no);
        buf.clear();
        self.buf = buf;
    }

    fn handle_line(&mut self, line: &[u8], line_no: u64) {
        if let Err(e) = std::str::from_utf8(line) {
            let start = self.partial.take().map_or(line_no, |p| p.start_line);
            let at = if start == line_no {
                String::new()
            } else {
                format!(" (line {line_no})")
            };
            self.error(
                start,
                format!("invalid UTF-8 at byte {} of the line{at}", e.valid_up_to()),
            );
            return;
        }
        if let Some(mut p) = self.partial.take() {
            // A new record starting at the margin means the gathered one
            // was cut short; pretty-printed inner objects are indented.
            if line.first() == Some(&b'{') {
                self.error(
                    p.start_line,
                    format!(
                        "invalid JSON: record is incomplete (a new one starts at line {line_no})"
                    ),
                );
            } else {
                p.size = p.size.saturating_add(line.len());
                if !p.over && p.size > self.cap {
                    p.over = true;
                    p.buf = Vec::new();
                }
                if !p.over {
                    p.buf.extend_from_slice(line);
                }
                if p.scan.feed(line) {
                    if p.over {
                        self.error(p.start_line, too_long("record", p.size, self.cap));
                    } else {
                        self.parse_all(&p.buf, p.start_line);
                    }
                } else {
                    self.partial = Some(p);
                }
                return;
            }
        }
        if line.iter().all(u8::is_ascii_whitespace) {
            return;
        }
        self.parse_all(line, line_no);
    }

    /// Parses every value in `bytes` (which starts at line `line`); an
    /// unfinished object at the end becomes the partial record.
    fn parse_all(&mut self, bytes: &[u8], line: u64) {
        let mut stream = serde_json::Deserializer::from_slice(bytes).into_iter::<Value>();
        let mut pos = 0; // bytes whose newlines are counted into `cur_line`
        let mut cur_line = line;
        let mut last_line = 0;
        let mut on_line = 0u32;
        loop {
            let start = stream.byte_offset();
            let skip = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_whitespace())
                .count();
            cur_line += count_lines(&bytes[pos..start + skip]);
            pos = start + skip;
            match stream.next() {
                None => return,
                Some(Ok(value)) => {
                    if cur_line == last_line {
                        on_line += 1;
                    } else {
                        on_line = 1;
                        last_line = cur_line;
                    }
                    self.push_value(value, cur_line, on_line);
                }
                Some(Err(e)) if e.is_eof() => {
                    let rest = &bytes[pos..];
                    if matches!(rest.first(), Some(b'{' | b'[')) {
                        let mut scan = Scan::default();
                        // Cannot balance: serde just ran out of input.
                        scan.feed(rest);
                        self.partial = Some(Partial {
                            buf: rest.to_vec(),
                            start_line: cur_line,
                            scan,
                            size: rest.len(),
                            over: false,
                        });
                    } else {
                        self.error(cur_line, json_message(&e));
                    }
                    return;
                }
                Some(Err(e)) => {
                    // serde counts lines from the start of `bytes`, and may
                    // blame the line after a final newline it tripped on.
                    let body = bytes.strip_suffix(b"\n").unwrap_or(bytes);
                    let at =
                        (line + (e.line() as u64).saturating_sub(1)).min(line + count_lines(body));
                    self.error(at, json_message(&e));
                    return;
                }
            }
        }
    }

    fn push_value(&mut self, mut value: Value, line: u64, on_line: u32) {
        if let Some(path) = &self.line_records_path {
            value = match value.pointer_mut(path) {
                Some(v) => v.take(),
                None => {
                    let message = format!("--records-path {path}: not found in this record");
                    return self.error(line, message);
                }
            };
        }
        match value {
            // An array on a line is a batch of records.
            Value::Array(items) if !self.whole_file => {
                for (i, item) in items.into_iter().enumerate() {
                    let n = (on_line as usize).saturating_add(i);
                    self.pending.push_back(Ok(Pending {
                        value: item,
                        line,
                        fallback: Fallback::Line(u32::try_from(n).unwrap_or(u32::MAX)),
                    }));
                }
            }
            value => {
                let fallback = if self.whole_file {
                    self.whole_file = false;
                    Fallback::File
                } else {
                    Fallback::Line(on_line)
                };
                self.pending.push_back(Ok(Pending {
                    value,
                    line,
                    fallback,
                }));
            }
        }
    }

    // ---- JSON document: start, envelope, array ----

    fn start(&mut self) {
        if let Err(e) = self.skip_ws() {
            return self.fail(self.line, e);
        }
        if let Some(path) = self.records_path.take() {
            if let Err(e) = self.navigate(&path) {
                return self.fail(self.line, format!("--records-path {path}: {e}"));
            }
            match self.peek() {
                Ok(Some(b'[')) => {
                    self.bump();
                    self.mode = Mode::Array { need_comma: false };
                }
                Ok(Some(b'{')) => {
                    self.whole_file = true;
                    self.mode = Mode::Lines;
                }
                Ok(_) => self.fail(
                    self.line,
                    format!("--records-path {path} does not point to an array or object"),
                ),
                Err(e) => self.fail(self.line, e),
            }
            return;
        }
        match self.peek() {
            Ok(Some(b'[')) => {
                self.bump();
                self.mode = Mode::Array { need_comma: false };
            }
            Ok(Some(_)) => {
                self.whole_file = true;
                self.mode = Mode::Lines;
            }
            Ok(None) => self.fail(self.line, "no JSON value in the file".into()),
            Err(e) => self.fail(self.line, e),
        }
    }

    fn next_element(&mut self, need_comma: bool) {
        let r = (|| -> Result<bool, String> {
            self.skip_ws()?;
            match self.peek()? {
                None => return Err("invalid JSON: the file ends inside the array".into()),
                Some(b']') => return Ok(false),
                Some(b',') if need_comma => {
                    self.bump();
                    self.skip_ws()?;
                    // A trailing comma before `]` is forgiven.
                    if self.peek()? == Some(b']') {
                        return Ok(false);
                    }
                }
                Some(c) if need_comma => {
                    return Err(format!(
                        "invalid JSON: expected `,` or `]` after an array element, found {}",
                        show_byte(c)
                    ))
                }
                Some(_) => {}
            }
            Ok(true)
        })();
        match r {
            Ok(false) => self.mode = Mode::Done,
            Ok(true) => {
                let line = self.line;
                let mut buf = std::mem::take(&mut self.buf);
                buf.clear();
                if let Err(e) = self.capture(Some(&mut buf)) {
                    self.fail(line, e);
                } else if self.captured_over {
                    self.mode = Mode::Array { need_comma: true };
                    self.elements += 1;
                    self.error(
                        line,
                        too_long("array element", self.captured_size, self.cap),
                    );
                } else {
                    self.mode = Mode::Array { need_comma: true };
                    self.elements += 1;
                    match std::str::from_utf8(&buf) {
                        Err(e) => self.error(
                            line,
                            format!(
                                "invalid UTF-8 at byte {} of the array element",
                                e.valid_up_to()
                            ),
                        ),
                        Ok(_) => match serde_json::from_slice::<Value>(&buf) {
                            Ok(value) => self.pending.push_back(Ok(Pending {
                                value,
                                line,
                                fallback: Fallback::Element(self.elements),
                            })),
                            Err(e) => {
                                let at = line + (e.line() as u64).saturating_sub(1);
                                self.error(at, json_message(&e));
                            }
                        },
                    }
                }
                self.buf = buf;
            }
            Err(e) => self.fail(self.line, e),
        }
    }

    /// Walks a JSON pointer (`/results`, `/data/items`, `/0`) down from the
    /// top-level value, skipping over everything else.
    fn navigate(&mut self, pointer: &str) -> Result<(), String> {
        if pointer.is_empty() || pointer == "/" {
            return Ok(());
        }
        let Some(rest) = pointer.strip_prefix('/') else {
            return Err("a JSON pointer starts with `/`".into());
        };
        for token in rest.split('/') {
            let token = token.replace("~1", "/").replace("~0", "~");
            self.skip_ws()?;
            match self.peek()? {
                Some(b'{') => {
                    self.bump();
                    self.find_key(&token)?;
                }
                Some(b'[') => {
                    self.bump();
                    let n: usize = token
                        .parse()
                        .map_err(|_| format!("`{token}` is not an array index"))?;
                    for _ in 0..n {
                        self.skip_ws()?;
                        if self.peek()? == Some(b']') {
                            return Err(format!("index {n} is past the end of the array"));
                        }
                        self.capture(None)?;
                        self.skip_ws()?;
                        if self.peek()? == Some(b']') {
                            return Err(format!("index {n} is past the end of the array"));
                        }
                        self.expect(b',')?;
                    }
                    self.skip_ws()?;
                    if self.peek()? == Some(b']') {
                        return Err(format!("index {n} is past the end of the array"));
                    }
                }
                _ => return Err(format!("no `{token}`: not inside an object or array")),
            }
        }
        self.skip_ws()
    }

    /// Inside an object (after `{`): stops after the `:` of `key`.
    fn find_key(&mut self, key: &str) -> Result<(), String> {
        let mut raw = Vec::new();
        loop {
            self.skip_ws()?;
            match self.peek()? {
                Some(b'"') => {}
                Some(b'}') => return Err(format!("no key `{key}`")),
                Some(c) => {
                    return Err(format!(
                        "invalid JSON: expected a key, found {}",
                        show_byte(c)
                    ))
                }
                None => return Err("invalid JSON: the file ends inside an object".into()),
            }
            raw.clear();
            self.capture(Some(&mut raw))?;
            let name: String = serde_json::from_slice(&raw)
                .map_err(|e| format!("invalid JSON in a key: {}", json_message(&e)))?;
            self.skip_ws()?;
            self.expect(b':')?;
            if name == key {
                return Ok(());
            }
            self.skip_ws()?;
            self.capture(None)?;
            self.skip_ws()?;
            match self.peek()? {
                Some(b',') => self.bump(),
                Some(b'}') => return Err(format!("no key `{key}`")),
                Some(c) => {
                    return Err(format!(
                        "invalid JSON: expected `,` or `}}`, found {}",
                        show_byte(c)
                    ))
                }
                None => return Err("invalid JSON: the file ends inside an object".into()),
            }
        }
    }

    // ---- byte-level helpers for the document modes ----

    fn peek(&mut self) -> Result<Option<u8>, String> {
        let buf = self.r.fill_buf().map_err(|e| read_error(&e))?;
        Ok(buf.first().copied())
    }

    /// Consumes one byte that `peek` has shown is not a newline.
    fn bump(&mut self) {
        self.r.consume(1);
    }

    fn expect(&mut self, want: u8) -> Result<(), String> {
        match self.peek()? {
            Some(c) if c == want => {
                self.bump();
                Ok(())
            }
            Some(c) => Err(format!(
                "invalid JSON: expected `{}`, found {}",
                want as char,
                show_byte(c)
            )),
            None => Err(format!(
                "invalid JSON: expected `{}`, the file ends",
                want as char
            )),
        }
    }

    fn skip_ws(&mut self) -> Result<(), String> {
        loop {
            let buf = self.r.fill_buf().map_err(|e| read_error(&e))?;
            if buf.is_empty() {
                return Ok(());
            }
            let n = buf.iter().take_while(|b| b.is_ascii_whitespace()).count();
            self.line += count_lines(&buf[..n]);
            let all = n == buf.len();
            self.r.consume(n);
            if !all {
                return Ok(());
            }
        }
    }

    /// Consumes one JSON value (object, array, string or scalar), copying
    /// its bytes into `out` when given. Only finds the end; the content is
    /// checked by whoever parses `out`.
    fn capture(&mut self, mut out: Option<&mut Vec<u8>>) -> Result<(), String> {
        let first = self
            .peek()?
            .ok_or_else(|| "invalid JSON: expected a value, the file ends".to_string())?;
        let scalar = !matches!(first, b'{' | b'[' | b'"');
        let mut scan = Scan::default();
        let mut taken = 0usize;
        self.captured_over = false;
        if first == b'"' {
            // Step over the opening quote so the scan starts inside.
            if let Some(out) = out.as_deref_mut() {
                out.push(b'"');
            }
            self.bump();
            scan.in_str = true;
            taken = 1;
        }
        loop {
            let buf = self.r.fill_buf().map_err(|e| read_error(&e))?;
            if buf.is_empty() {
                if scalar && taken > 0 {
                    return Ok(());
                }
                return Err("invalid JSON: the file ends inside a value".into());
            }
            let (n, done) = if scalar {
                match buf
                    .iter()
                    .position(|b| matches!(b, b',' | b']' | b'}' | b':') || b.is_ascii_whitespace())
                {
                    Some(i) => (i, true),
                    None => (buf.len(), false),
                }
            } else if first == b'"' {
                match string_end(&mut scan, buf) {
                    Some(i) => (i, true),
                    None => (buf.len(), false),
                }
            } else {
                feed_until_balanced(&mut scan, buf)
            };
            if let Some(out) = out.as_deref_mut() {
                if !self.captured_over {
                    if out.len() + n <= self.cap {
                        out.extend_from_slice(&buf[..n]);
                    } else {
                        // Scanned to its end from here on, not kept.
                        self.captured_over = true;
                        *out = Vec::new();
                    }
                }
            }
            self.line += count_lines(&buf[..n]);
            self.r.consume(n);
            taken += n;
            self.captured_size = taken;
            if done {
                if taken == 0 {
                    return Err(format!(
                        "invalid JSON: expected a value, found {}",
                        show_byte(first)
                    ));
                }
                return Ok(());
            }
        }
    }
}

/// Scans string bytes (after the opening quote); the length up to and
/// including the closing quote, if it is in `bytes`.
fn string_end(scan: &mut Scan, bytes: &[u8]) -> Option<usize> {
    let mut i = 0;
    while i < bytes.len() {
        if scan.esc {
            scan.esc = false;
            i += 1;
            continue;
        }
        let j = memchr::memchr2(b'"', b'\\', &bytes[i..])?;
        i += j;
        if bytes[i] == b'\\' {
            scan.esc = true;
            i += 1;
        } else {
            scan.in_str = false;
            return Some(i + 1);
        }
    }
    None
}

/// Feeds a container's bytes; (bytes consumed, balanced).
fn feed_until_balanced(scan: &mut Scan, bytes: &[u8]) -> (usize, bool) {
    // Feed byte ranges so the scan stops right at the closing bracket.
    let mut i = 0;
    while i < bytes.len() {
        if scan.in_str {
            match string_end(scan, &bytes[i..]) {
                Some(j) => i += j,
                None => return (bytes.len(), false),
            }
            continue;
        }
        match bytes[i] {
            b'"' => scan.in_str = true,
            b'{' | b'[' => scan.depth += 1,
            b'}' | b']' => {
                scan.depth = scan.depth.saturating_sub(1);
                if scan.depth == 0 {
                    return (i + 1, true);
                }
            }
            _ => {}
        }
        i += 1;
    }
    (bytes.len(), false)
}

fn count_lines(bytes: &[u8]) -> u64 {
    memchr::memchr_iter(b'\n', bytes).count() as u64
}

fn show_byte(b: u8) -> String {
    if b.is_ascii_graphic() {
        format!("`{}`", b as char)
    } else {
        format!("byte 0x{b:02x}")
    }
}

/// serde_json's message with its position in words that fit our location
/// (the line is already in the location; the column is kept).
fn json_message(e: &serde_json::Error) -> String {
    let full = e.to_string();
    let msg = match full.rfind(" at line ") {
        Some(i) if e.line() > 0 => &full[..i],
        _ => &full[..],
    };
    if e.column() > 0 {
        format!("invalid JSON: {msg} at column {}", e.column())
    } else {
        format!("invalid JSON: {msg}")
    }
}

impl Source for JsonReader {
    fn next_record(&mut self, roles: &Roles) -> Option<Result<Document, RecordError>> {
        self.fill();
        let p = match self.pending.pop_front()? {
            Ok(p) => p,
            Err(e) => return Some(Err(e)),
        };
        let (loc_line, fallback) = match p.fallback {
            Fallback::File => (0, self.file.to_string()),
            Fallback::Line(n) if n <= 1 => (p.line, format!("{}:{}", self.file, p.line)),
            Fallback::Line(n) => (p.line, format!("{}:{}#{n}", self.file, p.line)),
            Fallback::Element(n) => (p.line, format!("{}#{n}", self.file)),
        };
        let loc = location(&self.file, loc_line);
        Some(match roles.read_json(p.value) {
            Ok(fields) => roles.document(fields, loc, || fallback),
            Err(message) => Err(RecordError {
                location: loc,
                id: None,
                message,
            }),
        })
    }
}
