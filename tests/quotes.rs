//! The quote cases of `fixtures/quotes/cases.jsonl`, end to end: the whole
//! pipeline (segmentation, gazetteers, entity rules, resolution, quotes)
//! runs on each text, so the speakers come from the entity stage, not from
//! the names the case lists (the unit test in `src/quotes/tests.rs` supplies
//! those instead).
//!
//! Every expected quote must be found with its speaker; `kind`, `cue`,
//! `addressee` and `mention` are checked when given, and no other speech
//! quote may appear. Where the article itself cannot give the name the case
//! expects (it supplies a full name the text lacks, or the list's canonical
//! name differs), the quote carries `speaker_e2e` and the case an
//! `e2e_note` saying why.

use quarry::model::{Document, QuoteKind};
use serde_json::Value;

use crate::util::pipeline;

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Full => "full",
        QuoteKind::Partial => "partial",
        QuoteKind::MultiParagraph => "multi_paragraph",
        QuoteKind::NotSpeech => "not_speech",
    }
}

/// Checks one case through the real pipeline; returns what went wrong.
fn check(case: &Value) -> Vec<String> {
    let text = case["text"].as_str().unwrap_or_default();
    let doc = Document {
        id: case["name"].as_str().unwrap_or("?").into(),
        text: text.to_string(),
        ..Document::default()
    };
    let a = pipeline().analyze(&doc);
    let quotes: Vec<_> = a
        .quotes
        .iter()
        .filter(|q| q.kind != QuoteKind::NotSpeech)
        .collect();
    let mut used = vec![false; quotes.len()];
    let mut errs = Vec::new();
    for exp in case["quotes"].as_array().into_iter().flatten() {
        let begins = exp["begins"].as_str().unwrap_or_default();
        let hit = quotes.iter().enumerate().find(|(i, q)| {
            !used[*i]
                && q.inner
                    .slice(text)
                    .trim_start_matches(|c: char| !c.is_alphanumeric())
                    .starts_with(begins)
        });
        let Some((i, q)) = hit else {
            errs.push(format!("missing quote beginning {begins:?}"));
            continue;
        };
        used[i] = true;
        let want = exp.get("speaker_e2e").unwrap_or(&exp["speaker"]).as_str();
        let got = q.speaker.as_ref().map(|s| s.name.as_str());
        if want != got {
            errs.push(format!(
                "quote {begins:?}: speaker {got:?} (rule {}), want {want:?}",
                q.rule
            ));
        }
        let field = |k: &str| exp[k].as_str();
        if let Some(k) = field("kind") {
            if kind_name(q.kind) != k {
                errs.push(format!(
                    "quote {begins:?}: kind {}, want {k}",
                    kind_name(q.kind)
                ));
            }
        }
        let checks = [
            ("addressee", q.addressee.map(|s| s.slice(text))),
            ("cue", q.cue.map(|s| s.slice(text))),
            ("mention", q.speaker.as_ref().map(|s| s.mention.slice(text))),
        ];
        for (k, got) in checks {
            if let Some(w) = field(k) {
                if got != Some(w) {
                    errs.push(format!("quote {begins:?}: {k} {got:?}, want {w:?}"));
                }
            }
        }
    }
    for (i, q) in quotes.iter().enumerate() {
        if !used[i] {
            errs.push(format!("unexpected quote {:?}", q.span.slice(text)));
        }
    }
    errs
}

#[test]
fn quote_cases_end_to_end() {
    let data = std::fs::read_to_string(crate::util::fixture("quotes/cases.jsonl")).expect("cases");
    let mut failures = Vec::new();
    let mut n = 0;
    for (ln, line) in data.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("cases.jsonl:{}: {e}", ln + 1));
        n += 1;
        let errs = check(&case);
        if !errs.is_empty() {
            failures.push(format!(
                "{} (line {}):\n    {}",
                case["name"],
                ln + 1,
                errs.join("\n    ")
            ));
        }
    }
    assert!(n >= 100, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases fail end to end:\n{}",
        failures.len(),
        failures.join("\n")
    );
}
