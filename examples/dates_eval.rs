//! Runs the date finder over a gold JSON Lines file (`id`, `text`, `dct`)
//! and writes predictions in the scorer's format, with code point offsets:
//!
//! ```text
//! cargo run --example dates_eval -- GOLD.jsonl > pred.jsonl
//! python3 /work/shared/eval/score_entities.py GOLD.jsonl pred.jsonl
//! ```
//!
//! Every expression is written as type `DATE` (the scorer's one temporal
//! type), TIME values included.

use std::io::{BufRead, BufReader, BufWriter, Write};

use anyhow::{Context, Result};
use quarry::model::CharIndex;
use quarry::rules::dates::{DateFinder, DateOptions};
use serde_json::{json, Value};

fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .context("usage: dates_eval GOLD.jsonl")?;
    let file = std::fs::File::open(&path).with_context(|| format!("{path}: cannot open"))?;
    let finder = DateFinder::new(DateOptions::default());
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
