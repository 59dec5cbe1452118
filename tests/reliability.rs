//! Reliability: no input makes quarry panic, no good record is lost, and
//! the output is the same bytes every time.
//!
//! What runs here, through the real binary unless said otherwise:
//!
//! - **Malformed inputs.** Every case in `fixtures/malformed/cases.jsonl`
//!   (small hand-written files; adding a case is adding a line) plus the
//!   generated ones named in [`GENERATED_CASES`] (compressed streams cut
//!   short, very long documents, a million-character article, ...; large
//!   inputs are written into a temp dir at test time, never committed). For
//!   each: the documented exit code (0 when the run completed, 1 when
//!   nothing could be read), no panic, an error record and a stderr line
//!   naming `file:line` for each bad record, and every good record, in
//!   order, by id.
//! - **Limits**: `--max-doc-bytes` skips a record with an error naming it,
//!   or with `--truncate-long` cuts it at a char boundary.
//! - **Properties**: arbitrary bytes through the readers and the pipeline;
//!   a bad JSON line never takes a good neighbour with it; `-j1` and `-j4`
//!   give the same bytes; the CSV tables agree with the JSON Lines of the
//!   same input.
//! - **Fuzz regressions**: every file in `fixtures/fuzz-pipeline/` goes
//!   through [`run_like_fuzz`], the body of `fuzz/fuzz_targets/pipeline.rs`.
//! - **Determinism** over repeated parallel runs, **atomic CSV output** when
//!   the process is killed, and **user gazetteers** that stay bounded.
//!
//! Sizes are chosen to keep the module fast in a debug build; set
//! `QUARRY_BIG_TESTS=1` for the full sizes (a 100 MB single-line document,
//! a 3 MB corpus run 20 times, ...). See `docs/reliability.md`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use proptest::prelude::*;
use quarry::input::{parse_date, read_from_reader, InputOptions};
use quarry::model::{Analysis, Document, Span};
use quarry::output::{JsonSink, OutputOptions, Sink};
use quarry::pipeline::Pipeline;
use quarry::quotes::QuoteOptions;
use quarry::rules::dates::DateOptions;
use serde_json::Value;

use crate::util::{fixture, json_lines, pipeline, quarry};

/// The generated malformed inputs, one test each below; with the lines of
/// `fixtures/malformed/cases.jsonl` they make the count stated in
/// `docs/reliability.md` (checked by [`docs_state_the_malformed_count`]).
const GENERATED_CASES: &[&str] = &[
    "truncated gzip stream",
    "truncated zstd stream",
    "truncated bzip2 stream",
    "gzip stream with trailing garbage",
    "very long single-line JSON document",
    "very long single-line text file",
    "article of 1 M characters",
    "long text without sentence punctuation",
    "a wall of opening quotation marks",
    "20,000 records with bad lines interspersed",
    "random binary bytes named .jsonl",
];

fn generated(name: &str) {
    assert!(GENERATED_CASES.contains(&name), "{name} not listed");
}

fn big_tests() -> bool {
    std::env::var_os("QUARRY_BIG_TESTS").is_some_and(|v| v == "1")
}

/// A small deterministic generator (tests must not depend on a seed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }

    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

/// Sentences in the style of the articles under `fixtures/articles/`,
/// mixing scripts, quotes, names, dates.
const SENTENCES: &[&str] = &[
    "Foreign Minister Anna Weber arrived in Tashkent on Monday for talks on gas supplies.",
    "“We will not accept any delay,” Weber told reporters at the airport.",
    "Вице-премьер Ирина Соколова заявила, что переговоры продолжатся в среду.",
    "The talks, which began on Nov. 27, were expected to end by Friday 🤝.",
    "President Shavkat Mirziyoyev said the country had “no plans” to raise prices, according to the state news agency.",
    "Analysts at Nordic Pipe Holdings Inc. said output could fall by 12 percent next year.",
    "قال المتحدث إن الوفد سيعود إلى القاهرة يوم الخميس.",
    "\"It is a difficult winter,\" said Lars Henriksen, chief executive of the company.",
    "Energy Minister Dilnoza Karimova met her Kazakh counterpart in Astana last week.",
    "The ministry in Zürich declined to comment on Tuesday.",
];

/// A text of about `chars` code points made of [`SENTENCES`].
fn article(rng: &mut Lcg, chars: usize) -> String {
    let mut s = String::new();
    let mut n = 0;
    while n < chars {
        let sent = rng.pick(SENTENCES);
        s.push_str(sent);
        s.push_str(if rng.next() % 5 == 0 { "\n\n" } else { " " });
        n += sent.chars().count() + 1;
    }
    s
}

// ---- running the binary and checking what it wrote ----

/// What a run must give.
#[derive(Debug, Default)]
struct Expect {
    exit: i32,
    /// Ids of the documents written, in order.
    ids: Vec<String>,
    /// Number of error records.
    errors: usize,
    /// Locations (`file:line`, or `file` for whole-file records) that must
    /// each be named by an error record and on stderr.
    errors_at: Vec<String>,
    min_entities: usize,
    min_quotes: usize,
}

/// Runs quarry with `args`, standard input from `stdin` when given.
fn run_quarry(args: &[String], stdin: Option<&[u8]>) -> Output {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    quarry(&args, stdin)
}

fn no_panic(case: &str, out: &Output) {
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        !stderr.contains("panicked") && out.status.code() != Some(101),
        "{case}: quarry panicked: {stderr}"
    );
}

/// Checks one run against `exp`; gives the document records.
fn check_run(case: &str, out: &Output, exp: &Expect) -> Vec<Value> {
    no_panic(case, out);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(
        out.status.code(),
        Some(exp.exit),
        "{case}: exit code; stderr: {stderr}"
    );
    let recs = json_lines(&out.stdout);
    let (errs, docs): (Vec<Value>, Vec<Value>) =
        recs.into_iter().partition(|r| r.get("error").is_some());
    let ids: Vec<&str> = docs
        .iter()
        .map(|d| d["id"].as_str().unwrap_or(""))
        .collect();
    assert_eq!(ids, exp.ids, "{case}: documents written");
    assert_eq!(
        errs.len(),
        exp.errors,
        "{case}: error records {errs:?}; stderr: {stderr}"
    );
    for at in &exp.errors_at {
        assert!(
            errs.iter()
                .any(|e| e["location"].as_str().unwrap_or("").ends_with(at.as_str())),
            "{case}: no error record at {at}: {errs:?}"
        );
        assert!(
            stderr.contains(&format!("{at}: ")),
            "{case}: stderr does not name {at}: {stderr}"
        );
    }
    for d in &docs {
        record_spans_ok(case, d);
    }
    let count = |key: &str| -> usize {
        docs.iter()
            .map(|d| d[key].as_array().map_or(0, Vec::len))
            .sum()
    };
    assert!(count("entities") >= exp.min_entities, "{case}: entities");
    assert!(count("quotes") >= exp.min_quotes, "{case}: quotes");
    docs
}

/// Every span written agrees with itself: its text is as long in bytes and
/// in code points as its offsets say.
fn record_spans_ok(case: &str, doc: &Value) {
    let check = |v: &Value| {
        let n = |k: &str| {
            v[k].as_u64()
                .unwrap_or_else(|| panic!("{case}: {k} in {v}")) as usize
        };
        let text = v["text"]
            .as_str()
            .unwrap_or_else(|| panic!("{case}: text in {v}"));
        assert!(
            n("start") <= n("end") && n("byte_start") <= n("byte_end"),
            "{case}: {v}"
        );
        assert_eq!(n("byte_end") - n("byte_start"), text.len(), "{case}: {v}");
        assert_eq!(n("end") - n("start"), text.chars().count(), "{case}: {v}");
    };
    for key in ["mentions", "dates", "demonyms"] {
        for v in doc[key].as_array().into_iter().flatten() {
            check(v);
        }
    }
    for q in doc["quotes"].as_array().into_iter().flatten() {
        check(q);
        for key in ["inner", "speaker_mention", "cue", "addressee"] {
            if !q[key].is_null() {
                check(&q[key]);
            }
        }
    }
    if let Some(seg) = doc.get("segments") {
        for key in ["paragraphs", "sentences", "tokens"] {
            for v in seg[key].as_array().into_iter().flatten() {
                check(v);
            }
        }
    }
}

fn path_arg(p: &Path) -> String {
    p.to_str().expect("UTF-8 temp path").to_string()
}

/// `extract --error-records ARGS... PATH`.
fn extract(path: &Path, args: &[&str]) -> Output {
    let mut a = vec!["extract".to_string(), "--error-records".to_string()];
    a.extend(args.iter().map(|s| s.to_string()));
    a.push(path_arg(path));
    run_quarry(&a, None)
}

fn ids(prefix: &str, range: std::ops::Range<usize>) -> Vec<String> {
    range.map(|i| format!("{prefix}{i}")).collect()
}

// ---- the malformed-input table ----

fn manifest() -> Vec<Value> {
    let text = std::fs::read_to_string(fixture("malformed/cases.jsonl")).expect("cases file");
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("cases.jsonl: {e}: {l}")))
        .collect()
}

fn strings(v: &Value) -> Vec<String> {
    v.as_array()
        .into_iter()
        .flatten()
        .map(|s| s.as_str().unwrap_or("").to_string())
        .collect()
}

/// Runs `jobs` on up to two threads (the test machine has two cores and
/// every run starts a process), keeping results in order.
fn parallel<T: Send + Sync, R: Send>(jobs: Vec<T>, f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let next = AtomicUsize::new(0);
    let results: Vec<Mutex<Option<R>>> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let workers = std::thread::available_parallelism().map_or(2, |n| n.get().min(2));
    std::thread::scope(|s| {
        for _ in 0..workers {
            s.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(job) = jobs.get(i) else { break };
                let r = f(job);
                *results[i].lock().unwrap() = Some(r);
            });
        }
    });
    results
        .into_iter()
        .map(|m| m.into_inner().unwrap().expect("job ran"))
        .collect()
}

#[test]
fn malformed_fixture_cases() {
    let cases = manifest();
    let outputs = parallel(cases.clone(), |c| {
        let file = fixture(&format!("malformed/{}", c["file"].as_str().unwrap()));
        let mut args = vec!["extract".to_string()];
        args.extend(strings(&c["args"]));
        if c["stdin"] == true {
            let data = std::fs::read(&file).unwrap();
            args.push("-".into());
            run_quarry(&args, Some(&data))
        } else {
            args.push("--error-records".into());
            args.push(path_arg(&file));
            run_quarry(&args, None)
        }
    });
    for (c, out) in cases.iter().zip(&outputs) {
        let errors_at = strings(&c["errors_at"]);
        // A whole-file record is named by the path as given.
        let file = c["file"].as_str().unwrap();
        let whole = if c["stdin"] == true {
            "<stdin>".to_string()
        } else {
            path_arg(&fixture(&format!("malformed/{file}")))
        };
        let ids = strings(&c["ids"])
            .into_iter()
            .map(|id| if id == file { whole.clone() } else { id })
            .collect();
        let exp = Expect {
            exit: c["exit"].as_i64().unwrap() as i32,
            ids,
            errors: c["errors"].as_u64().map_or(errors_at.len(), |n| n as usize),
            errors_at,
            min_entities: c["min_entities"].as_u64().unwrap_or(0) as usize,
            min_quotes: c["min_quotes"].as_u64().unwrap_or(0) as usize,
        };
        let name = format!("{} ({})", c["file"], c["what"]);
        check_run(&name, out, &exp);
    }
}

/// The count in `docs/reliability.md` is the count the suite runs.
#[test]
fn docs_state_the_malformed_count() {
    let n = manifest().len() + GENERATED_CASES.len();
    let doc = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/reliability.md"),
    )
    .expect("docs/reliability.md");
    assert!(
        doc.contains(&format!("{n} malformed inputs, 0 panics")),
        "docs/reliability.md should say \"{n} malformed inputs, 0 panics\""
    );
}

// ---- generated malformed inputs ----

fn jsonl_records(prefix: &str, n: usize, rng: &mut Lcg) -> Vec<u8> {
    let mut out = Vec::new();
    for i in 0..n {
        let rec = serde_json::json!({
            "id": format!("{prefix}{i}"),
            "date": "2024-03-11",
            "text": article(rng, 300),
        });
        serde_json::to_writer(&mut out, &rec).unwrap();
        out.push(b'\n');
    }
    out
}

/// A compressed stream cut in half: the records before the cut come out
/// intact and in order, then one error naming the file says it is
/// truncated (or corrupt), and the run still exits 0.
fn truncated_stream(case: &str, ext: &str, compress: fn(&[u8]) -> Vec<u8>) {
    generated(case);
    let dir = tempfile::tempdir().unwrap();
    // 1 MB: several zstd blocks (128 KB) and bzip2 blocks (100 KB at the
    // fast level), so some come before the cut.
    let plain = jsonl_records("t", 3000, &mut Lcg(7));
    let packed = compress(&plain);
    let path = dir.path().join(format!("dump.jsonl.{ext}"));
    std::fs::write(&path, &packed[..packed.len() / 2]).unwrap();
    let out = extract(&path, &[]);
    no_panic(case, &out);
    let recs = json_lines(&out.stdout);
    let (errs, docs): (Vec<&Value>, Vec<&Value>) =
        recs.iter().partition(|r| r.get("error").is_some());
    assert!(
        !docs.is_empty() && docs.len() < 3000,
        "{case}: {}",
        docs.len()
    );
    let got: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        got,
        ids("t", 0..docs.len()),
        "{case}: records before the cut"
    );
    assert_eq!(errs.len(), 1, "{case}: {errs:?}");
    let loc = errs[0]["location"].as_str().unwrap();
    assert!(loc.contains("dump.jsonl."), "{case}: {loc}");
    let msg = errs[0]["error"].as_str().unwrap();
    assert!(
        msg.contains("truncated") || msg.contains("read error") || msg.contains("corrupt"),
        "{case}: {msg}"
    );
    assert_eq!(out.status.code(), Some(0), "{case}");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn zstd(data: &[u8]) -> Vec<u8> {
    zstd::stream::encode_all(data, 3).unwrap()
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

#[test]
fn truncated_gzip_keeps_the_records_before_the_cut() {
    truncated_stream("truncated gzip stream", "gz", gzip);
}

#[test]
fn truncated_zstd_keeps_the_records_before_the_cut() {
    truncated_stream("truncated zstd stream", "zst", zstd);
}

#[test]
fn truncated_bzip2_keeps_the_records_before_the_cut() {
    truncated_stream("truncated bzip2 stream", "bz2", bzip2);
}

#[test]
fn gzip_with_trailing_garbage_keeps_every_record() {
    let case = "gzip stream with trailing garbage";
    generated(case);
    let dir = tempfile::tempdir().unwrap();
    let mut packed = gzip(&jsonl_records("g", 50, &mut Lcg(3)));
    packed.extend_from_slice(b"\x1f\x8bgarbage after the last member");
    let path = dir.path().join("dump.jsonl.gz");
    std::fs::write(&path, packed).unwrap();
    let out = extract(&path, &[]);
    no_panic(case, &out);
    let recs = json_lines(&out.stdout);
    let (errs, docs): (Vec<&Value>, Vec<&Value>) =
        recs.iter().partition(|r| r.get("error").is_some());
    let got: Vec<&str> = docs.iter().map(|d| d["id"].as_str().unwrap()).collect();
    assert_eq!(
        got,
        ids("g", 0..50),
        "{case}: every record of the good member"
    );
    assert!(errs.len() <= 1, "{case}: {errs:?}");
    for e in errs {
        assert!(e["location"].as_str().unwrap().contains("dump.jsonl.gz"));
    }
    assert_eq!(out.status.code(), Some(0), "{case}");
}

/// One huge line: `--max-doc-bytes` (default 64 MB) skips it with an error
/// naming the record, and its neighbours come through. By default the
/// line is 4 MB with a 1 MB limit; `QUARRY_BIG_TESTS=1` makes it 100 MB
/// with the default limit.
#[test]
fn very_long_single_line_json_document() {
    let case = "very long single-line JSON document";
    generated(case);
    let (size, limit_args): (usize, &[&str]) = if big_tests() {
        (100 << 20, &[])
    } else {
        (4 << 20, &["--max-doc-bytes", "1000000"])
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&path).unwrap());
    writeln!(
        f,
        r#"{{"id": "before", "text": "Anna Weber flew to Tashkent."}}"#
    )
    .unwrap();
    write!(f, r#"{{"id": "huge", "text": ""#).unwrap();
    let chunk = "Anna Weber said on Monday the talks in Tashkent were over, ";
    let mut n = 0;
    while n < size {
        f.write_all(chunk.as_bytes()).unwrap();
        n += chunk.len();
    }
    writeln!(f, "\"}}").unwrap();
    writeln!(
        f,
        r#"{{"id": "after", "text": "Weber returned to Berlin."}}"#
    )
    .unwrap();
    drop(f);
    let out = extract(&path, limit_args);
    let exp = Expect {
        exit: 0,
        ids: vec!["before".into(), "after".into()],
        errors: 1,
        errors_at: vec!["huge.jsonl:2".into()],
        ..Expect::default()
    };
    check_run(case, &out, &exp);
    let err = json_lines(&out.stdout)
        .into_iter()
        .find(|r| r.get("error").is_some())
        .unwrap();
    // The line is far over the limit: skipped unread (its id unknown),
    // named by its line.
    assert_eq!(err["id"], Value::Null);
    assert!(
        err["error"].as_str().unwrap().contains("skipped unread"),
        "{err}"
    );
    if big_tests() {
        return;
    }
    // Over the limit but within twice it: parsed, and the error names the id.
    let out = extract(&path, &["--max-doc-bytes", "3000000"]);
    check_run(case, &out, &exp);
    let err = json_lines(&out.stdout)
        .into_iter()
        .find(|r| r.get("error").is_some())
        .unwrap();
    assert_eq!(err["id"], "huge", "the error names the record");
    assert!(err["error"].as_str().unwrap().contains("max-doc-bytes"));
}

/// A text file that is one long line, over the limit: the only record is
/// skipped, so nothing was read and the exit code is 1.
#[test]
fn very_long_single_line_text_file() {
    let case = "very long single-line text file";
    generated(case);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("huge.txt");
    let line = "Officials in Riga said on Monday the bridge would reopen, ".repeat(40_000);
    std::fs::write(&path, &line).unwrap();
    let out = extract(&path, &["--max-doc-bytes", "1000000"]);
    let exp = Expect {
        exit: 1,
        errors: 1,
        errors_at: vec!["huge.txt".into()],
        ..Expect::default()
    };
    check_run(case, &out, &exp);
}

/// An article of a million code points (1.2 MB: Latin, Cyrillic, Arabic,
/// emoji) finishes, with entities and quotes.
#[test]
fn article_of_a_million_characters() {
    let case = "article of 1 M characters";
    generated(case);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("long.txt");
    let mut text = article(&mut Lcg(11), 1_000_000);
    while text.chars().count() > 1_000_000 {
        text.pop();
    }
    std::fs::write(&path, &text).unwrap();
    let started = Instant::now();
    let out = extract(&path, &[]);
    let exp = Expect {
        exit: 0,
        ids: vec![path_arg(&path)],
        min_entities: 5,
        min_quotes: 100,
        ..Expect::default()
    };
    check_run(case, &out, &exp);
    eprintln!("{case}: {:.1}s", started.elapsed().as_secs_f64());
}

/// Words and names with no sentence punctuation at all: one endless
/// sentence, dense with names and dates (about 80,000 candidates in 2 MB).
/// Every all-pairs loop over candidates shows here: before they were made
/// `n log n` a debug build needed 64 s for this document (a release build
/// 9.8 s for 2 MB, 27.6 s for 4 MB); now about 6 s. 8 MB with
/// `QUARRY_BIG_TESTS=1`.
#[test]
fn long_text_without_sentence_punctuation() {
    let case = "long text without sentence punctuation";
    generated(case);
    let size = if big_tests() { 8_000_000 } else { 2_000_000 };
    let words = [
        "the", "council", "of", "Riga", "met", "on", "Monday", "and", "Mayor", "Janis", "Kalnins",
        "said", "budget", "would", "rise", "Anna", "Weber",
    ];
    let mut rng = Lcg(5);
    let mut text = String::new();
    while text.len() < size {
        let w: &&str = rng.pick(&words);
        text.push_str(w);
        text.push(' ');
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nopunct.txt");
    std::fs::write(&path, &text).unwrap();
    let started = Instant::now();
    let out = extract(&path, &[]);
    let secs = started.elapsed().as_secs_f64();
    let exp = Expect {
        exit: 0,
        ids: vec![path_arg(&path)],
        min_entities: 2,
        ..Expect::default()
    };
    check_run(case, &out, &exp);
    eprintln!("{case}: {secs:.1}s");
    assert!(secs < 30.0 * size as f64 / 2e6, "{case}: {secs:.1}s");
}

#[test]
fn a_wall_of_opening_quotation_marks() {
    let case = "a wall of opening quotation marks";
    generated(case);
    let text = format!(
        "{} said Anna Weber{}\n\n{}",
        "“".repeat(50_000),
        "”".repeat(20_000),
        "“Yes, ".repeat(20_000)
    );
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("quotes.txt");
    std::fs::write(&path, &text).unwrap();
    let out = extract(&path, &[]);
    let exp = Expect {
        exit: 0,
        ids: vec![path_arg(&path)],
        ..Expect::default()
    };
    check_run(case, &out, &exp);
}

/// 20,000 records with a bad line every 97th: every good record comes
/// out, in order, and every bad one is an error at its line.
#[test]
fn twenty_thousand_records_with_bad_lines_interspersed() {
    let case = "20,000 records with bad lines interspersed";
    generated(case);
    let mut data = String::new();
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for i in 0..20_000 {
        if i % 97 == 50 {
            data.push_str("{\"id\": \"broken\", \"text\": \"unterminated\n");
            bad.push(format!("many.jsonl:{}", i + 1));
        } else {
            data.push_str(&format!(
                "{{\"id\": \"r{i}\", \"text\": \"Weber in Riga, {i}.\"}}\n"
            ));
            good.push(format!("r{i}"));
        }
    }
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("many.jsonl");
    std::fs::write(&path, &data).unwrap();
    let out = extract(&path, &["-q"]);
    let recs = json_lines(&out.stdout);
    no_panic(case, &out);
    assert_eq!(out.status.code(), Some(0));
    let got: Vec<&str> = recs
        .iter()
        .filter(|r| r.get("error").is_none())
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(got, good, "{case}: good records");
    let errs: Vec<&str> = recs.iter().filter_map(|r| r["location"].as_str()).collect();
    assert_eq!(errs.len(), bad.len(), "{case}: error records");
    for (e, b) in errs.iter().zip(&bad) {
        assert!(e.ends_with(b.as_str()), "{case}: {e} vs {b}");
    }
}

#[test]
fn random_binary_bytes_named_jsonl() {
    let case = "random binary bytes named .jsonl";
    generated(case);
    let mut rng = Lcg(13);
    let bytes: Vec<u8> = (0..65_536).map(|_| rng.next() as u8).collect();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("noise.jsonl");
    std::fs::write(&path, &bytes).unwrap();
    let out = extract(&path, &[]);
    no_panic(case, &out);
    assert_eq!(out.status.code(), Some(1), "{case}: nothing readable");
    let recs = json_lines(&out.stdout);
    assert!(!recs.is_empty() && recs.iter().all(|r| r.get("error").is_some()));
    for r in &recs {
        let loc = r["location"].as_str().unwrap();
        assert!(loc.contains("noise.jsonl"), "{case}: {loc}");
    }
}

// ---- limits ----

/// `--max-doc-bytes N` skips a longer record with an error naming it;
/// with `--truncate-long` the record is cut at the last char boundary at
/// or below N (here inside a two-byte `é`), in JSON Lines and in text.
#[test]
fn max_doc_bytes_skips_or_truncates_at_a_char_boundary() {
    let dir = tempfile::tempdir().unwrap();
    let long = format!("{} Anna Weber said.", "é".repeat(600));
    let jsonl = dir.path().join("limits.jsonl");
    std::fs::write(
        &jsonl,
        format!(
            "{}\n{}\n{}\n",
            r#"{"id": "a1", "text": "Weber flew to Riga."}"#,
            serde_json::json!({"id": "a2", "text": long}),
            r#"{"id": "a3", "text": "Weber flew home."}"#
        ),
    )
    .unwrap();
    let txt = dir.path().join("limits.txt");
    std::fs::write(&txt, &long).unwrap();

    // Skip.
    let out = extract(&jsonl, &["--max-doc-bytes", "1001"]);
    let exp = Expect {
        exit: 0,
        ids: vec!["a1".into(), "a3".into()],
        errors: 1,
        errors_at: vec!["limits.jsonl:2".into()],
        ..Expect::default()
    };
    check_run("skip jsonl", &out, &exp);
    let err = json_lines(&out.stdout).remove(1);
    assert_eq!(err["id"], "a2");
    assert!(err["error"]
        .as_str()
        .unwrap()
        .contains("over --max-doc-bytes 1001"));
    let out = extract(&txt, &["--max-doc-bytes", "1001"]);
    let exp = Expect {
        exit: 1,
        errors: 1,
        errors_at: vec!["limits.txt".into()],
        ..Expect::default()
    };
    check_run("skip text", &out, &exp);

    // Truncate: 1001 falls inside the 501st `é`, so 1000 bytes are kept.
    for (path, id) in [(&jsonl, "a2"), (&txt, txt.to_str().unwrap())] {
        let out = extract(
            path,
            &["--max-doc-bytes", "1001", "--truncate-long", "--segments"],
        );
        no_panic("truncate", &out);
        assert_eq!(out.status.code(), Some(0));
        let recs = json_lines(&out.stdout);
        let doc = recs.iter().find(|r| r["id"] == id).expect("truncated doc");
        record_spans_ok("truncate", doc);
        let paras = doc["segments"]["paragraphs"].as_array().unwrap();
        let last = paras.last().unwrap();
        assert_eq!(last["byte_end"], 1000, "{last}");
        assert_eq!(last["end"], 500, "{last}");
        assert!(
            doc["mentions"].as_array().unwrap().is_empty(),
            "the name was cut off"
        );
    }
}

// ---- properties ----

/// What the fuzz target `pipeline` does with one input (see
/// `fuzz/fuzz_targets/pipeline.rs`): keep the two in step.
fn run_like_fuzz(data: &[u8]) {
    const NAMES: [Option<&str>; 8] = [
        Some("f.jsonl"),
        Some("f.json"),
        Some("f.csv"),
        Some("f.txt"),
        Some("<stdin>"),
        None,
        None,
        None,
    ];
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let pipeline = &fuzz_pipelines()[usize::from(selector & 16 != 0)];
    let limit = (selector & 8 != 0).then_some(4096);
    let date = (selector & 32 != 0)
        .then(|| parse_date("2022-12-08"))
        .flatten();
    match NAMES[usize::from(selector & 7)] {
        None => {
            let mut text = String::from_utf8_lossy(body).into_owned();
            if let Some(max) = limit {
                let mut cut = max.min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
            let doc = Document {
                id: "fuzz".into(),
                text,
                date,
                ..Document::default()
            };
            check_analysis(&doc, &pipeline.analyze(&doc));
        }
        Some(name) => {
            let opts = InputOptions {
                max_doc_bytes: limit,
                truncate_long: true,
                default_date: date,
                ..InputOptions::default()
            };
            let records =
                read_from_reader(Box::new(std::io::Cursor::new(body.to_vec())), name, &opts);
            for doc in records.flatten() {
                check_analysis(&doc, &pipeline.analyze(&doc));
            }
        }
    }
}

fn fuzz_pipelines() -> &'static [Pipeline; 2] {
    static P: std::sync::OnceLock<[Pipeline; 2]> = std::sync::OnceLock::new();
    P.get_or_init(|| {
        let mut b = Pipeline::builder();
        b.quotes(QuoteOptions { all_quotes: true })
            .dates(DateOptions { day_first: true })
            .keep_segments(true);
        [
            Pipeline::builder().build().expect("shipped lists load"),
            b.build().expect("shipped lists load"),
        ]
    })
}

/// Every span on char boundaries inside the text, char offsets that agree
/// with the byte offsets, and one UTF-8 JSON line per document.
fn check_analysis(doc: &Document, a: &Analysis) {
    let text = doc.text.as_str();
    let mut chars_before = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (i, c) in text.char_indices() {
        for slot in &mut chars_before[i..i + c.len_utf8()] {
            *slot = n;
        }
        n += 1;
    }
    chars_before[text.len()] = n;
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(a.paragraphs.iter().map(|p| p.span));
    spans.extend(a.sentences.iter().map(|s| s.span));
    spans.extend(a.tokens.iter().map(|t| t.span));
    spans.extend(a.mentions.iter().map(|m| m.span));
    spans.extend(a.dates.iter().map(|d| d.span));
    spans.extend(a.demonyms.iter().map(|d| d.span));
    for q in &a.quotes {
        spans.push(q.span);
        spans.push(q.inner);
        spans.extend(q.speaker.as_ref().map(|s| s.mention));
        spans.extend(q.cue);
        spans.extend(q.addressee);
    }
    for s in spans {
        assert!(
            s.start <= s.end && s.end <= text.len(),
            "{s:?} out of range"
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "{s:?} not on char boundaries"
        );
        assert_eq!(s.char_start, chars_before[s.start], "{s:?} char_start");
        assert_eq!(s.char_end, chars_before[s.end], "{s:?} char_end");
    }
    for m in &a.mentions {
        assert!(m.entity < a.entities.len(), "mention without entity");
    }
    let mut sink = JsonSink::lines(
        Vec::new(),
        &OutputOptions {
            error_records: true,
            ..OutputOptions::default()
        },
    );
    sink.document(doc, a).expect("writing to memory");
    let out = sink.into_inner();
    assert!(std::str::from_utf8(&out).is_ok(), "output is not UTF-8");
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
}

/// Inputs the fuzzer found, and hostile ones written by hand, stay fixed.
#[test]
fn fuzz_pipeline_regressions() {
    let dir = fixture("fuzz-pipeline");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/fuzz-pipeline")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let data = std::fs::read(&path).unwrap();
        let r = std::panic::catch_unwind(|| run_like_fuzz(&data));
        assert!(r.is_ok(), "{} fails", path.display());
    }
}

/// The body of `fuzz/fuzz_targets/input_reader.rs`, on stable.
fn read_like_fuzz(data: &[u8]) {
    const NAMES: [&str; 8] = [
        "f.jsonl",
        "f.json",
        "f.csv",
        "f.tsv",
        "f.txt",
        "<stdin>",
        "f.jsonl.gz",
        "f.tar",
    ];
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector & 7)];
    let limit = (selector & 8 != 0).then_some(64);
    let opts = InputOptions {
        max_doc_bytes: limit,
        truncate_long: selector & 16 != 0,
        records_path: (selector & 32 != 0).then(|| "/results/1".to_string()),
        title_field: (selector & 64 != 0).then(|| "t.x".to_string()),
        ..InputOptions::default()
    };
    let records = read_from_reader(Box::new(std::io::Cursor::new(body.to_vec())), name, &opts);
    for item in records {
        if let (Ok(doc), Some(max)) = (item, limit) {
            assert!(doc.text.len() <= max, "document over the limit");
        }
    }
}

/// Every input the input_reader fuzz target found, read again.
#[test]
fn fuzz_input_regressions() {
    let dir = fixture("fuzz-input");
    let mut paths: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures/fuzz-input")
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_none_or(|e| e != "md"))
        .collect();
    paths.sort();
    assert!(!paths.is_empty());
    for path in paths {
        let data = std::fs::read(&path).unwrap();
        let r = std::panic::catch_unwind(|| read_like_fuzz(&data));
        assert!(r.is_ok(), "{} fails", path.display());
    }
}

const GOOD_FIRST: &str = r#"{"id": "good-1", "text": "Anna Weber flew to Riga on Monday."}"#;
const GOOD_LAST: &str = r#"{"id": "good-2", "text": "“We agreed,” Weber said."}"#;

/// Pieces that make generated records look like the real thing, broken
/// JSON included.
fn record_piece() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "Anna Weber",
        " said ",
        "“",
        "”",
        "\\\"",
        " in Riga",
        " on Monday",
        ". ",
        "\\n\\n",
        "Вице-премьер Ирина Соколова",
        "القاهرة",
        "🤝",
        "e\u{301}",
        "Nov. 27, 2022",
        "Nordic Pipe Holdings Inc.",
        ",",
    ])
    .prop_map(str::to_string)
}

/// A JSON Lines corpus: records with generated texts, some broken lines.
fn corpus() -> impl Strategy<Value = String> {
    let rec = (
        prop::collection::vec(record_piece(), 0..40),
        prop::bool::weighted(0.1),
    );
    prop::collection::vec(rec, 1..40).prop_map(|recs| {
        let mut s = String::new();
        for (i, (pieces, broken)) in recs.into_iter().enumerate() {
            if broken {
                s.push_str(&format!(
                    "{{\"id\": \"x{i}\", \"text\": \"{}\n",
                    pieces.concat()
                ));
            } else {
                s.push_str(&format!(
                    "{{\"id\": \"d{i}\", \"date\": \"2022-12-08\", \"text\": \"{}\"}}\n",
                    pieces.concat()
                ));
            }
        }
        s
    })
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, .. ProptestConfig::default() })]

    /// Any bytes through the readers and the whole pipeline, as the fuzz
    /// target does.
    #[test]
    fn any_bytes_through_readers_and_pipeline(data in prop::collection::vec(any::<u8>(), 0..400)) {
        run_like_fuzz(&data);
    }

    /// Any bytes as one JSON line between two good ones: no panic, and
    /// both neighbours come through intact.
    #[test]
    fn a_bad_jsonl_line_never_takes_a_neighbour(line in prop::collection::vec(any::<u8>(), 0..200)) {
        let mut body = Vec::new();
        body.extend_from_slice(GOOD_FIRST.as_bytes());
        body.push(b'\n');
        body.extend_from_slice(&line);
        body.push(b'\n');
        body.extend_from_slice(GOOD_LAST.as_bytes());
        body.push(b'\n');
        let records = read_from_reader(
            Box::new(std::io::Cursor::new(body)),
            "p.jsonl",
            &InputOptions::default(),
        );
        let mut ids = Vec::new();
        for doc in records.flatten() {
            check_analysis(&doc, &pipeline().analyze(&doc));
            ids.push(doc.id);
        }
        prop_assert_eq!(ids.first().map(String::as_str), Some("good-1"));
        prop_assert_eq!(ids.last().map(String::as_str), Some("good-2"));
    }
}

proptest! {
    // Each case starts the binary twice (about 1.5 s in a debug build).
    #![proptest_config(ProptestConfig { cases: 4, .. ProptestConfig::default() })]

    /// `-j1` and `-j4` write the same bytes.
    #[test]
    fn one_and_four_threads_give_the_same_bytes(input in corpus()) {
        let a = quarry(&["extract", "-q", "-j", "1", "-"], Some(input.as_bytes()));
        let b = quarry(&["extract", "-q", "-j", "4", "-"], Some(input.as_bytes()));
        no_panic("-j1", &a);
        no_panic("-j4", &b);
        prop_assert_eq!(a.status.code(), b.status.code());
        prop_assert!(a.stdout == b.stdout, "-j1 and -j4 differ");
        prop_assert_eq!(json_lines(&a.stdout).len(), input.lines().count());
    }

    /// The CSV tables hold what the JSON Lines of the same run hold.
    #[test]
    fn csv_tables_agree_with_json_lines(input in corpus()) {
        csv_agrees(&input)?;
    }
}

fn csv_rows(path: &Path) -> Vec<csv::StringRecord> {
    let mut rdr =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    rdr.records().map(|r| r.expect("valid CSV row")).collect()
}

fn csv_agrees(input: &str) -> Result<(), TestCaseError> {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("in.jsonl");
    std::fs::write(&file, input).unwrap();
    let out_dir = dir.path().join("out");
    let f = path_arg(&file);
    let o = path_arg(&out_dir);
    let csv_run = quarry(
        &["extract", "-q", "--format", "csv", "--output-dir", &o, &f],
        None,
    );
    let json_run = quarry(&["extract", "-q", "--error-records", &f], None);
    no_panic("csv", &csv_run);
    no_panic("jsonl", &json_run);
    prop_assert_eq!(csv_run.status.code(), json_run.status.code());
    let recs = json_lines(&json_run.stdout);
    let docs = csv_rows(&out_dir.join("documents.csv"));
    prop_assert_eq!(docs.len(), recs.len());
    let mut mentions = csv_rows(&out_dir.join("mentions.csv")).into_iter();
    let mut quotes = csv_rows(&out_dir.join("quotes.csv")).into_iter();
    let mut entities = csv_rows(&out_dir.join("entities.csv")).into_iter();
    for (row, rec) in docs.iter().zip(&recs) {
        if let Some(err) = rec["error"].as_str() {
            prop_assert_eq!(&row[7], err);
            prop_assert_eq!(&row[8], rec["location"].as_str().unwrap());
            continue;
        }
        let id = rec["id"].as_str().unwrap();
        prop_assert_eq!(&row[0], id);
        prop_assert_eq!(&row[1], rec["date"].as_str().unwrap_or(""));
        for e in rec["entities"].as_array().unwrap() {
            let r = entities.next().expect("entity row");
            prop_assert_eq!(&r[0], id);
            prop_assert_eq!(&r[1], e["id"].as_str().unwrap());
            prop_assert_eq!(&r[2], e["name"].as_str().unwrap());
            prop_assert_eq!(&r[3], e["type"].as_str().unwrap());
        }
        // Mentions first, then dates, as the CSV sink writes them.
        let spans = rec["mentions"]
            .as_array()
            .unwrap()
            .iter()
            .chain(rec["dates"].as_array().unwrap());
        for m in spans {
            let r = mentions.next().expect("mention row");
            prop_assert_eq!(&r[0], id);
            prop_assert_eq!(&r[3], m["text"].as_str().unwrap());
            for (col, key) in [(4, "start"), (5, "end"), (6, "byte_start"), (7, "byte_end")] {
                let want = m[key].to_string();
                prop_assert_eq!(&r[col], want.as_str());
            }
            prop_assert_eq!(&r[8], m["value"].as_str().unwrap_or(""));
        }
        for q in rec["quotes"].as_array().unwrap() {
            let r = quotes.next().expect("quote row");
            prop_assert_eq!(&r[0], id);
            prop_assert_eq!(&r[1], q["id"].as_str().unwrap());
            prop_assert_eq!(&r[3], q["text"].as_str().unwrap());
            let start = q["start"].to_string();
            prop_assert_eq!(&r[4], start.as_str());
            prop_assert_eq!(&r[8], q["speaker"].as_str().unwrap_or(""));
        }
    }
    prop_assert!(mentions.next().is_none() && quotes.next().is_none() && entities.next().is_none());
    Ok(())
}

// ---- determinism ----

/// A JSON Lines corpus of about `bytes` bytes from [`SENTENCES`], ids
/// varied, some records without a date, one broken line in 200.
fn determinism_corpus(bytes: usize) -> String {
    let mut rng = Lcg(17);
    let mut s = String::new();
    let mut i = 0;
    while s.len() < bytes {
        i += 1;
        if i % 200 == 0 {
            s.push_str("{\"id\": \"broken\n");
            continue;
        }
        let len = 100 + (rng.next() as usize % 3000);
        let mut rec = serde_json::json!({
            "id": format!("wire-{:06}-{}", rng.next() % 1_000_000, i),
            "text": article(&mut rng, len),
        });
        if i % 3 != 0 {
            rec["date"] = Value::from(format!("2023-0{}-1{}", 1 + i % 9, i % 10));
        }
        s.push_str(&rec.to_string());
        s.push('\n');
    }
    s
}

/// 20 runs with `-j 2` and one with `-j 1` write the same bytes. The
/// corpus is 400 KB by default (a debug build analyses about 1 MB/s);
/// `QUARRY_BIG_TESTS=1` makes it 3 MB.
#[test]
fn repeated_parallel_runs_give_the_same_bytes() {
    let (size, runs) = if big_tests() {
        (3 << 20, 20)
    } else {
        (400 << 10, 20)
    };
    let input = determinism_corpus(size);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("corpus.jsonl");
    std::fs::write(&path, &input).unwrap();
    let p = path_arg(&path);
    let mut jobs: Vec<&str> = vec!["2"; runs];
    jobs.push("1");
    let outs = parallel(jobs, |j| {
        quarry(&["extract", "-q", "--error-records", "-j", j, &p], None)
    });
    let first = &outs[0];
    no_panic("determinism", first);
    assert_eq!(json_lines(&first.stdout).len(), input.lines().count());
    for (n, o) in outs.iter().enumerate() {
        no_panic("determinism", o);
        assert!(o.stdout == first.stdout, "run {n} differs from run 0");
    }
}

// ---- atomic output ----

/// Starts `quarry extract -q ARGS INPUT` on a corpus large enough that a
/// debug build needs many seconds, kills it (SIGKILL) once a temporary file
/// named `.{tmp_prefix}….tmp` exists in `out_dir`, and returns what is left
/// in `out_dir`, sorted.
fn killed_run(args: &[&str], out_dir: &Path, tmp_prefix: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("big.jsonl");
    std::fs::write(
        &input,
        determinism_corpus(if big_tests() { 64 << 20 } else { 8 << 20 }),
    )
    .unwrap();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(["extract", "-q"])
        .args(args)
        .arg(&input)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("quarry starts");
    // Temporary names are `.documents.csv.<pid>.tmp` and the like.
    let tmp_exists = || {
        std::fs::read_dir(out_dir).is_ok_and(|rd| {
            rd.filter_map(Result::ok).any(|e| {
                let n = e.file_name().to_string_lossy().into_owned();
                n.starts_with(&format!(".{tmp_prefix}")) && n.ends_with(".tmp")
            })
        })
    };
    let deadline = Instant::now() + Duration::from_secs(60);
    // Kill once the sink exists (its temporary files are created before
    // the first batch is analysed), so the kill lands mid-run. Rows reach
    // the file a batch at a time, so waiting for them could outlast a
    // fast run.
    while !tmp_exists() {
        assert!(
            child.try_wait().unwrap().is_none(),
            "quarry finished before it could be killed"
        );
        assert!(Instant::now() < deadline, "no output file in 60 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    std::thread::sleep(Duration::from_millis(200));
    let finished = child.try_wait().unwrap().is_some();
    child.kill().unwrap();
    child.wait().unwrap();
    assert!(
        !finished,
        "quarry finished before it could be killed: make the input bigger"
    );
    let mut names: Vec<String> = std::fs::read_dir(out_dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// Killed in the middle of a run, `--format csv` leaves only its hidden
/// `.name.tmp` files: nothing that looks like a finished table.
#[test]
fn a_killed_csv_run_leaves_no_complete_looking_table() {
    let dir = tempfile::tempdir().unwrap();
    let out_dir = dir.path().join("tables");
    let out = out_dir.display().to_string();
    let names = killed_run(
        &["--format", "csv", "--output-dir", &out],
        &out_dir,
        "documents.csv",
    );
    for n in &names {
        assert!(
            n.starts_with('.') && n.ends_with(".tmp"),
            "a killed run left {n} in {names:?}"
        );
    }
    assert!(names.iter().any(|n| n.starts_with(".documents.csv")));
}

/// The same for `-o FILE`: a killed run leaves `.out.jsonl.<pid>.tmp`,
/// never `out.jsonl`.
#[test]
fn a_killed_run_with_an_output_file_leaves_no_complete_looking_file() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("out.jsonl");
    let path = file.display().to_string();
    let names = killed_run(&["-o", &path], dir.path(), "out.jsonl");
    assert!(!file.exists(), "a killed run left {names:?}");
    let left: Vec<&String> = names.iter().filter(|n| n.contains("out.jsonl")).collect();
    assert_eq!(left.len(), 1, "{names:?}");
    assert!(left[0].starts_with(".out.jsonl.") && left[0].ends_with(".tmp"));
}

// ---- user gazetteers ----

/// Peak resident memory of a child, polled from `/proc` until it exits.
/// Returns (exit status, seconds, peak KiB; 0 where /proc is missing).
fn run_measured(args: &[&str], stdin: &[u8]) -> (Output, f64, u64) {
    let started = Instant::now();
    let mut child = Command::new(env!("CARGO_BIN_EXE_quarry"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("quarry runs");
    let mut pipe = child.stdin.take().unwrap();
    let data = stdin.to_vec();
    std::thread::spawn(move || {
        let _ = pipe.write_all(&data);
    });
    let status = format!("/proc/{}/status", child.id());
    let peak = std::thread::scope(|s| {
        let poll = s.spawn(|| {
            let mut peak = 0u64;
            while let Ok(st) = std::fs::read_to_string(&status) {
                if let Some(kb) = st
                    .lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
                {
                    peak = peak.max(kb);
                }
                std::thread::sleep(Duration::from_millis(10));
            }
            peak
        });
        let out = child.wait_with_output().expect("quarry finishes");
        (out, poll.join().unwrap())
    });
    (peak.0, started.elapsed().as_secs_f64(), peak.1)
}

/// Loads a user list through the binary (no shipped lists, a one-line
/// input) and checks it succeeds within the given bounds.
fn gazetteer_within(case: &str, list: &str, max_secs: f64, max_mib: u64) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("user.tsv");
    std::fs::write(&path, list).unwrap();
    let p = path_arg(&path);
    let (out, secs, kib) = run_measured(
        &[
            "extract",
            "-q",
            "--no-default-gazetteers",
            "--gazetteer",
            &p,
            "-",
        ],
        b"{\"id\": \"g\", \"text\": \"Officials of Entry Seven met on Monday.\"}\n",
    );
    no_panic(case, &out);
    eprintln!("{case}: {secs:.1}s, {} MiB peak", kib / 1024);
    assert!(
        out.status.success(),
        "{case}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(secs < max_secs, "{case}: {secs:.1}s");
    assert!(kib / 1024 < max_mib, "{case}: {} MiB", kib / 1024);
}

#[test]
fn user_gazetteer_with_100k_entries_loads_in_bounds() {
    let mut list = String::new();
    for i in 0..100_000 {
        list.push_str(&format!(
            "u:{i}\tORG\tEntry Number {i}\tEN{i}|Entry {i} Ltd\t\n"
        ));
    }
    gazetteer_within("100k entries", &list, 60.0, 1024);
}

/// A made-up name: two words of 2 to 4 syllables.
fn made_up_name(rng: &mut Lcg) -> String {
    const SYL: &[&str] = &[
        "an", "ba", "ko", "ri", "sel", "ma", "do", "vin", "te", "ur", "lo", "zy", "pe", "gha",
        "mi", "stro", "ner", "qua",
    ];
    let mut word = || {
        let n = 2 + rng.next() as usize % 3;
        let w: String = (0..n).map(|_| *rng.pick(SYL)).collect();
        let mut c = w.chars();
        c.next()
            .map_or(String::new(), |f| f.to_uppercase().chain(c).collect())
    };
    format!("{} {}", word(), word())
}

#[test]
fn user_gazetteer_with_a_huge_line_loads_in_bounds() {
    // One entry with 200,000 aliases on one 3 MB line.
    let mut rng = Lcg(19);
    let aliases: Vec<String> = (0..200_000).map(|_| made_up_name(&mut rng)).collect();
    let list = format!("u:1\tPERSON\tEntry Seven\t{}\t\n", aliases.join("|"));
    gazetteer_within("huge line", &list, 60.0, 1024);
}

/// Surfaces that are prefixes of one another ("Route 1", "Route 12",
/// "Route 123", ...) made aho-corasick 1.1.5's build quadratic (100,000
/// such names took 6-9 s, 400,000 took 55 s); the double-array automaton
/// builds them in linear time.
#[test]
fn user_gazetteer_of_numbered_names_loads_in_bounds() {
    let mut list = String::new();
    for i in 0..100_000 {
        list.push_str(&format!("u:{i}\tORG\tRoute {i}\t\t\n"));
    }
    gazetteer_within("numbered names", &list, 10.0, 1024);
}

#[test]
fn user_gazetteer_with_long_patterns_loads_in_bounds() {
    // 2,000 names of about 1,000 bytes each (just under the 1 KB limit on
    // a surface): 2 MB of pattern text.
    let mut list = String::new();
    for i in 0..2_000 {
        let name = format!("Entry {i} {}", "Seven Hills Trading ".repeat(49));
        list.push_str(&format!("u:{i}\tORG\t{}\t\t\n", name.trim()));
    }
    gazetteer_within("long patterns", &list, 60.0, 1024);
}

/// A surface over the limit (1 KB) is refused with a message naming the
/// file, the line and the limit, before memory is spent on it.
#[test]
fn user_gazetteer_over_the_limit_is_a_clear_error() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("too-big.tsv");
    // A 20 MB pattern: past any sensible per-pattern limit.
    let list = format!("u:1\tORG\t{}\t\t\n", "A".repeat(20 << 20));
    std::fs::write(&path, list).unwrap();
    let p = path_arg(&path);
    let (out, secs, kib) = run_measured(
        &[
            "extract",
            "-q",
            "--no-default-gazetteers",
            "--gazetteer",
            &p,
            "-",
        ],
        b"{\"id\": \"g\", \"text\": \"x\"}\n",
    );
    no_panic("over the limit", &out);
    eprintln!("over the limit: {secs:.1}s, {} MiB peak", kib / 1024);
    assert!(
        secs < 20.0 && kib / 1024 < 512,
        "refused late: {secs:.1}s, {kib} KiB"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    // The run fails (exit 1, as for any list that cannot be loaded); it is
    // not a flag-syntax error (2).
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("too-big.tsv:1") && stderr.contains("limit"),
        "{stderr}"
    );
}
