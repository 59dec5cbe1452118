//! Tests for the quote stage: the data-driven cases of
//! `fixtures/quotes/cases.jsonl`, unit checks and a never-panics property.
//!
//! A case is one JSON line:
//!
//! ```text
//! {"name": "after_speaker_verb", "text": "“…,” Alisher Ilkhamov told Al Jazeera.",
//!  "people": [{"name": "Alisher Ilkhamov", "sex": "m"}], "orgs": ["Al Jazeera"], "places": [],
//!  "quotes": [{"begins": "It is not", "speaker": "Alisher Ilkhamov", "kind": "full",
//!              "cue": "told", "addressee": "Al Jazeera", "mention": "Alisher Ilkhamov"}],
//!  "not_speech": ["gas union"], "warnings": 1}
//! ```
//!
//! `people`, `orgs` and `places` stand in for the entity stage: every
//! occurrence of a name (and of a person's surname) becomes a mention.
//! Every expected quote must be found (its inner words start with `begins`)
//! with that speaker (`null` for none); `kind`, `cue`, `addressee` and
//! `mention` are checked when given. Any other speech quote fails the case,
//! as does a `not_speech` phrase emitted as a quote; `warnings` is the least
//! number of warnings expected.
//!
//! The same cases also run end to end through the whole pipeline
//! (`tests/quotes.rs`); `speaker_e2e` and `e2e_note` belong to that run.

use proptest::prelude::*;
use serde_json::Value;

use super::*;
use crate::model::{Entity, EntityType, Evidence, Mention, QuoteKind, Sex};

const CASES: &str = include_str!("../../fixtures/quotes/cases.jsonl");

/// A person or organisation a case names, to stand in for the entity stage.
struct Named {
    name: String,
    kind: EntityType,
    sex: Option<Sex>,
}

/// Builds mentions and entities by finding each listed name (and a
/// person's surname) at word boundaries. Test-only: the real mentions come
/// from the entity stage.
fn mentions_for(text: &str, named: &[Named]) -> (Vec<Mention>, Vec<Entity>) {
    let mut found: Vec<(usize, usize, usize)> = Vec::new();
    let boundary = |s: usize, e: usize| {
        let before = text[..s]
            .chars()
            .next_back()
            .is_none_or(|c| !c.is_alphanumeric());
        let after = text[e..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric());
        before && after
    };
    for (ei, n) in named.iter().enumerate() {
        let mut forms = vec![n.name.clone()];
        if n.kind == EntityType::Person {
            if let Some(last) = n.name.rsplit(' ').next() {
                if last != n.name {
                    forms.push(last.to_string());
                }
            }
        }
        for f in forms {
            for (s, _) in text.match_indices(f.as_str()) {
                let e = s + f.len();
                if boundary(s, e) && !found.iter().any(|&(a, b, _)| a < e && s < b) {
                    found.push((s, e, ei));
                }
            }
        }
    }
    found.sort();
    let mut entities: Vec<Entity> = named
        .iter()
        .enumerate()
        .map(|(i, n)| Entity {
            id: format!("e{}", i + 1),
            name: n.name.clone(),
            kind: n.kind.clone(),
            kb_id: None,
            sex: n.sex,
            mentions: Vec::new(),
        })
        .collect();
    let mentions = found
        .iter()
        .enumerate()
        .map(|(mi, &(s, e, ei))| {
            entities[ei].mentions.push(mi);
            Mention {
                span: Span::new(s, e),
                kind: named[ei].kind.clone(),
                entity: ei,
                source: Evidence::rule("test"),
            }
        })
        .collect();
    (mentions, entities)
}

fn run(text: &str, named: &[Named], all: bool) -> QuoteResult {
    let seg = crate::segment::segment(text);
    let (mentions, entities) = mentions_for(text, named);
    let finder = QuoteFinder::new(QuoteOptions { all_quotes: all });
    finder.find(&QuoteInput {
        text,
        paragraphs: &seg.paragraphs,
        sentences: &seg.sentences,
        mentions: &mentions,
        entities: &entities,
    })
}

fn named_from(case: &Value) -> Vec<Named> {
    let mut out = Vec::new();
    for (field, kind) in [
        ("people", EntityType::Person),
        ("orgs", EntityType::Org),
        ("places", EntityType::Place),
    ] {
        for p in case[field].as_array().into_iter().flatten() {
            let (name, sex) = match p {
                Value::String(s) => (s.clone(), None),
                _ => (
                    p["name"].as_str().unwrap_or_default().to_string(),
                    match p["sex"].as_str() {
                        Some("m") => Some(Sex::Male),
                        Some("f") => Some(Sex::Female),
                        _ => None,
                    },
                ),
            };
            out.push(Named {
                name,
                kind: kind.clone(),
                sex,
            });
        }
    }
    out
}

fn kind_name(k: QuoteKind) -> &'static str {
    match k {
        QuoteKind::Full => "full",
        QuoteKind::Partial => "partial",
        QuoteKind::MultiParagraph => "multi_paragraph",
        QuoteKind::NotSpeech => "not_speech",
    }
}

/// Checks one case; returns what went wrong.
fn check_case(case: &Value) -> Vec<String> {
    let text = case["text"].as_str().unwrap_or_default();
    let named = named_from(case);
    let res = run(text, &named, false);
    let mut errs = Vec::new();
    let mut used = vec![false; res.quotes.len()];
    for exp in case["quotes"].as_array().into_iter().flatten() {
        let begins = exp["begins"].as_str().unwrap_or_default();
        let hit = res.quotes.iter().enumerate().find(|(i, q)| {
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
        let want = exp["speaker"].as_str();
        let got = q.speaker.as_ref().map(|s| s.name.as_str());
        if want != got {
            errs.push(format!(
                "quote {begins:?}: speaker {got:?} (rule {}), want {want:?}",
                q.rule
            ));
        }
        if let Some(k) = exp["kind"].as_str() {
            if kind_name(q.kind) != k {
                errs.push(format!(
                    "quote {begins:?}: kind {}, want {k}",
                    kind_name(q.kind)
                ));
            }
        }
        if let Some(a) = exp["addressee"].as_str() {
            let got = q.addressee.map(|s| s.slice(text));
            if got != Some(a) {
                errs.push(format!("quote {begins:?}: addressee {got:?}, want {a:?}"));
            }
        }
        if let Some(m) = exp["mention"].as_str() {
            let got = q.speaker.as_ref().map(|s| s.mention.slice(text));
            if got != Some(m) {
                errs.push(format!(
                    "quote {begins:?}: speaker mention {got:?}, want {m:?}"
                ));
            }
        }
        if let Some(c) = exp["cue"].as_str() {
            let got = q.cue.map(|s| s.slice(text));
            if got != Some(c) {
                errs.push(format!("quote {begins:?}: cue {got:?}, want {c:?}"));
            }
        }
    }
    for (i, q) in res.quotes.iter().enumerate() {
        if !used[i] {
            errs.push(format!(
                "unexpected quote {:?} ({})",
                q.span.slice(text),
                kind_name(q.kind)
            ));
        }
    }
    for ns in case["not_speech"].as_array().into_iter().flatten() {
        let ns = ns.as_str().unwrap_or_default();
        let bare = |s: &str| s.trim_matches(|c: char| !c.is_alphanumeric()).to_string();
        if res.quotes.iter().any(|q| {
            let inner = bare(q.inner.slice(text));
            inner.contains(ns) && inner.len() < ns.len() + 6
        }) {
            errs.push(format!("not-speech {ns:?} emitted as a quote"));
        }
    }
    if let Some(w) = case["warnings"].as_u64() {
        if (res.warnings.len() as u64) < w {
            errs.push(format!(
                "{} warnings, want at least {w}: {:?}",
                res.warnings.len(),
                res.warnings
            ));
        }
    }
    errs
}

#[test]
fn fixture_cases() {
    let mut failures = Vec::new();
    let mut count = 0;
    for (ln, line) in CASES.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("cases.jsonl:{}: {e}", ln + 1));
        count += 1;
        let errs = check_case(&case);
        if !errs.is_empty() {
            failures.push(format!(
                "{} (line {}):\n    {}",
                case["name"],
                ln + 1,
                errs.join("\n    ")
            ));
        }
    }
    assert!(count >= 100, "only {count} cases");
    assert!(
        failures.is_empty(),
        "{} of {count} cases fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn spans_cover_marks_and_words() {
    let text = "“It is fine,” he said. Then “no.”";
    let res = run(text, &[], false);
    let q = &res.quotes[0];
    assert_eq!(q.span.slice(text), "“It is fine,”");
    assert_eq!(q.inner.slice(text), "It is fine,");
}

#[test]
fn unbalanced_mark_warns_and_goes_on() {
    let text = "He said “we will go.\nThe council met.\n“It is over,” Smith said.";
    let named = [Named {
        name: "Anna Smith".into(),
        kind: EntityType::Person,
        sex: Some(Sex::Female),
    }];
    let res = run(text, &named, false);
    assert!(
        res.quotes
            .iter()
            .any(|q| q.inner.slice(text).starts_with("It is over")),
        "{res:?}"
    );
    assert!(
        res.warnings.iter().any(|w| w.contains("byte 8")),
        "{:?}",
        res.warnings
    );
}

#[test]
fn all_quotes_emits_terms() {
    let text = "They set up a so-called “gas union” last week.";
    let res = run(text, &[], true);
    assert_eq!(res.quotes.len(), 1);
    assert_eq!(res.quotes[0].kind, QuoteKind::NotSpeech);
    assert!(run(text, &[], false).quotes.is_empty());
}

#[test]
fn text_without_marks_is_free() {
    let res = run("No quotes here at all.", &[], false);
    assert!(res.quotes.is_empty() && res.warnings.is_empty());
}

fn check_spans(text: &str, res: &QuoteResult) -> Result<(), TestCaseError> {
    for q in &res.quotes {
        prop_assert!(q.span.contains(&q.inner));
        for s in [
            Some(q.span),
            Some(q.inner),
            q.cue,
            q.addressee,
            q.speaker.as_ref().map(|s| s.mention),
        ]
        .into_iter()
        .flatten()
        {
            prop_assert!(s.start <= s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    #[test]
    fn never_panics_on_quote_soup(s in "[\"“”‘’«»' a-zA-Z.,:\\n-]{0,120}") {
        let named = [Named { name: "Anna Smith".into(), kind: EntityType::Person, sex: None }];
        let res = run(&s, &named, true);
        check_spans(&s, &res)?;
    }

    #[test]
    fn never_panics_on_words_and_marks(parts in proptest::collection::vec(prop_oneof![
        Just("\""), Just("“"), Just("”"), Just("‘"), Just("’"), Just("«"), Just("»"), Just("'"),
        Just(" said "), Just(" he "), Just("Smith"), Just(", "), Just(". "), Just("\n"), Just("\n\n"),
        Just("the "), Just("Ünïcode "), Just("don't "), Just("told "), Just(":"),
    ], 0..60)) {
        let s: String = parts.concat();
        let named = [Named { name: "Anna Smith".into(), kind: EntityType::Person, sex: Some(Sex::Female) }];
        let res = run(&s, &named, true);
        check_spans(&s, &res)?;
    }
}

#[test]
fn finder_is_shared_across_threads() {
    fn send_sync<T: Send + Sync>() {}
    send_sync::<QuoteFinder>();
}
