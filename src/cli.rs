//! Flags in two steps: clap's raw [`Args`] become checked values — an
//! `OutputConfig` (where and how to write) and a `Config` that owns the
//! built pipeline — so no stage re-parses options and every bad
//! combination of flags is a usage error (exit 2) before any input is read
//! or any gazetteer built.

mod progress;

use std::collections::BTreeMap;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};

use quarry::eval::{self, Task};
use quarry::gazetteer::{check, ListFormat};
use quarry::input::{self, Format, InputOptions, PipeRecords, Records};
use quarry::model::{Analysis, Document, RecordError};
use quarry::output::{
    CsvDirSink, CsvSink, Destination, JsonSink, Newlines, OffsetMode, OutputOptions, Sink, Table,
};
use quarry::pipeline::{self, Pipeline, RunOptions, Stage, Summary};

use progress::Progress;
use quarry::quotes::QuoteOptions;
use quarry::rules::dates::DateOptions;

/// A usage error: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Extract people, places, organisations, dates and attributed quotes from
/// news articles.
#[derive(Debug, Parser)]
#[command(name = "quarry", version, about, long_about = None)]
pub struct Args {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Analyse articles and write what they mention and who said what.
    #[command(
        after_help = "Offsets: every span has start/end in code points (Python \
        string indices) and byte_start/byte_end in UTF-8 bytes into the analysed text: the \
        input's text field as it is (a text file: the file, less a byte order mark). With \
        --title-field the analysed text is title + \"\\n\\n\" + text, and each record's \
        body_start/body_byte_start say where the text field starts.\n\n\
        Directories: files named .jsonl .json .csv .tsv .txt (also .gz .zst .bz2), tar \
        archives, files with no extension (unless binary) and files with another extension \
        that hold JSON are read; other files are skipped and reported, hidden files skipped \
        and counted."
    )]
    Extract(Box<ExtractArgs>),
    /// Run on gold-annotated JSON Lines and print P/R/F1.
    Eval(EvalArgs),
    /// Print a shell completion script (e.g. `quarry completions bash > /etc/bash_completion.d/quarry`).
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the man page (roff) on standard output (`quarry man > quarry.1`).
    Man,
    /// Work with gazetteer lists.
    #[command(subcommand)]
    Gazetteer(GazetteerCommand),
}

#[derive(Debug, Subcommand)]
enum GazetteerCommand {
    /// Validate lists: malformed lines, duplicates, one surface under two
    /// types, entries that can never match. Exit 1 when a list would not load.
    Check(GazetteerCheckArgs),
}

#[derive(Debug, clap::Args)]
struct GazetteerCheckArgs {
    /// List files (quarry TSV, spaCy EntityRuler JSONL, RegexNER TSV).
    #[arg(required = true)]
    files: Vec<PathBuf>,
    #[command(flatten)]
    lists: ListArgs,
}

/// How user lists are read, shared by `extract` and `gazetteer check`.
#[derive(Debug, Clone, clap::Args)]
struct ListArgs {
    /// Format of the --gazetteer files: quarry, spacy or regexner (default:
    /// detected from the extension and content).
    #[arg(long, value_parser = parse_list_format)]
    gazetteer_format: Option<ListFormat>,
    /// Map other tools' labels to quarry's types, e.g. `GPE=PLACE,NORP=ORG`
    /// (comma-separated or repeated). Unmapped labels outside
    /// PERSON/PLACE/ORG stay custom types.
    #[arg(long, value_delimiter = ',', value_parser = parse_type_map)]
    type_map: Vec<(String, String)>,
}

fn parse_list_format(s: &str) -> Result<ListFormat, String> {
    ListFormat::from_name(s)
        .ok_or_else(|| format!("unknown list format {s:?}: use quarry, spacy or regexner"))
}

fn parse_type_map(s: &str) -> Result<(String, String), String> {
    let (from, to) = s
        .split_once('=')
        .ok_or_else(|| format!("expected LABEL=TYPE, got {s:?}"))?;
    Ok((from.trim().to_string(), to.trim().to_string()))
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    /// One JSON object per document and line.
    Jsonl,
    /// One JSON array of documents (streamed, one element per line).
    Json,
    /// CSV: four tables in --output-dir, or the one table --records names.
    Csv,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum RecordsArg {
    /// One row per document (and per unreadable record).
    Documents,
    /// One row per entity.
    Entities,
    /// One row per mention and date expression.
    Mentions,
    /// One row per quote.
    Quotes,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OffsetsArg {
    /// Unicode code points (Python string indices).
    Char,
    /// UTF-8 bytes.
    Byte,
    /// UTF-16 code units (JavaScript, Java); JSON gets utf16_start/utf16_end.
    Utf16,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum NewlinesArg {
    /// Keep line breaks inside quoted cells.
    Keep,
    /// Replace each run of line breaks by a space.
    Space,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum SkipArg {
    /// No quotes.
    Quotes,
    /// No dates (a month or weekday name may then be read as a name).
    Dates,
    /// Only the gazetteers' names: no titles, org cues or unlisted names.
    Rules,
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum InFormat {
    Jsonl,
    Json,
    Csv,
    Tsv,
    Text,
}

#[derive(Debug, clap::Args)]
struct InputArgs {
    /// Files or directories to read; `-` or nothing reads standard input.
    paths: Vec<PathBuf>,
    /// Input format (default: detected per file).
    #[arg(long, value_enum)]
    input_format: Option<InFormat>,
    /// Field holding the article text (default: text, content, body, ...).
    #[arg(long)]
    text_field: Option<String>,
    /// Field holding the document id (default: id, then file:line).
    #[arg(long)]
    id_field: Option<String>,
    /// Field holding the publication date.
    #[arg(long)]
    date_field: Option<String>,
    /// Field holding the title (none by default). The title is prepended
    /// to the text ("Title\n\nBody"), so offsets count from the title;
    /// each record's body_start / body_byte_start says where the text field
    /// starts. Without this flag, offsets index the text field as it is.
    #[arg(long)]
    title_field: Option<String>,
    /// Field holding the URL.
    #[arg(long)]
    url_field: Option<String>,
    /// Input fields to copy into every output record (comma-separated or repeated).
    #[arg(long, value_delimiter = ',')]
    keep_field: Vec<String>,
    /// JSON pointer to the array of records inside a JSON document (`/results`).
    #[arg(long)]
    records_path: Option<String>,
    /// Publication date (YYYY-MM-DD) for documents that have none.
    #[arg(long, value_parser = parse_date)]
    date: Option<NaiveDate>,
    /// Read numeric dates as day/month/year, in the text and in date fields
    /// (07/12/2022 = 7 December; without it, an ambiguous date field is
    /// left out with a warning).
    #[arg(long)]
    day_first: bool,
    /// Documents larger than this many bytes are reported and skipped
    /// (a dense document needs about 40 times its size in memory). A JSON
    /// line over twice this plus 1 MiB is skipped without being read into memory.
    #[arg(long, default_value_t = 16 << 20)]
    max_doc_bytes: usize,
    /// Truncate documents over --max-doc-bytes instead of skipping them
    /// (the record says so in its warnings).
    #[arg(long)]
    truncate_long: bool,
    /// Extra gazetteer file (repeatable).
    #[arg(long = "gazetteer")]
    gazetteers: Vec<PathBuf>,
    /// Do not load the shipped gazetteers.
    #[arg(long)]
    no_default_gazetteers: bool,
    #[command(flatten)]
    lists: ListArgs,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format [default: jsonl; csv with --records or --output-dir].
    #[arg(long, value_enum)]
    format: Option<OutFormat>,
    /// Write to this file instead of standard output (it appears when the run completes).
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Write documents.csv, entities.csv, mentions.csv and quotes.csv into this directory.
    #[arg(long)]
    output_dir: Option<PathBuf>,
    /// Write one CSV table to standard output (or -o FILE).
    #[arg(long, value_enum)]
    records: Option<RecordsArg>,
    /// Unit of CSV start/end; utf16 also adds utf16_start/utf16_end to JSON.
    #[arg(long, value_enum, default_value = "char")]
    offsets: OffsetsArg,
    /// CSV for spreadsheets: UTF-8 byte order mark, CRLF, formulas neutralised with a leading '.
    #[arg(long)]
    excel: bool,
    /// Line breaks inside CSV cells [default: keep].
    #[arg(long, value_enum)]
    csv_newlines: Option<NewlinesArg>,
    /// Also emit quoted spans that are not speech (terms, titles, scare quotes).
    #[arg(long)]
    all_quotes: bool,
    /// Leave stages out for speed (comma-separated or repeated): quotes,
    /// dates, rules. `--skip quotes,dates,rules` keeps only the gazetteer
    /// names; BENCHMARKS.md gives the speed of each choice.
    #[arg(long, value_enum, value_delimiter = ',')]
    skip: Vec<SkipArg>,
    /// Include paragraphs, sentences and tokens in the JSON output.
    #[arg(long)]
    segments: bool,
    /// Write an error record for each unreadable record (default when reading standard input).
    #[arg(long)]
    error_records: bool,
    /// Strict filter for Spark `RDD.pipe`, Hadoop Streaming and GNU
    /// parallel: standard input to standard output, exactly one JSON line
    /// out per line in (bad and empty lines become error records), exit 0.
    #[arg(long)]
    pipe: bool,
    /// No progress and no summary on standard error.
    #[arg(short, long)]
    quiet: bool,
}

#[derive(Debug, clap::Args)]
struct EvalArgs {
    /// Gold JSON Lines (`id`, `text`, `dct`, and `entities` or `quotes`).
    #[arg(long)]
    gold: PathBuf,
    /// What to score.
    #[arg(long, value_enum, default_value = "entities")]
    task: Task,
    /// Also write the predictions (scorer format) to this file.
    #[arg(long)]
    predictions: Option<PathBuf>,
    /// Print the scores as JSON.
    #[arg(long)]
    json: bool,
    /// Read numeric dates as day/month/year.
    #[arg(long)]
    day_first: bool,
}

fn parse_date(s: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").map_err(|e| format!("expected YYYY-MM-DD: {e}"))
}

/// The checked configuration of an `extract` run.
struct Config {
    pipeline: Pipeline,
    input: InputOptions,
    paths: Vec<PathBuf>,
}

/// Where and how an `extract` run writes.
enum Target {
    /// JSON Lines to standard output or a file.
    Jsonl(Option<PathBuf>),
    /// One JSON array to standard output or a file.
    JsonArray(Option<PathBuf>),
    /// The four CSV tables in a directory.
    CsvDir(PathBuf),
    /// One CSV table to standard output or a file.
    CsvTable(Table, Option<PathBuf>),
}

/// The checked output flags.
struct OutputConfig {
    target: Target,
    options: OutputOptions,
}

fn usage(msg: &str) -> anyhow::Error {
    UsageError(msg.into()).into()
}

fn build_output(a: &ExtractArgs, reads_stdin: bool) -> Result<OutputConfig> {
    let format = a
        .format
        .unwrap_or(if a.records.is_some() || a.output_dir.is_some() {
            OutFormat::Csv
        } else {
            OutFormat::Jsonl
        });
    if format != OutFormat::Csv {
        let csv_only = [
            (a.output_dir.is_some(), "--output-dir"),
            (a.records.is_some(), "--records"),
            (a.excel, "--excel"),
            (a.csv_newlines.is_some(), "--csv-newlines"),
        ];
        if let Some((_, flag)) = csv_only.iter().find(|(given, _)| *given) {
            return Err(usage(&format!(
                "{flag} goes with --format csv; JSON is written to standard output or -o FILE"
            )));
        }
    }
    let target = match format {
        OutFormat::Jsonl => Target::Jsonl(a.output.clone()),
        OutFormat::Json => Target::JsonArray(a.output.clone()),
        OutFormat::Csv => match (&a.output_dir, a.records) {
            (Some(_), Some(_)) => {
                return Err(usage(
                    "--records writes one table to standard output or -o FILE; \
                     --output-dir writes all four: give one of them",
                ))
            }
            (Some(_), None) if a.output.is_some() => {
                return Err(usage(
                    "--output-dir and -o both name where to write: give one of them",
                ))
            }
            (Some(dir), None) => Target::CsvDir(dir.clone()),
            (None, Some(r)) => Target::CsvTable(
                match r {
                    RecordsArg::Documents => Table::Documents,
                    RecordsArg::Entities => Table::Entities,
                    RecordsArg::Mentions => Table::Mentions,
                    RecordsArg::Quotes => Table::Quotes,
                },
                a.output.clone(),
            ),
            (None, None) => {
                return Err(usage(
                    "--format csv needs --output-dir DIR (all four tables) or \
                     --records documents|entities|mentions|quotes (one table)",
                ))
            }
        },
    };
    Ok(OutputConfig {
        target,
        options: OutputOptions {
            offsets: match a.offsets {
                OffsetsArg::Char => OffsetMode::Char,
                OffsetsArg::Byte => OffsetMode::Byte,
                OffsetsArg::Utf16 => OffsetMode::Utf16,
            },
            error_records: a.error_records || reads_stdin || a.pipe,
            excel: a.excel,
            newlines: match a.csv_newlines {
                Some(NewlinesArg::Space) => Newlines::Space,
                Some(NewlinesArg::Keep) | None => Newlines::Keep,
            },
            meta_columns: a.input.keep_field.clone(),
        },
    })
}

fn build_config(
    a: &InputArgs,
    all_quotes: bool,
    segments: bool,
    skip: &[SkipArg],
) -> Result<Config> {
    if let Some(n) = a.threads {
        if n == 0 {
            return Err(UsageError("--threads must be at least 1".into()).into());
        }
        // A second call fails harmlessly when the pool already exists.
        let _ = rayon::ThreadPoolBuilder::new()
            .num_threads(n)
            .build_global();
    }
    let mut builder = Pipeline::builder();
    builder.gazetteer().shipped(!a.no_default_gazetteers);
    builder.gazetteer().type_map(a.lists.type_map.clone());
    for g in &a.gazetteers {
        match a.lists.gazetteer_format {
            Some(f) => builder.gazetteer().add_file_as(g, f),
            None => builder.gazetteer().add_file(g),
        };
    }
    builder
        .dates(DateOptions {
            day_first: a.day_first,
        })
        .quotes(QuoteOptions { all_quotes })
        .keep_segments(segments);
    for s in skip {
        builder.skip(match s {
            SkipArg::Quotes => Stage::Quotes,
            SkipArg::Dates => Stage::Dates,
            SkipArg::Rules => Stage::Rules,
        });
    }
    let pipeline = builder.build()?;
    // Lines of user lists that were skipped: say so once, up front.
    for w in pipeline.gazetteer().warnings() {
        let _ = writeln!(io::stderr(), "quarry: warning: {w}");
    }
    let input = InputOptions {
        format: a.input_format.map(|f| match f {
            InFormat::Jsonl => Format::Jsonl,
            InFormat::Json => Format::Json,
            InFormat::Csv => Format::Csv,
            InFormat::Tsv => Format::Tsv,
            InFormat::Text => Format::Text,
        }),
        text_field: a.text_field.clone(),
        id_field: a.id_field.clone(),
        date_field: a.date_field.clone(),
        title_field: a.title_field.clone(),
        url_field: a.url_field.clone(),
        keep_fields: a.keep_field.clone(),
        records_path: a.records_path.clone(),
        default_date: a.date,
        max_doc_bytes: Some(a.max_doc_bytes),
        truncate_long: a.truncate_long,
        day_first: a.day_first,
    };
    Ok(Config {
        pipeline,
        input,
        paths: a.paths.clone(),
    })
}

/// Reports record errors and the warnings of documents (a truncated text,
/// an unreadable date field) on standard error as they pass, counts them,
/// then hands them on.
struct Reporting<'s, S: ?Sized> {
    inner: &'s mut S,
    progress: &'s Progress,
    counts: &'s mut ReadCounts,
}

/// What the summary line adds to the pipeline's [`Summary`].
#[derive(Default)]
struct ReadCounts {
    /// Documents with a warning from reading.
    warnings: u64,
    /// Documents cut to --max-doc-bytes.
    truncated: u64,
}

impl<S: Sink + ?Sized> Reporting<'_, S> {
    fn note(&mut self, doc: &Document) {
        if doc.truncated {
            self.counts.truncated += 1;
        }
        for w in &doc.warnings {
            self.counts.warnings += 1;
            self.progress
                .println(&format!("quarry: {}: warning: {w}", doc.location));
        }
    }
}

impl<S: Sink + ?Sized> Sink for Reporting<'_, S> {
    fn document(&mut self, doc: &Document, a: &Analysis) -> io::Result<()> {
        self.note(doc);
        self.inner.document(doc, a)
    }

    fn renderer(&self) -> Option<quarry::output::Renderer> {
        self.inner.renderer()
    }

    fn document_rendered(&mut self, doc: &Document, a: &Analysis, bytes: &[u8]) -> io::Result<()> {
        self.note(doc);
        self.inner.document_rendered(doc, a, bytes)
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        self.progress.println(&format!("quarry: {err}"));
        self.inner.error(err)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.inner.finish()
    }
}

/// The input records, noting how many input bytes have been read (for the
/// progress bar) as they pass.
struct Counted<P> {
    records: Input,
    bytes: Arc<AtomicU64>,
    /// Files left out so far (reported as met, through `print`).
    skipped: Arc<AtomicU64>,
    print: P,
}

/// Where records come from: files and folders, or standard input in pipe
/// mode.
enum Input {
    Files(Records),
    Pipe(PipeRecords),
}

impl<P: Fn(&str)> Iterator for Counted<P> {
    type Item = Result<Document, RecordError>;

    fn next(&mut self) -> Option<Self::Item> {
        match &mut self.records {
            Input::Files(records) => {
                let r = records.next();
                self.bytes.store(records.stats().bytes, Ordering::Relaxed);
                for s in records.take_skipped() {
                    if !s.quiet {
                        (self.print)(&format!("quarry: {}: skipped: {}", s.path, s.reason));
                    }
                }
                self.skipped
                    .store(records.stats().skipped, Ordering::Relaxed);
                r
            }
            Input::Pipe(records) => {
                let r = records.next();
                if let Some(Ok(d)) = &r {
                    self.bytes.fetch_add(d.text.len() as u64, Ordering::Relaxed);
                }
                r
            }
        }
    }
}

/// Runs the parsed command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Extract(a) => extract(*a),
        Command::Eval(a) => run_eval(a),
        Command::Gazetteer(GazetteerCommand::Check(a)) => gazetteer_check(a),
        Command::Completions { shell } => {
            // Generated into memory first: clap_complete panics on a write
            // error, and a closed pipe must stay a quiet exit 0.
            let mut script = Vec::new();
            clap_complete::generate(shell, &mut Args::command(), "quarry", &mut script);
            let mut out = io::stdout().lock();
            out.write_all(&script)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
        Command::Man => {
            let mut page = Vec::new();
            man_page(&mut page)?;
            let mut out = io::stdout().lock();
            out.write_all(&page)?;
            out.flush()?;
            Ok(ExitCode::SUCCESS)
        }
    }
}

/// One man page for the whole tool: clap_mangen's sections for `quarry`,
/// then an options section per subcommand (clap_mangen alone would list
/// the subcommands without their flags).
fn man_page(out: &mut Vec<u8>) -> io::Result<()> {
    let cmd = Args::command();
    let man = clap_mangen::Man::new(cmd.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    // A subcommand without flags of its own (`man`) gets no section.
    let with_flags = |s: &&clap::Command| s.get_arguments().any(|a| !a.is_hide_set());
    for sub in cmd.get_subcommands().filter(with_flags) {
        let mut section = Vec::new();
        clap_mangen::Man::new(sub.clone()).render_options_section(&mut section)?;
        let heading = format!(".SH \"{} OPTIONS\"", sub.get_name().to_uppercase());
        let section = String::from_utf8_lossy(&section).replacen(".SH OPTIONS", &heading, 1);
        out.extend_from_slice(section.as_bytes());
    }
    man.render_version_section(out)
}

/// Opens standard output or `-o FILE`, buffered.
fn open(path: &Option<PathBuf>) -> Result<BufWriter<Destination>> {
    let dest = Destination::open(path.as_deref()).with_context(|| match path {
        Some(p) => format!("creating {}", p.display()),
        None => "opening standard output".into(),
    })?;
    Ok(BufWriter::with_capacity(1 << 16, dest))
}

/// Flushes a buffered destination and renames its file into place.
fn commit(w: BufWriter<Destination>) -> io::Result<()> {
    w.into_inner().map_err(|e| e.into_error())?.commit()
}

fn extract(a: ExtractArgs) -> Result<ExitCode> {
    // Flags are checked before the gazetteers are built: a usage error
    // comes back at once.
    let paths = &a.input.paths;
    let reads_stdin = paths.is_empty() || paths.iter().any(|p| p.as_os_str() == "-");
    if a.pipe && !paths.iter().all(|p| p.as_os_str() == "-") {
        return Err(
            UsageError("--pipe reads standard input only; give no path or `-`".into()).into(),
        );
    }
    let out = build_output(&a, reads_stdin)?;
    if a.all_quotes && a.skip.contains(&SkipArg::Quotes) {
        return Err(UsageError(
            "--all-quotes asks for the quotes that --skip quotes leaves out".into(),
        )
        .into());
    }
    let cfg = build_config(&a.input, a.all_quotes, a.segments, &a.skip)?;
    // A bar redrawn between records printed on the same terminal would
    // tear them.
    let to_stdout = match &out.target {
        Target::Jsonl(p) | Target::JsonArray(p) | Target::CsvTable(_, p) => {
            p.as_ref().is_none_or(|p| p.as_os_str() == "-")
        }
        Target::CsvDir(_) => false,
    };
    let stdout_shared = to_stdout && io::stdout().is_terminal();
    let progress = if !a.quiet && io::stderr().is_terminal() && !stdout_shared {
        Progress::new(progress::input_size(&cfg.paths))
    } else {
        Progress::hidden()
    };
    let read = Arc::new(AtomicU64::new(0));
    let skipped = Arc::new(AtomicU64::new(0));
    let records = Counted {
        records: if a.pipe {
            Input::Pipe(input::pipe(Box::new(io::stdin()), "<stdin>", &cfg.input))
        } else {
            Input::Files(input::read(&cfg.paths, &cfg.input))
        },
        bytes: Arc::clone(&read),
        skipped: Arc::clone(&skipped),
        print: progress.printer(),
    };
    let mut counts = ReadCounts::default();
    let on_batch = |s: &Summary| progress.update(s, read.load(Ordering::Relaxed));
    let run = |sink: &mut dyn Sink| {
        pipeline::run(
            &cfg.pipeline,
            records,
            &mut Reporting {
                inner: sink,
                progress: &progress,
                counts: &mut counts,
            },
            RunOptions::default(),
            on_batch,
        )
    };
    let opts = &out.options;
    let summary = match &out.target {
        Target::Jsonl(path) => {
            let mut sink = JsonSink::lines(open(path)?, opts);
            let summary = run(&mut sink)?;
            commit(sink.into_inner())?;
            summary
        }
        Target::JsonArray(path) => {
            let mut sink = JsonSink::array(open(path)?, opts);
            let summary = run(&mut sink)?;
            commit(sink.into_inner())?;
            summary
        }
        Target::CsvTable(table, path) => {
            let mut sink = CsvSink::new(open(path)?, *table, opts)?;
            let summary = run(&mut sink)?;
            commit(sink.into_inner()?)?;
            summary
        }
        Target::CsvDir(dir) => {
            let mut sink = CsvDirSink::create(dir, opts)
                .with_context(|| format!("creating {}", dir.display()))?;
            run(&mut sink)?
        }
    };
    progress.finish();
    let skipped = skipped.load(Ordering::Relaxed);
    if !a.quiet {
        // The extra counts appear only when there is something to count.
        let mut extra = String::new();
        for (n, one, many) in [
            (counts.truncated, "truncated", "truncated"),
            (counts.warnings, "warning", "warnings"),
            (skipped, "file skipped", "files skipped"),
        ] {
            if n > 0 {
                let what = if n == 1 { one } else { many };
                extra.push_str(&format!(", {n} {what}"));
            }
        }
        let _ = writeln!(
            io::stderr(),
            "quarry: {} documents, {} entities, {} dates, {} quotes, {} errors{extra} in {:.2}s",
            summary.documents,
            summary.entities,
            summary.dates,
            summary.quotes,
            summary.errors,
            summary.seconds
        );
    }
    // In pipe mode every line was answered, so the task succeeded.
    if summary.documents == 0 && (summary.errors > 0 || skipped > 0) && !a.pipe {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
}

fn gazetteer_check(a: GazetteerCheckArgs) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    let mut failed = false;
    for path in &a.files {
        let text =
            std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
        let name = path.display().to_string();
        let report = check::check(&name, &text, a.lists.gazetteer_format, &a.lists.type_map);
        for f in &report.findings {
            writeln!(out, "{name}:{f}")?;
        }
        let errors = report
            .findings
            .iter()
            .filter(|f| f.severity == check::Severity::Error)
            .count();
        writeln!(
            out,
            "{name}: {:?} format, {} entries, {} errors, {} warnings",
            report.format,
            report.entries,
            errors,
            report.findings.len() - errors
        )?;
        failed |= report.has_errors();
    }
    Ok(if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    })
}

fn run_eval(a: EvalArgs) -> Result<ExitCode> {
    let text = std::fs::read_to_string(&a.gold)
        .with_context(|| format!("reading {}", a.gold.display()))?;
    let gold = eval::load_gold(&text).map_err(|e| anyhow::anyhow!("{}: {e}", a.gold.display()))?;
    let mut builder = Pipeline::builder();
    builder.dates(DateOptions {
        day_first: a.day_first,
    });
    let pipeline = builder.build()?;
    let mut preds = BTreeMap::new();
    let mut lines = String::new();
    for g in &gold {
        let doc = eval::gold_document(g);
        let analysis = pipeline.analyze(&doc);
        let p = eval::prediction(&g.id, &analysis, a.task);
        lines.push_str(&p.to_string());
        lines.push('\n');
        preds.insert(g.id.clone(), p);
    }
    if let Some(path) = &a.predictions {
        std::fs::write(path, &lines).with_context(|| format!("writing {}", path.display()))?;
    }
    let mut out = io::stdout().lock();
    match a.task {
        Task::Entities | Task::Dates => {
            let s = eval::score_entities(&gold, &preds);
            if a.json {
                writeln!(out, "{}", serde_json::to_string(&s)?)?;
            } else {
                write!(out, "{}", eval::format_entity_scores(&s))?;
            }
        }
        Task::Quotes => {
            let s = eval::score_quotes(&gold, &preds);
            if a.json {
                writeln!(out, "{}", serde_json::to_string(&s)?)?;
            } else {
                write!(out, "{}", eval::format_quote_scores(&s))?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}
