//! Flags in two steps: clap's raw [`Args`] become a checked [`Config`] that
//! owns the built pipeline, so no stage re-parses options.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Context, Result};
use chrono::NaiveDate;
use clap::{Parser, Subcommand, ValueEnum};

use quarry::eval::{self, Task};
use quarry::input::{self, Format, InputOptions};
use quarry::model::{Analysis, Document, RecordError};
use quarry::output::{CsvDirSink, JsonlSink, Sink};
use quarry::pipeline::{self, Pipeline, RunOptions, Summary};
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
    Extract(Box<ExtractArgs>),
    /// Run on gold-annotated JSON Lines and print P/R/F1.
    Eval(EvalArgs),
}

#[derive(Debug, Clone, Copy, ValueEnum, PartialEq, Eq)]
enum OutFormat {
    /// One JSON object per document and line.
    Jsonl,
    /// A directory of CSV files (needs --output-dir).
    Csv,
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
    /// Field holding the title.
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
    /// Read numeric dates as day/month/year.
    #[arg(long)]
    day_first: bool,
    /// Documents larger than this many bytes are reported and skipped.
    #[arg(long, default_value_t = 64 << 20)]
    max_doc_bytes: usize,
    /// Truncate documents over --max-doc-bytes instead of skipping them.
    #[arg(long)]
    truncate_long: bool,
    /// Extra gazetteer file (repeatable).
    #[arg(long = "gazetteer")]
    gazetteers: Vec<PathBuf>,
    /// Do not load the shipped gazetteers.
    #[arg(long)]
    no_default_gazetteers: bool,
    /// Worker threads (default: all cores).
    #[arg(short = 'j', long)]
    threads: Option<usize>,
}

#[derive(Debug, clap::Args)]
struct ExtractArgs {
    #[command(flatten)]
    input: InputArgs,
    /// Output format.
    #[arg(long, value_enum, default_value = "jsonl")]
    format: OutFormat,
    /// Write JSON Lines to this file instead of standard output.
    #[arg(short, long)]
    output: Option<PathBuf>,
    /// Directory for the CSV files (with --format csv).
    #[arg(long)]
    output_dir: Option<PathBuf>,
    /// Also emit quoted spans that are not speech (terms, titles, scare quotes).
    #[arg(long)]
    all_quotes: bool,
    /// Include paragraphs, sentences and tokens in the JSON output.
    #[arg(long)]
    segments: bool,
    /// Write an error record for each unreadable record (default when reading standard input).
    #[arg(long)]
    error_records: bool,
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
    reads_stdin: bool,
}

fn build_config(a: &InputArgs, all_quotes: bool, segments: bool) -> Result<Config> {
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
    for g in &a.gazetteers {
        builder.gazetteer().add_file(g);
    }
    builder
        .dates(DateOptions {
            day_first: a.day_first,
        })
        .quotes(QuoteOptions { all_quotes })
        .keep_segments(segments);
    let pipeline = builder.build()?;
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
    };
    let reads_stdin = a.paths.is_empty() || a.paths.iter().any(|p| p.as_os_str() == "-");
    Ok(Config {
        pipeline,
        input,
        paths: a.paths.clone(),
        reads_stdin,
    })
}

/// Reports record errors on standard error as they pass, then hands them on.
struct Reporting<'s> {
    inner: &'s mut dyn Sink,
}

impl Sink for Reporting<'_> {
    fn document(&mut self, doc: &Document, a: &Analysis) -> io::Result<()> {
        self.inner.document(doc, a)
    }

    fn error(&mut self, err: &RecordError) -> io::Result<()> {
        let _ = writeln!(io::stderr(), "quarry: {err}");
        self.inner.error(err)
    }

    fn finish(&mut self) -> io::Result<()> {
        self.inner.finish()
    }
}

/// Runs the parsed command.
pub fn run(args: Args) -> Result<ExitCode> {
    match args.command {
        Command::Extract(a) => extract(*a),
        Command::Eval(a) => run_eval(a),
    }
}

fn extract(a: ExtractArgs) -> Result<ExitCode> {
    let cfg = build_config(&a.input, a.all_quotes, a.segments)?;
    let records = input::read(&cfg.paths, &cfg.input);
    let error_records = a.error_records || cfg.reads_stdin;
    let show_progress = !a.quiet && io::stderr().is_terminal();
    let progress = |s: &Summary| {
        if show_progress {
            let mb = s.bytes as f64 / 1e6;
            let _ = write!(
                io::stderr(),
                "\rquarry: {} documents, {:.1} MB, {:.1} MB/s, {} errors",
                s.documents,
                mb,
                mb / s.seconds.max(1e-9),
                s.errors
            );
        }
    };
    let summary = match a.format {
        OutFormat::Csv => {
            let dir = a
                .output_dir
                .clone()
                .ok_or_else(|| UsageError("--format csv needs --output-dir DIR".into()))?;
            let mut sink =
                CsvDirSink::create(&dir).with_context(|| format!("creating {}", dir.display()))?;
            pipeline::run(
                &cfg.pipeline,
                records,
                &mut Reporting { inner: &mut sink },
                RunOptions::default(),
                progress,
            )?
        }
        OutFormat::Jsonl => {
            if a.output_dir.is_some() {
                return Err(UsageError(
                    "--output-dir goes with --format csv; use -o FILE for JSON Lines".into(),
                )
                .into());
            }
            let out: Box<dyn Write> = match &a.output {
                Some(p) => {
                    Box::new(File::create(p).with_context(|| format!("creating {}", p.display()))?)
                }
                None => Box::new(io::stdout().lock()),
            };
            let mut sink = JsonlSink::new(BufWriter::with_capacity(1 << 16, out), error_records);
            pipeline::run(
                &cfg.pipeline,
                records,
                &mut Reporting { inner: &mut sink },
                RunOptions::default(),
                progress,
            )?
        }
    };
    if show_progress {
        let _ = writeln!(io::stderr());
    }
    if !a.quiet {
        let _ = writeln!(
            io::stderr(),
            "quarry: {} documents, {} entities, {} dates, {} quotes, {} errors in {:.2}s",
            summary.documents,
            summary.entities,
            summary.dates,
            summary.quotes,
            summary.errors,
            summary.seconds
        );
    }
    if summary.documents == 0 && summary.errors > 0 {
        return Ok(ExitCode::from(1));
    }
    Ok(ExitCode::SUCCESS)
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
