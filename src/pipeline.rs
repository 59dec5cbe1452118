//! The pipeline: every stage, built once, run over documents in parallel.
//!
//! [`PipelineBuilder`] checks the options and compiles the gazetteers and
//! rules once; [`Pipeline::analyze`] runs one document through segment →
//! gazetteer → rules (+ dates) → resolve → quotes; [`run`] streams records
//! from any iterator through the pipeline on the rayon pool, in bounded
//! batches, and hands the results to a [`Sink`] in input order.
//!
//! The design decision: **batches, not a channel**. A batch of documents is
//! analysed in parallel with per-thread scratch buffers, then written in
//! order while the next batch is analysed; memory is bounded by the batch
//! size, output is identical whatever the thread count, and no lock is taken
//! per document.

use std::io;
use std::time::Instant;

use rayon::prelude::*;

use crate::gazetteer::{GazMatch, Gazetteer, GazetteerBuilder, GazetteerError};
use crate::model::{Analysis, DateSource, Document, RecordError, SpanIndex};
use crate::output::Sink;
use crate::quotes::{QuoteFinder, QuoteInput, QuoteOptions};
use crate::resolve::resolve;
use crate::rules::dates::{find_dateline, DateFinder, DateOptions};
use crate::rules::{EntityRules, RuleOutput};
use crate::segment::{segment_into, Segmentation};

/// Everything needed to analyse documents. Cheap to share across threads.
#[derive(Debug)]
pub struct Pipeline {
    gazetteer: Gazetteer,
    rules: EntityRules,
    dates: DateFinder,
    quotes: QuoteFinder,
    keep_segments: bool,
    skip: Skip,
}

/// A stage that [`PipelineBuilder::skip`] can leave out, for speed when its
/// findings are not wanted (`quarry extract --skip`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Stage {
    /// The context rules: titles, organisation cues, names no list holds,
    /// same-document partial names. Without them only the gazetteers'
    /// names are found (still filtered: ambiguous entries need context,
    /// demonyms are not names).
    Rules,
    /// Date and time expressions. Without them a month or weekday name is
    /// no longer kept out of names ("May" in "May 5" may be taken as one),
    /// and no date is emitted.
    Dates,
    /// Direct quotes and their speakers.
    Quotes,
}

/// The stages left out.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
struct Skip {
    rules: bool,
    dates: bool,
    quotes: bool,
}

/// Builds a [`Pipeline`].
#[derive(Clone, Debug, Default)]
pub struct PipelineBuilder {
    gazetteer: GazetteerBuilder,
    dates: DateOptions,
    quotes: QuoteOptions,
    keep_segments: bool,
    skip: Skip,
}

impl PipelineBuilder {
    /// The gazetteer builder, to add user lists or turn shipped ones off.
    pub fn gazetteer(&mut self) -> &mut GazetteerBuilder {
        &mut self.gazetteer
    }

    /// Date options (`--day-first`).
    pub fn dates(&mut self, opts: DateOptions) -> &mut Self {
        self.dates = opts;
        self
    }

    /// Quote options (`--all-quotes`).
    pub fn quotes(&mut self, opts: QuoteOptions) -> &mut Self {
        self.quotes = opts;
        self
    }

    /// Keep paragraphs, sentences and tokens in the analysis (off by
    /// default: they are large and most users want only the findings).
    pub fn keep_segments(&mut self, yes: bool) -> &mut Self {
        self.keep_segments = yes;
        self
    }

    /// Leaves `stage` out of the analysis (every stage runs by default).
    /// The other stages' findings stay what they are without it, except
    /// where [`Stage`] says otherwise.
    pub fn skip(&mut self, stage: Stage) -> &mut Self {
        match stage {
            Stage::Rules => self.skip.rules = true,
            Stage::Dates => self.skip.dates = true,
            Stage::Quotes => self.skip.quotes = true,
        }
        self
    }

    /// Compiles everything.
    pub fn build(&self) -> Result<Pipeline, GazetteerError> {
        // The gazetteers take most of the start-up; the lexicons of the
        // other stages load beside them.
        let (gazetteer, (rules, (dates, quotes))) = rayon::join(
            || self.gazetteer.build(),
            || {
                rayon::join(EntityRules::new, || {
                    (
                        DateFinder::new(self.dates.clone()),
                        QuoteFinder::new(self.quotes.clone()),
                    )
                })
            },
        );
        Ok(Pipeline {
            gazetteer: gazetteer?,
            rules,
            dates,
            quotes,
            keep_segments: self.keep_segments,
            skip: self.skip,
        })
    }
}

/// Per-thread buffers reused from one document to the next.
#[derive(Debug, Default)]
pub struct Scratch {
    seg: Segmentation,
    matches: Vec<GazMatch>,
    rules: RuleOutput,
}

impl Pipeline {
    /// A builder with the shipped gazetteers.
    pub fn builder() -> PipelineBuilder {
        PipelineBuilder::default()
    }

    /// The compiled gazetteers.
    pub fn gazetteer(&self) -> &Gazetteer {
        &self.gazetteer
    }

    /// Analyses one document.
    pub fn analyze(&self, doc: &Document) -> Analysis {
        self.analyze_with(doc, &mut Scratch::default())
    }

    /// Analyses one document with reusable scratch buffers.
    pub fn analyze_with(&self, doc: &Document, scratch: &mut Scratch) -> Analysis {
        let text = doc.text.as_str();
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
        segment_into(text, &mut scratch.seg);
        scratch.matches.clear();
        self.gazetteer.find_into(text, &mut scratch.matches);
        self.rules.find_as(
            text,
            &scratch.seg,
            &self.gazetteer,
            &scratch.matches,
            &mut scratch.rules,
            !self.skip.rules,
        );
        if !self.skip.dates {
            a.dates = self.dates.find(text, a.date);
        }
        // Dates own their words: a rule candidate inside a date ("May" in
        // "May 5") is dropped.
        let dates = SpanIndex::new(a.dates.iter().map(|d| d.span));
        scratch
            .rules
            .candidates
            .retain(|c| !dates.contains(&c.span));
        resolve(
            text,
            &scratch.rules.candidates,
            &self.gazetteer,
            self.rules.lexicon(),
            &mut a.mentions,
            &mut a.entities,
        );
        // A date word inside a longer name is part of the name: "Sunday"
        // in "The Sunday Times", "May" in "Theresa May".
        let mentions = SpanIndex::new(a.mentions.iter().map(|m| m.span));
        a.dates
            .retain(|d| !mentions.contains(&d.span) || mentions.has(&d.span));
        a.demonyms = std::mem::take(&mut scratch.rules.demonyms);
        if !self.skip.quotes {
            let q = self.quotes.find(&QuoteInput {
                text,
                paragraphs: &scratch.seg.paragraphs,
                sentences: &scratch.seg.sentences,
                mentions: &a.mentions,
                entities: &a.entities,
            });
            a.quotes = q.quotes;
            a.warnings = q.warnings;
        }
        if self.keep_segments {
            a.paragraphs = scratch.seg.paragraphs.clone();
            a.sentences = scratch.seg.sentences.clone();
            a.tokens = scratch.seg.tokens.clone();
        }
        a.fill_char_offsets(text);
        a
    }
}

/// How [`run`] batches its work.
#[derive(Clone, Copy, Debug)]
pub struct RunOptions {
    /// Documents per batch at most.
    pub batch_docs: usize,
    /// Text bytes per batch at most (a batch closes when it passes this).
    pub batch_bytes: usize,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            batch_docs: 1024,
            batch_bytes: 16 << 20,
        }
    }
}

/// What a run did.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Documents analysed.
    pub documents: u64,
    /// Records that could not be read.
    pub errors: u64,
    /// Bytes of article text analysed.
    pub bytes: u64,
    /// Entities found.
    pub entities: u64,
    /// Mentions found.
    pub mentions: u64,
    /// Date expressions found.
    pub dates: u64,
    /// Quotes found.
    pub quotes: u64,
    /// Wall-clock seconds.
    pub seconds: f64,
}

/// A batch of records as read.
type Batch = Vec<Result<Document, RecordError>>;

/// What the workers give back for one record: `None` for an unreadable one.
type Analysed = Option<(Analysis, io::Result<Vec<u8>>)>;

/// Writes one analysed batch to `sink` in input order and counts it.
fn write_batch<S: Sink + ?Sized>(
    sink: &mut S,
    batch: &[Result<Document, RecordError>],
    analysed: Vec<Analysed>,
    renderer: &Option<crate::output::Renderer>,
    summary: &mut Summary,
) -> io::Result<()> {
    for (r, a) in batch.iter().zip(analysed) {
        match r {
            Ok(doc) => {
                let (a, rendered) = a.unwrap_or_else(|| (Analysis::default(), Ok(Vec::new())));
                summary.documents += 1;
                summary.bytes += doc.text.len() as u64;
                summary.entities += a.entities.len() as u64;
                summary.mentions += a.mentions.len() as u64;
                summary.dates += a.dates.len() as u64;
                summary.quotes += a.quotes.len() as u64;
                if renderer.is_some() {
                    sink.document_rendered(doc, &a, &rendered?)?;
                } else {
                    sink.document(doc, &a)?;
                }
            }
            Err(e) => {
                summary.errors += 1;
                sink.error(e)?;
            }
        }
    }
    Ok(())
}

/// Streams `records` through the pipeline into `sink`, in input order.
///
/// Errors from the sink (a closed pipe, a full disk) stop the run and are
/// returned; record errors are written to the sink and counted.
pub fn run<I, S>(
    pipeline: &Pipeline,
    records: I,
    sink: &mut S,
    opts: RunOptions,
    mut progress: impl FnMut(&Summary),
) -> std::io::Result<Summary>
where
    I: Iterator<Item = Result<Document, RecordError>> + Send + 'static,
    S: Sink + ?Sized,
{
    let started = Instant::now();
    let mut summary = Summary::default();
    // Reading and parsing the input runs on its own thread, one batch
    // ahead of the analysis, so the workers do not wait for the reader;
    // the bounded channel keeps memory to about three batches. The thread
    // is not scoped: when the writer fails (a closed pipe) the run returns
    // at once instead of waiting for a reader blocked on its input.
    let (tx, rx) = std::sync::mpsc::sync_channel::<Batch>(1);
    let reader = std::thread::spawn(move || {
        let mut records = records;
        loop {
            let mut batch = Vec::with_capacity(opts.batch_docs);
            let mut bytes = 0usize;
            while batch.len() < opts.batch_docs && bytes < opts.batch_bytes {
                let Some(r) = records.next() else { break };
                if let Ok(d) = &r {
                    bytes += d.text.len();
                }
                batch.push(r);
            }
            // An empty batch is the end; a closed channel means the writer
            // stopped: stop reading.
            if batch.is_empty() || tx.send(batch).is_err() {
                break;
            }
        }
    });
    // Serialising in the workers, when the sink allows it, keeps the
    // writer thread to copying bytes.
    let renderer = sink.renderer();
    let analyse = |batch: &[Result<Document, RecordError>]| -> Vec<Analysed> {
        batch
            .par_iter()
            .map_init(Scratch::default, |scratch, r| {
                r.as_ref().ok().map(|d| {
                    let a = pipeline.analyze_with(d, scratch);
                    let mut bytes = Vec::new();
                    let rendered = match &renderer {
                        Some(render) => render(d, &a, &mut bytes).map(|()| bytes),
                        None => Ok(bytes),
                    };
                    (a, rendered)
                })
            })
            .collect()
    };
    // Batch N is written on this thread while the pool analyses batch N+1,
    // so the workers do not wait for the writer (nor for the analyses of
    // batch N to be freed). The sink never leaves this thread.
    let mut pending: Option<(Batch, Vec<Analysed>)> = None;
    for batch in rx.iter() {
        let mut results = Vec::new();
        let mut written = Ok(());
        rayon::in_place_scope(|scope| {
            scope.spawn(|_| results = analyse(&batch));
            if let Some((done, analysed)) = pending.take() {
                written = write_batch(sink, &done, analysed, &renderer, &mut summary);
            }
        });
        written?;
        if summary.documents + summary.errors > 0 {
            summary.seconds = started.elapsed().as_secs_f64();
            progress(&summary);
        }
        pending = Some((batch, results));
    }
    if let Some((done, analysed)) = pending.take() {
        write_batch(sink, &done, analysed, &renderer, &mut summary)?;
        summary.seconds = started.elapsed().as_secs_f64();
        progress(&summary);
    }
    // The channel closed: the reader is done, or it panicked, and a panic
    // must not pass for the end of the input.
    if let Err(panic) = reader.join() {
        std::panic::resume_unwind(panic);
    }
    sink.finish()?;
    summary.seconds = started.elapsed().as_secs_f64();
    Ok(summary)
}
