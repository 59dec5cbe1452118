//! Runs the whole pipeline over a gold quotes file and writes predictions
//! for `score_quotes.py`.
//!
//! ```text
//! cargo run --example quotes_eval -- GOLD.jsonl > PRED.jsonl
//! python3 score_quotes.py GOLD.jsonl PRED.jsonl
//! cargo run --example quotes_eval -- --debug GOLD.jsonl   # quotes, speakers and rules, for a person
//! ```
//!
//! A gold line has `id`, `text` and `dct`; a prediction line has `id` and
//! `quotes` with CODE POINT offsets (`start`, `end`, `speaker`,
//! `speaker_start`, `speaker_end`, `cue`, `partial`). A plain text file (not
//! `.jsonl`) is read as one document with id `doc`.

use std::io::{BufRead, BufReader, Write};

use anyhow::{Context, Result};
use quarry::model::{Document, QuoteKind};
use quarry::pipeline::Pipeline;
use serde_json::{json, Value};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let debug = args.iter().any(|a| a == "--debug");
    let path = args
        .iter()
        .find(|a| !a.starts_with("--"))
        .context("usage: quotes_eval [--debug] GOLD.jsonl|ARTICLE.txt")?;
    let pipeline = Pipeline::builder().build()?;
    let file = std::fs::File::open(path).with_context(|| format!("{path}: cannot open"))?;
    let mut docs: Vec<(String, String)> = Vec::new();
    if path.ends_with(".jsonl") {
        for (n, line) in BufReader::new(file).lines().enumerate() {
            let line = line?;
            if line.trim().is_empty() {
                continue;
            }
            let v: Value = serde_json::from_str(&line)
                .with_context(|| format!("{path}:{}: bad JSON", n + 1))?;
            let id = match &v["id"] {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            };
            docs.push((id, v["text"].as_str().unwrap_or_default().to_string()));
        }
    } else {
        docs.push(("doc".into(), std::fs::read_to_string(path)?));
    }
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for (id, text) in docs {
        let doc = Document {
            id: id.clone(),
            text,
            ..Document::default()
        };
        let a = pipeline.analyze(&doc);
        if debug {
            writeln!(out, "== {id}")?;
            for q in &a.quotes {
                let sp = q.speaker.as_ref();
                writeln!(
                    out,
                    "{:?} [{}..{}] {:?}\n    speaker {:?} via {:?} ({}) cue {:?} to {:?}",
                    q.kind,
                    q.span.char_start,
                    q.span.char_end,
                    short(q.span.slice(&doc.text)),
                    sp.map(|s| s.name.as_str()),
                    sp.map(|s| s.mention.slice(&doc.text)),
                    q.rule,
                    q.cue.map(|c| c.slice(&doc.text)),
                    q.addressee.map(|c| c.slice(&doc.text)),
                )?;
            }
            for w in &a.warnings {
                writeln!(out, "warning: {w}")?;
            }
            continue;
        }
        let quotes: Vec<Value> = a
            .quotes
            .iter()
            .filter(|q| q.kind != QuoteKind::NotSpeech)
            .map(|q| {
                let sp = q.speaker.as_ref();
                json!({
                    "start": q.span.char_start,
                    "end": q.span.char_end,
                    "speaker": sp.map(|s| s.name.clone()),
                    "speaker_start": sp.map(|s| s.mention.char_start),
                    "speaker_end": sp.map(|s| s.mention.char_end),
                    "cue": q.cue.map(|c| c.slice(&doc.text).to_string()),
                    "partial": q.kind == QuoteKind::Partial,
                })
            })
            .collect();
        writeln!(out, "{}", json!({"id": id, "quotes": quotes}))?;
    }
    Ok(())
}

/// The first and last words of a long quote.
fn short(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    if chars.len() <= 90 {
        return s.to_string();
    }
    let head: String = chars[..60].iter().collect();
    let tail: String = chars[chars.len() - 25..].iter().collect();
    format!("{head} … {tail}")
}
