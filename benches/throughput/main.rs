//! `cargo bench --bench throughput`: MB/s of article text through quarry,
//! whole and stage by stage, on a fixed generated news corpus.
//!
//! Takes its settings from the environment (see `BENCHMARKS.md`):
//! `QUARRY_BENCH_MB` (corpus size, default 50), `QUARRY_BENCH_REPS`
//! (repetitions, default 3; every figure is a median), `QUARRY_BENCH_DATA`
//! (where the corpus goes, default `target/bench-data`), `QUARRY_BENCH_BIN=0`
//! (skip the runs of the `quarry` binary), `QUARRY_BENCH_SCALE` (user list
//! sizes, default `10000,50000,100000,1000000`; empty to skip) and
//! `QUARRY_BENCH_SCALE_MB` (text scanned per list size, default the whole corpus).
//! `-- --generate` only writes the corpus and prints its paths.
//!
//! Gives one table on standard output: load times, each stage's MB/s, the
//! whole pipeline in process (1 thread, all threads, with and without JSONL
//! output) and as the release binary (with peak RSS), the raw Aho-Corasick
//! scan it is compared with, a 50k-name list, and gazetteer build time,
//! memory and matching speed for generated user lists of growing size.
//!
//! The design decision: **stages are timed inside one replay of
//! `Pipeline::analyze_with`**, built from the stages' public functions, with
//! a clock read between stages, rather than by running each stage over the
//! corpus on its own, because the later stages need the earlier ones'
//! output and storing it for 50 MB would time the memory system instead.
//! The replay is checked against `analyze_with` on the first documents and
//! the table says if they differ. The independent stages (segmentation,
//! gazetteer, raw scan) are also timed alone over the whole corpus.

mod corpus;

use std::fmt::Write as _;
use std::hint::black_box;
use std::io;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use aho_corasick::{AhoCorasick, AhoCorasickKind, MatchKind};
use rayon::prelude::*;

use quarry::gazetteer::{GazMatch, Gazetteer};
use quarry::input::{self, InputOptions};
use quarry::model::{Analysis, DateSource, Document, SpanIndex};
use quarry::output::{JsonSink, OutputOptions, Sink};
use quarry::pipeline::{self, Pipeline, RunOptions, Scratch};
use quarry::quotes::{QuoteFinder, QuoteInput, QuoteOptions};
use quarry::resolve::resolve;
use quarry::rules::dates::{find_dateline, DateFinder, DateOptions};
use quarry::rules::{EntityRules, RuleOutput};
use quarry::segment::{segment_into, Segmentation};

/// MB here is 2^20 bytes, as in `QUARRY_BENCH_MB`.
const MB: f64 = (1u64 << 20) as f64;

/// Settings read from the environment and arguments.
struct Opts {
    mb: usize,
    reps: usize,
    data: PathBuf,
    binary: bool,
    scale: Vec<usize>,
    scale_mb: usize,
}

fn env_usize(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.trim().parse().ok())
        .unwrap_or(default)
}

impl Opts {
    fn from_env() -> Opts {
        let data = std::env::var_os("QUARRY_BENCH_DATA")
            .map(PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("target/bench-data"));
        let scale = std::env::var("QUARRY_BENCH_SCALE")
            .unwrap_or_else(|_| "10000,50000,100000,1000000".into())
            .split(',')
            .filter_map(|s| s.trim().parse().ok())
            .collect();
        Opts {
            mb: env_usize("QUARRY_BENCH_MB", 50).max(1),
            reps: env_usize("QUARRY_BENCH_REPS", 3).max(1),
            data,
            binary: std::env::var("QUARRY_BENCH_BIN").map_or(true, |v| v != "0"),
            scale,
            scale_mb: env_usize("QUARRY_BENCH_SCALE_MB", 0),
        }
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n == 0 {
        0.0
    } else if n % 2 == 1 {
        v[n / 2]
    } else {
        (v[n / 2 - 1] + v[n / 2]) / 2.0
    }
}

/// Runs `f` `reps` times; the median of the wall-clock seconds.
fn timed(reps: usize, f: impl FnMut() -> u64) -> f64 {
    timed_cpu(reps, f).0
}

/// Runs `f` `reps` times; the medians of the wall-clock seconds and of
/// the CPU seconds of the whole process (all threads, user + system).
///
/// CPU time is what a figure would be on an idle machine when other
/// processes share the cores: it does not grow when the run waits for a
/// core, so it is the steadier figure on a loaded box.
fn timed_cpu(reps: usize, mut f: impl FnMut() -> u64) -> (f64, f64) {
    let mut wall = Vec::new();
    let mut cpu = Vec::new();
    for _ in 0..reps {
        let c = cpu_secs();
        let t = Instant::now();
        black_box(f());
        wall.push(t.elapsed().as_secs_f64());
        cpu.push(cpu_secs() - c);
    }
    (median(wall), median(cpu))
}

/// CPU seconds of this process so far: the sum over its live threads of
/// the nanosecond run time in `/proc/self/task/*/schedstat`, or, where that
/// is missing, user + system time from `/proc/self/stat` (in ticks of
/// 1/100 s, Linux's USER_HZ); 0 where there is no procfs.
///
/// Threads that exit between two readings take their time with them, so
/// every measured pool outlives its measurement.
fn cpu_secs() -> f64 {
    if let Ok(dir) = std::fs::read_dir("/proc/self/task") {
        let mut ns = 0u64;
        let mut any = false;
        for task in dir.flatten() {
            let Ok(s) = std::fs::read_to_string(task.path().join("schedstat")) else {
                continue;
            };
            if let Some(v) = s
                .split_whitespace()
                .next()
                .and_then(|v| v.parse::<u64>().ok())
            {
                ns += v;
                any = true;
            }
        }
        if any {
            return ns as f64 / 1e9;
        }
    }
    let Ok(s) = std::fs::read_to_string("/proc/self/stat") else {
        return 0.0;
    };
    // Fields after the command name, which is in parentheses and may hold
    // spaces: state is field 3, utime 14, stime 15.
    let rest = s.rsplit_once(')').map_or("", |(_, r)| r);
    let f: Vec<u64> = rest
        .split_whitespace()
        .skip(11)
        .take(2)
        .filter_map(|v| v.parse().ok())
        .collect();
    f.iter().sum::<u64>() as f64 / 100.0
}

fn mbs(bytes: u64, secs: f64) -> f64 {
    if secs > 0.0 {
        bytes as f64 / MB / secs
    } else {
        f64::INFINITY
    }
}

/// A value from `/proc/self/status` in kB (`VmRSS`, `VmHWM`).
fn proc_status_kb(key: &str) -> Option<u64> {
    let s = std::fs::read_to_string("/proc/self/status").ok()?;
    s.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
}

/// Resets `VmHWM` to the current RSS (Linux 4.0+), so the next peak
/// belongs to what runs next.
fn reset_peak_rss() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

/// The table, printed as it fills so a long run shows progress.
struct Table {
    threads: usize,
}

impl Table {
    fn section(&self, title: &str) {
        println!("\n{title}");
        println!("{:-<100}", "");
    }

    fn row(&self, name: &str, bytes: u64, secs: f64, note: &str) {
        println!(
            "{name:<46} {:>8.1} MB/s {:>8.3} s {:>16}  {note}",
            mbs(bytes, secs),
            secs,
            ""
        );
    }

    /// A row with the CPU seconds too: MB per CPU-second is the per-core
    /// rate, whatever else runs on the machine.
    fn row_cpu(&self, name: &str, bytes: u64, (secs, cpu): (f64, f64), note: &str) {
        println!(
            "{name:<46} {:>8.1} MB/s {:>8.3} s {:>7.1} MB/cpu-s  {note}",
            mbs(bytes, secs),
            secs,
            mbs(bytes, cpu)
        );
    }

    fn line(&self, name: &str, value: &str) {
        println!("{name:<46} {value}");
    }
}

fn load_docs(path: &Path) -> io::Result<Vec<Document>> {
    let mut docs = Vec::new();
    for r in input::read(&[path.to_path_buf()], &InputOptions::default()) {
        match r {
            Ok(d) => docs.push(d),
            Err(e) => return Err(io::Error::other(e.to_string())),
        }
    }
    Ok(docs)
}

fn text_bytes(docs: &[Document]) -> u64 {
    docs.iter().map(|d| d.text.len() as u64).sum()
}

/// Per-stage seconds of one replay of `analyze_with` over the corpus.
#[derive(Clone, Copy, Default)]
struct StageTimes {
    dateline: f64,
    segment: f64,
    gazetteer: f64,
    rules: f64,
    dates: f64,
    resolve: f64,
    quotes: f64,
    offsets: f64,
    serialise: f64,
}

const STAGE_NAMES: [&str; 9] = [
    "dateline",
    "segmentation",
    "gazetteer find_into",
    "rules (EntityRules::find)",
    "dates (DateFinder::find)",
    "resolve (+ overlap filters)",
    "quotes (QuoteFinder::find)",
    "char offsets (fill_char_offsets)",
    "serialise JSONL (JsonSink)",
];

impl StageTimes {
    fn as_array(&self) -> [f64; 9] {
        [
            self.dateline,
            self.segment,
            self.gazetteer,
            self.rules,
            self.dates,
            self.resolve,
            self.quotes,
            self.offsets,
            self.serialise,
        ]
    }
}

/// The stages of a default pipeline, built from their public parts.
struct Stages<'p> {
    gaz: &'p Gazetteer,
    rules: EntityRules,
    dates: DateFinder,
    quotes: QuoteFinder,
}

/// Scratch buffers of the replay.
#[derive(Default)]
struct ReplayScratch {
    seg: Segmentation,
    matches: Vec<GazMatch>,
    rules: RuleOutput,
    json: Vec<u8>,
}

impl Stages<'_> {
    /// `Pipeline::analyze_with`, step by step, adding each step's time to
    /// `t` (and serialising the result, as `quarry extract` does).
    fn analyze_timed(&self, doc: &Document, s: &mut ReplayScratch, t: &mut StageTimes) -> Analysis {
        let text = doc.text.as_str();
        let c0 = Instant::now();
        let mut a = Analysis {
            date: doc.date,
            date_source: doc.date_source,
            ..Analysis::default()
        };
        if a.date.is_none() {
            if let Some(d) = find_dateline(text) {
                a.date = Some(d);
                a.date_source = DateSource::Dateline;
            }
        }
        let c1 = Instant::now();
        segment_into(text, &mut s.seg);
        let c2 = Instant::now();
        s.matches.clear();
        self.gaz.find_into(text, &mut s.matches);
        let c3 = Instant::now();
        self.rules
            .find(text, &s.seg, self.gaz, &s.matches, &mut s.rules);
        let c4 = Instant::now();
        a.dates = self.dates.find(text, a.date);
        let c5 = Instant::now();
        let dates = SpanIndex::new(a.dates.iter().map(|d| d.span));
        s.rules.candidates.retain(|c| !dates.contains(&c.span));
        resolve(
            text,
            &s.rules.candidates,
            self.gaz,
            self.rules.lexicon(),
            &mut a.mentions,
            &mut a.entities,
        );
        let mentions = SpanIndex::new(a.mentions.iter().map(|m| m.span));
        a.dates
            .retain(|d| !mentions.contains(&d.span) || mentions.has(&d.span));
        a.demonyms = std::mem::take(&mut s.rules.demonyms);
        let c6 = Instant::now();
        let q = self.quotes.find(&QuoteInput {
            text,
            paragraphs: &s.seg.paragraphs,
            sentences: &s.seg.sentences,
            mentions: &a.mentions,
            entities: &a.entities,
        });
        a.quotes = q.quotes;
        a.warnings = q.warnings;
        let c7 = Instant::now();
        a.fill_char_offsets(text);
        let c8 = Instant::now();
        s.json.clear();
        let mut sink = JsonSink::lines(&mut s.json, &OutputOptions::default());
        let _ = sink.document(doc, &a);
        let c9 = Instant::now();
        t.dateline += (c1 - c0).as_secs_f64();
        t.segment += (c2 - c1).as_secs_f64();
        t.gazetteer += (c3 - c2).as_secs_f64();
        t.rules += (c4 - c3).as_secs_f64();
        t.dates += (c5 - c4).as_secs_f64();
        t.resolve += (c6 - c5).as_secs_f64();
        t.quotes += (c7 - c6).as_secs_f64();
        t.offsets += (c8 - c7).as_secs_f64();
        t.serialise += (c9 - c8).as_secs_f64();
        a
    }
}

/// One run of the binary.
struct BinRun {
    wall: f64,
    /// User + system seconds (0 without `/usr/bin/time`).
    cpu: f64,
    peak_kb: Option<u64>,
}

/// Runs `quarry extract FILE -j N` with output to /dev/null; wall-clock
/// seconds, CPU seconds and peak RSS in kB (from `/usr/bin/time`, when
/// present).
fn run_binary(bin: &str, file: &Path, threads: usize) -> io::Result<BinRun> {
    let have_time = Path::new("/usr/bin/time").exists();
    let mut cmd = if have_time {
        let mut c = Command::new("/usr/bin/time");
        c.args(["-f", "%M %U %S", bin]);
        c
    } else {
        Command::new(bin)
    };
    cmd.arg("extract")
        .arg(file)
        .args(["-j", &threads.to_string(), "-q"])
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped());
    let t = Instant::now();
    let out = cmd.output()?;
    let secs = t.elapsed().as_secs_f64();
    let stderr = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() {
        return Err(io::Error::other(format!("quarry extract failed: {stderr}")));
    }
    let last: Vec<f64> = stderr
        .lines()
        .last()
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|v| v.parse().ok())
        .collect();
    Ok(BinRun {
        wall: secs,
        cpu: last.get(1..3).map_or(0.0, |c| c.iter().sum()),
        peak_kb: last.first().map(|&k| k as u64),
    })
}

fn fmt_kb(kb: Option<u64>) -> String {
    kb.map_or("n/a".into(), |k| format!("{:.0} MB", k as f64 / 1024.0))
}

/// The first `mb` MB of the corpus text (all of it for 0), documents
/// kept whole.
fn sample_texts(docs: &[Document], mb: usize) -> Vec<&str> {
    let limit = if mb == 0 { usize::MAX } else { mb << 20 };
    let mut out = Vec::new();
    let mut bytes = 0usize;
    for d in docs {
        if bytes >= limit {
            break;
        }
        bytes += d.text.len();
        out.push(d.text.as_str());
    }
    out
}

fn raw_count(gaz: &Gazetteer, texts: &[&str]) -> u64 {
    texts.iter().map(|t| gaz.raw_match_count(t) as u64).sum()
}

fn ac_count(ac: &AhoCorasick, texts: &[&str]) -> u64 {
    texts.iter().map(|t| ac.find_iter(*t).count() as u64).sum()
}

fn find_count(gaz: &Gazetteer, texts: &[&str]) -> u64 {
    let mut out = Vec::new();
    let mut n = 0;
    for t in texts {
        out.clear();
        gaz.find_into(t, &mut out);
        n += out.len() as u64;
    }
    n
}

/// A generated person list of `n` entries in quarry TSV, written once.
fn person_list(data: &Path, n: usize) -> io::Result<PathBuf> {
    let path = data.join(format!("people-{n}.tsv"));
    if !path.exists() {
        let tmp = path.with_extension("tsv.tmp");
        std::fs::write(&tmp, corpus::person_list_tsv(n))?;
        std::fs::rename(&tmp, &path)?;
    }
    Ok(path)
}

/// The child side of one gazetteer scale measurement, run in its own
/// process so its peak RSS is its own: builds the shipped lists plus the
/// list at `list` (or the shipped lists alone for `-`), scans the first
/// `scale_mb` MB of the corpus and prints one `SCALE` line.
fn scale_child(list: &str, corpus_path: &Path, scale_mb: usize, reps: usize) -> io::Result<()> {
    let docs = load_docs(corpus_path)?;
    let texts = sample_texts(&docs, scale_mb);
    let bytes: u64 = texts.iter().map(|t| t.len() as u64).sum();
    let mut builds = Vec::new();
    let mut build_cpu = Vec::new();
    let mut peak = 0;
    let mut retained = 0;
    let mut gaz = None;
    for rep in 0..reps {
        drop(gaz.take());
        reset_peak_rss();
        let before = proc_status_kb("VmRSS").unwrap_or(0);
        let c = cpu_secs();
        let t = Instant::now();
        let mut b = Gazetteer::builder();
        if list != "-" {
            b.add_file(list);
        }
        let g = b.build().map_err(|e| io::Error::other(e.to_string()))?;
        builds.push(t.elapsed().as_secs_f64());
        build_cpu.push(cpu_secs() - c);
        // Later builds reuse the heap the dropped one freed, so only the
        // first build's memory is its own.
        if rep == 0 {
            peak = proc_status_kb("VmHWM").unwrap_or(0).saturating_sub(before);
            retained = proc_status_kb("VmRSS").unwrap_or(0).saturating_sub(before);
        }
        gaz = Some(g);
    }
    let Some(gaz) = gaz else { return Ok(()) };
    let raw = timed_cpu(reps, || raw_count(&gaz, &texts));
    let find = timed_cpu(reps, || find_count(&gaz, &texts));
    println!(
        "SCALE build={} build_cpu={} peak_kb={peak} kept_kb={retained} ac_bytes={} \
         surfaces={} patterns={} kind={} raw={} raw_cpu={} find={} find_cpu={} \
         raw_hits={} matches={}",
        median(builds),
        median(build_cpu),
        gaz.automaton_bytes(),
        gaz.surface_count(),
        gaz.pattern_count(),
        automaton_label(&gaz).replace(' ', "-"),
        mbs(bytes, raw.0),
        mbs(bytes, raw.1),
        mbs(bytes, find.0),
        mbs(bytes, find.1),
        raw_count(&gaz, &texts),
        find_count(&gaz, &texts),
    );
    Ok(())
}

/// The automaton's kind, with the number of parts when there are several
/// ("2 contiguous NFAs").
fn automaton_label(gaz: &Gazetteer) -> String {
    match gaz.automaton_parts() {
        1 => gaz.automaton_kind().to_string(),
        n => format!("{n} {}", gaz.automaton_kind()),
    }
}

fn main() -> io::Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let opts = Opts::from_env();
    if let Some(i) = args.iter().position(|a| a == "--scale-child") {
        let (Some(list), Some(path)) = (args.get(i + 1), args.get(i + 2)) else {
            return Err(io::Error::other("--scale-child LIST CORPUS"));
        };
        return scale_child(list, Path::new(path), opts.scale_mb, opts.reps);
    }
    let files = corpus::ensure(&opts.data, opts.mb)?;
    if args.iter().any(|a| a == "--generate") {
        // For scripts/bench.sh: path and bytes of article text.
        for f in [&files.full, &files.small] {
            println!("{}\t{}", f.display(), text_bytes(&load_docs(f)?));
        }
        for &n in &[50_000]
            .into_iter()
            .chain(opts.scale.iter().copied())
            .collect::<Vec<_>>()
        {
            println!("{}", person_list(&opts.data, n)?.display());
        }
        return Ok(());
    }

    let threads = rayon::current_num_threads();
    let table = Table { threads };
    let reps = opts.reps;
    let t = Instant::now();
    let docs = load_docs(&files.full)?;
    let bytes = text_bytes(&docs);
    let load_secs = t.elapsed().as_secs_f64();
    println!(
        "quarry throughput: {} documents, {:.1} MB of article text ({}), {} rayon threads, median of {} runs",
        docs.len(),
        bytes as f64 / MB,
        files.full.display(),
        table.threads,
        reps
    );
    println!(
        "load /proc/loadavg: {}",
        std::fs::read_to_string("/proc/loadavg")
            .unwrap_or_default()
            .trim()
    );

    // Load times.
    table.section("Load");
    table.line(
        "read + parse corpus JSONL (quarry::input)",
        &format!("{:.2} s ({:.1} MB/s)", load_secs, mbs(bytes, load_secs)),
    );
    let build = timed(reps, || {
        Pipeline::builder()
            .build()
            .map_or(0, |p| p.gazetteer().surface_count() as u64)
    });
    table.line(
        "Pipeline::builder().build() (shipped)",
        &format!("{:.3} s", build),
    );
    let gbuild = timed(reps, || {
        Gazetteer::builder()
            .build()
            .map_or(0, |g| g.surface_count() as u64)
    });
    table.line(
        "  of which Gazetteer::builder().build()",
        &format!("{:.3} s", gbuild),
    );
    let pipeline = Pipeline::builder()
        .build()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let gaz = pipeline.gazetteer();
    table.line(
        "  shipped automaton",
        &format!(
            "{} surfaces, {} patterns, {} Aho-Corasick, {:.1} MB heap",
            gaz.surface_count(),
            gaz.pattern_count(),
            gaz.automaton_kind(),
            gaz.automaton_bytes() as f64 / MB
        ),
    );

    // Stages alone.
    table.section(&format!("Stages, 1 thread, {:.1} MB", bytes as f64 / MB));
    let texts: Vec<&str> = docs.iter().map(|d| d.text.as_str()).collect();
    let raw = timed_cpu(reps, || raw_count(gaz, &texts));
    let hits = raw_count(gaz, &texts);
    table.row_cpu(
        "raw automaton scan (raw_match_count)",
        bytes,
        raw,
        &format!("{hits} raw matches"),
    );
    let find = timed_cpu(reps, || find_count(gaz, &texts));
    let found = find_count(gaz, &texts);
    table.row_cpu(
        "gazetteer find_into (word boundaries)",
        bytes,
        find,
        &format!("{found} matches"),
    );
    let mut seg = Segmentation::default();
    let segt = timed_cpu(reps, || {
        let mut n = 0;
        for t in &texts {
            segment_into(t, &mut seg);
            n += seg.tokens.len() as u64;
        }
        n
    });
    table.row_cpu("segmentation (segment_into)", bytes, segt, "");

    // The replay.
    let stages = Stages {
        gaz,
        rules: EntityRules::new(),
        dates: DateFinder::new(DateOptions::default()),
        quotes: QuoteFinder::new(QuoteOptions::default()),
    };
    let mut scratch = ReplayScratch::default();
    let mut pscratch = Scratch::default();
    let checked = docs.len().min(200);
    let same = docs[..checked]
        .iter()
        .filter(|d| {
            let mut t = StageTimes::default();
            stages.analyze_timed(d, &mut scratch, &mut t) == pipeline.analyze_with(d, &mut pscratch)
        })
        .count();
    let mut runs: Vec<StageTimes> = Vec::new();
    let mut json_bytes = 0u64;
    for _ in 0..reps {
        let mut t = StageTimes::default();
        json_bytes = 0;
        for d in &docs {
            black_box(stages.analyze_timed(d, &mut scratch, &mut t));
            json_bytes += scratch.json.len() as u64;
        }
        runs.push(t);
    }
    let per_stage: Vec<f64> = (0..9)
        .map(|i| median(runs.iter().map(|r| r.as_array()[i]).collect()))
        .collect();
    let total: f64 = per_stage.iter().sum();
    println!(
        "replay of analyze_with, stage by stage ({same}/{checked} documents identical to Pipeline::analyze_with{})",
        if same == checked { "" } else { " -- REPLAY IS STALE, update benches/throughput" }
    );
    for (name, secs) in STAGE_NAMES.iter().zip(&per_stage) {
        table.row(
            &format!("  {name}"),
            bytes,
            *secs,
            &format!("{:>4.1}% of replay", secs / total * 100.0),
        );
    }
    table.row(
        "  replay total (analyze + serialise)",
        bytes,
        total,
        &format!("{:.1} MB of JSONL", json_bytes as f64 / MB),
    );

    // The whole analysis in process.
    table.section("Whole pipeline, in process");
    let a1 = timed_cpu(reps, || {
        let mut s = Scratch::default();
        docs.iter()
            .map(|d| pipeline.analyze_with(d, &mut s).mentions.len() as u64)
            .sum()
    });
    table.row_cpu("analyze_with, 1 thread", bytes, a1, "");
    let an = timed_cpu(reps, || {
        docs.par_iter()
            .map_init(Scratch::default, |s, d| {
                pipeline.analyze_with(d, s).mentions.len() as u64
            })
            .sum()
    });
    table.row_cpu(
        &format!("analyze_with, {threads} threads (par_iter)"),
        bytes,
        an,
        &format!("x{:.2} over 1 thread", a1.0 / an.0),
    );
    let run_with = |pool_threads: usize| -> io::Result<(f64, f64)> {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(pool_threads)
            .build()
            .map_err(io::Error::other)?;
        let mut err = None;
        let secs = timed_cpu(reps, || {
            pool.install(|| {
                let mut sink = JsonSink::lines(io::sink(), &OutputOptions::default());
                match pipeline::run(
                    &pipeline,
                    docs.clone().into_iter().map(Ok),
                    &mut sink,
                    RunOptions::default(),
                    |_| {},
                ) {
                    Ok(s) => s.documents,
                    Err(e) => {
                        err = Some(e);
                        0
                    }
                }
            })
        });
        err.map_or(Ok(secs), Err)
    };
    let r1 = run_with(1)?;
    table.row_cpu("pipeline::run → JSONL (io::sink), 1 thread", bytes, r1, "");
    let rn = run_with(threads)?;
    table.row_cpu(
        &format!("pipeline::run → JSONL (io::sink), {threads} threads"),
        bytes,
        rn,
        &format!("x{:.2} over 1 thread", r1.0 / rn.0),
    );

    // The binary.
    let mut bin_1 = None;
    if opts.binary {
        let bin = env!("CARGO_BIN_EXE_quarry");
        table.section("quarry extract (release binary) → /dev/null");
        let small_docs = load_docs(&files.small)?;
        let small_bytes = text_bytes(&small_docs);
        drop(small_docs);
        let mut inputs = vec![(&files.full, bytes, reps)];
        if files.small != files.full {
            inputs.push((&files.small, small_bytes, 1));
        }
        for (file, fbytes, n) in inputs {
            for j in [1, threads] {
                let mut secs = Vec::new();
                let mut cpu = Vec::new();
                let mut rss = None;
                for _ in 0..n {
                    let r = run_binary(bin, file, j)?;
                    secs.push(r.wall);
                    cpu.push(r.cpu);
                    rss = rss.max(r.peak_kb);
                }
                let s = (median(secs), median(cpu));
                if j == 1 && file == &files.full {
                    bin_1 = Some(s);
                }
                table.row_cpu(
                    &format!("-j {j}, {:.0} MB input", fbytes as f64 / MB),
                    fbytes,
                    s,
                    &format!(
                        "peak RSS {}{}",
                        fmt_kb(rss),
                        if n == 1 { " (1 run)" } else { "" }
                    ),
                );
            }
        }
    }

    // Ratios.
    table.section("Ratios");
    table.line(
        "pipeline / raw scan, wall (in process, 1 thread)",
        &format!(
            "{:.1}x (analyze_with {:.1} MB/s vs raw scan {:.1} MB/s)",
            a1.0 / raw.0,
            mbs(bytes, a1.0),
            mbs(bytes, raw.0)
        ),
    );
    table.line(
        "pipeline / raw scan, CPU time",
        &format!(
            "{:.1}x (analyze_with {:.1} MB/cpu-s vs raw scan {:.1} MB/cpu-s)",
            a1.1 / raw.1,
            mbs(bytes, a1.1),
            mbs(bytes, raw.1)
        ),
    );
    if let Some((w, c)) = bin_1 {
        table.line(
            "quarry extract -j 1 / raw scan, wall and CPU",
            &format!("{:.1}x, {:.1}x", w / raw.0, c / raw.1),
        );
    }
    table.line(
        "gazetteer find_into / raw scan, CPU time",
        &format!("{:.2}x", find.1 / raw.1),
    );

    // A 50k-name list.
    table.section(&format!(
        "50,000-name user list, raw scan of {:.1} MB",
        bytes as f64 / MB
    ));
    let names = corpus::person_names(50_000);
    let mut list = String::new();
    for (i, n) in names.iter().enumerate() {
        let _ = writeln!(list, "bench:p{i}\tPERSON\t{n}");
    }
    let t = Instant::now();
    let ugaz = Gazetteer::builder()
        .shipped(false)
        .add_text("people-50k", &list)
        .build()
        .map_err(|e| io::Error::other(e.to_string()))?;
    let ubuild = t.elapsed().as_secs_f64();
    let s = timed_cpu(reps, || raw_count(&ugaz, &texts));
    table.row_cpu(
        "quarry Gazetteer (list only), raw scan",
        bytes,
        s,
        &format!(
            "{}, {} patterns with ALL-CAPS, built in {:.2} s, {} matches",
            ugaz.automaton_kind(),
            ugaz.pattern_count(),
            ubuild,
            raw_count(&ugaz, &texts)
        ),
    );
    let s = timed_cpu(reps, || find_count(&ugaz, &texts));
    table.row_cpu("quarry Gazetteer (list only), find_into", bytes, s, "");
    for kind in [
        AhoCorasickKind::NoncontiguousNFA,
        AhoCorasickKind::ContiguousNFA,
        AhoCorasickKind::DFA,
    ] {
        let t = Instant::now();
        let ac = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .kind(Some(kind))
            .build(&names);
        let b = t.elapsed().as_secs_f64();
        match ac {
            Ok(ac) => {
                let s = timed_cpu(reps, || ac_count(&ac, &texts));
                table.row_cpu(
                    &format!("AhoCorasick {kind:?}, leftmost-longest"),
                    bytes,
                    s,
                    &format!(
                        "built in {:.2} s, {:.1} MB heap",
                        b,
                        ac.memory_usage() as f64 / MB
                    ),
                );
            }
            Err(e) => table.line(&format!("AhoCorasick {kind:?}"), &format!("failed: {e}")),
        }
    }
    drop(ugaz);

    // Gazetteer scale.
    if !opts.scale.is_empty() {
        let over = if opts.scale_mb == 0 {
            format!("{:.0} MB (the whole corpus)", bytes as f64 / MB)
        } else {
            format!("the first {} MB", opts.scale_mb)
        };
        table.section(&format!(
            "Gazetteer scale: shipped lists + generated user list, in a child process each; matching over {over}"
        ));
        println!(
            "{:<18} {:>13} {:>8} {:>8} {:>6} {:>9} {:>9} {:>14} {:>15} {:>15} {:>8}",
            "user list",
            "build s (cpu)",
            "peak MB",
            "kept MB",
            "AC MB",
            "surfaces",
            "patterns",
            "kind",
            "raw MB/s (cpu)",
            "find MB/s (cpu)",
            "matches"
        );
        let exe = std::env::current_exe()?;
        let mut lists = vec![("shipped only".to_string(), "-".to_string())];
        for &n in &opts.scale {
            lists.push((
                format!("+ {n} people"),
                person_list(&opts.data, n)?.display().to_string(),
            ));
        }
        for (label, list) in lists {
            let out = Command::new(&exe)
                .arg("--scale-child")
                .arg(&list)
                .arg(&files.full)
                .env("QUARRY_BENCH_REPS", reps.to_string())
                .env("QUARRY_BENCH_SCALE_MB", opts.scale_mb.to_string())
                .stderr(Stdio::inherit())
                .output()?;
            let stdout = String::from_utf8_lossy(&out.stdout);
            let Some(line) = stdout.lines().find_map(|l| l.strip_prefix("SCALE ")) else {
                println!("{label:<18} failed ({})", out.status);
                continue;
            };
            let field = |k: &str| {
                line.split(' ')
                    .find_map(|kv| kv.strip_prefix(k)?.strip_prefix('='))
                    .unwrap_or("?")
            };
            let num = |k: &str| field(k).parse::<f64>().unwrap_or(f64::NAN);
            println!(
                "{label:<18} {:>13} {:>8.0} {:>8.0} {:>6.1} {:>9} {:>9} {:>14} {:>15} {:>15} {:>8}",
                format!("{:.2} ({:.2})", num("build"), num("build_cpu")),
                num("peak_kb") / 1024.0,
                num("kept_kb") / 1024.0,
                num("ac_bytes") / MB,
                field("surfaces"),
                field("patterns"),
                field("kind"),
                format!("{:.0} ({:.0})", num("raw"), num("raw_cpu")),
                format!("{:.0} ({:.0})", num("find"), num("find_cpu")),
                field("matches"),
            );
        }
    }
    Ok(())
}
