//! Runs the date finder over a gold JSON Lines file (`id`, `text`, `dct`)
//! and writes predictions in the scorer's format, with code point offsets:
//!
//! ```text
//! cargo run --example dates_eval -- GOLD.jsonl > pred.jsonl
//! python3 /work/shared/eval/score_entities.py GOLD.jsonl pred.jsonl
//! ```
//!
//! Every expression is written as type `DATE` (the scorer's one temporal
//! type), TIME values included. With `--speed N` it instead runs the finder
//! N times over the texts and prints the throughput to stderr.

use std::io::{BufRead, BufReader, BufWriter, Write};

use anyhow::{Context, Result};
use quarry::model::CharIndex;
use quarry::rules::dates::{DateFinder, DateOptions};
use serde_json::{json, Value};

fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: dates_eval GOLD.jsonl [--speed N]";
    let path = args.first().context(usage)?.clone();
    let speed: Option<usize> = match args.get(1).map(String::as_str) {
        Some("--speed") => Some(args.get(2).context(usage)?.parse().context(usage)?),
        Some(_) => anyhow::bail!(usage),
        None => None,
    };
    let file = std::fs::File::open(&path).with_context(|| format!("{path}: cannot open"))?;
    let finder = DateFinder::new(DateOptions::default());
    if let Some(rounds) = speed {
        return measure(&finder, BufReader::new(file), rounds);
    }
    let mut out = BufWriter::new(std::io::stdout().lock());
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.with_context(|| format!("{path}:{}: cannot read", n + 1))?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(&line)
            .with_context(|| format!("{path}:{}: invalid JSON", n + 1))?;
        let text = doc["text"].as_str().unwrap_or("");
        let dct = doc["dct"].as_str().and_then(|s| {
            chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
        });
        let index = CharIndex::new(text);
        let entities: Vec<Value> = finder
            .find(text, dct)
            .into_iter()
            .map(|m| {
                json!({
                    "start": index.char_offset(m.span.start),
                    "end": index.char_offset(m.span.end),
                    "type": "DATE",
                    "value": m.value,
                    "text": m.span.slice(text),
                })
            })
            .collect();
        serde_json::to_writer(&mut out, &json!({"id": doc["id"], "entities": entities}))?;
        writeln!(out)?;
    }
    out.flush()?;
    Ok(())
}

/// Runs the finder `rounds` times over every text and reports MB/s.
fn measure(finder: &DateFinder, input: impl BufRead, rounds: usize) -> Result<()> {
    let mut docs = Vec::new();
    for line in input.lines() {
        let line = line?;
        if line.trim().is_empty() {
            continue;
        }
        let doc: Value = serde_json::from_str(&line)?;
        let dct = doc["dct"].as_str().and_then(|s| {
            chrono::NaiveDate::parse_from_str(s.get(..10).unwrap_or(s), "%Y-%m-%d").ok()
        });
        docs.push((doc["text"].as_str().unwrap_or("").to_string(), dct));
    }
    let bytes: usize = docs.iter().map(|(t, _)| t.len()).sum::<usize>() * rounds;
    let start = std::time::Instant::now();
    let mut found = 0usize;
    for _ in 0..rounds {
        for (text, dct) in &docs {
            found += finder.find(text, *dct).len();
        }
    }
    let secs = start.elapsed().as_secs_f64();
    eprintln!(
        "{:.1} MB in {:.3} s: {:.1} MB/s, {found} expressions",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs.max(1e-9)
    );
    Ok(())
}
