//! Data-driven entity cases from `fixtures/entities/cases.jsonl`: each line
//! has a text and the mentions it must (and must not) yield. Adding a case
//! is adding a line.
//!
//! Fields: `expect` (`[surface, type]` or `[surface, type, source]`, where
//! the mention's `source` must start with the given one, e.g. `rule:title`
//! or `gazetteer:places`, so each rule is shown to fire), `absent`
//! (surfaces that must not be mentions), `absent_types` (`[surface, type]`
//! pairs that must not occur), `same_entity` (surfaces of one entity) and
//! `demonyms` (`[surface, place]`).

use quarry::model::Document;
use serde_json::Value;

use crate::util::{fixture, pipeline};

fn strs(v: &Value, key: &str) -> Vec<Vec<String>> {
    v.get(key)
        .and_then(Value::as_array)
        .map(|a| {
            a.iter()
                .map(|x| match x {
                    Value::Array(items) => items
                        .iter()
                        .map(|i| i.as_str().unwrap_or("").to_string())
                        .collect(),
                    Value::String(s) => vec![s.clone()],
                    _ => vec![],
                })
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn entity_cases() {
    let data = std::fs::read_to_string(fixture("entities/cases.jsonl")).expect("cases file");
    let mut failures = Vec::new();
    let mut n = 0;
    for (i, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        n += 1;
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let name = case["name"].as_str().unwrap_or("?");
        let text = case["text"].as_str().unwrap_or("").to_string();
        let doc = Document {
            id: name.into(),
            text: text.clone(),
            ..Document::default()
        };
        let a = pipeline().analyze(&doc);
        let found: Vec<(String, String, usize)> = a
            .mentions
            .iter()
            .map(|m| {
                (
                    m.span.slice(&text).to_string(),
                    m.kind.as_str().to_string(),
                    m.entity,
                )
            })
            .collect();
        let sources: Vec<&str> = a.mentions.iter().map(|m| &*m.source.0).collect();
        let mut fail = |msg: String| {
            failures.push(format!(
                "line {} ({name}): {msg}\n    found: {found:?}",
                i + 1
            ))
        };
        for e in strs(&case, "expect") {
            let hit = found.iter().position(|(s, t, _)| *s == e[0] && *t == e[1]);
            match (hit, e.get(2)) {
                (None, _) => fail(format!("expected {} {}", e[1], e[0])),
                (Some(i), Some(src)) if !sources[i].starts_with(src.as_str()) => fail(format!(
                    "expected {} {} from {src}, found it from {}",
                    e[1], e[0], sources[i]
                )),
                _ => {}
            }
        }
        for e in strs(&case, "absent") {
            if found.iter().any(|(s, _, _)| *s == e[0]) {
                fail(format!("did not expect a mention {:?}", e[0]));
            }
        }
        for e in strs(&case, "absent_types") {
            if found.iter().any(|(s, t, _)| *s == e[0] && *t == e[1]) {
                fail(format!("did not expect {} {}", e[1], e[0]));
            }
        }
        for e in strs(&case, "same_entity") {
            let ids: Vec<usize> = e
                .iter()
                .filter_map(|s| found.iter().find(|(f, _, _)| f == s).map(|(_, _, id)| *id))
                .collect();
            if ids.len() != e.len() || ids.windows(2).any(|w| w[0] != w[1]) {
                fail(format!("expected one entity for {e:?}"));
            }
        }
        for e in strs(&case, "demonyms") {
            if !a
                .demonyms
                .iter()
                .any(|d| d.span.slice(&text) == e[0] && *d.place == e[1])
            {
                fail(format!("expected demonym {} -> {}", e[0], e[1]));
            }
        }
    }
    assert!(n >= 20, "only {n} cases");
    assert!(
        failures.is_empty(),
        "{} of {n} cases failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// The false positives the ambiguity rules prevent, measured on
/// `fixtures/entities/ambiguity.jsonl`: sentences using a listed place name
/// that is also a word or a person's name ("Jordan", "Nice", "Reading"),
/// each marked whether it names the place. Without the rules every listed
/// occurrence would be a PLACE; with them only those with supporting
/// context are. Run with `-- --nocapture` to see the table.
#[test]
fn ambiguity_measurement() {
    let data = std::fs::read_to_string(fixture("entities/ambiguity.jsonl")).expect("cases file");
    let gaz = pipeline().gazetteer();
    // (blind TP, blind FP, gated TP, gated FP), places, non-places
    let (mut btp, mut bfp, mut gtp, mut gfp, mut places, mut others) = (0, 0, 0, 0, 0, 0);
    let mut misses = Vec::new();
    for (i, line) in data
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let case: Value =
            serde_json::from_str(line).unwrap_or_else(|e| panic!("line {}: {e}", i + 1));
        let text = case["text"].as_str().expect("text").to_string();
        let surface = case["surface"].as_str().expect("surface");
        let place = case["place"].as_bool().expect("place");
        // Without the rules: the list's own verdict on every occurrence.
        let blind = gaz.find(&text).iter().any(|m| {
            m.span.slice(&text) == surface
                && gaz
                    .owners(m)
                    .next()
                    .is_some_and(|(_, e, _)| e.kind == quarry::model::EntityType::Place)
        });
        assert!(blind, "line {}: {surface:?} is not a listed place", i + 1);
        let doc = Document {
            id: format!("amb-{}", i + 1),
            text: text.clone(),
            ..Document::default()
        };
        let a = pipeline().analyze(&doc);
        let gated = a
            .mentions
            .iter()
            .any(|m| m.span.slice(&text) == surface && m.kind.as_str() == "PLACE");
        if place {
            places += 1;
            btp += 1;
            gtp += usize::from(gated);
        } else {
            others += 1;
            bfp += 1;
            gfp += usize::from(gated);
        }
        if gated != place {
            misses.push(format!("line {}: {surface} place={place}: {text}", i + 1));
        }
    }
    println!("ambiguous place names: {places} place uses, {others} other uses");
    println!(
        "{:<24} {:>4} {:>4} {:>9} {:>7}",
        "", "TP", "FP", "precision", "recall"
    );
    for (what, tp, fp) in [
        ("without ambiguity rules", btp, bfp),
        ("with ambiguity rules", gtp, gfp),
    ] {
        println!(
            "{what:<24} {tp:>4} {fp:>4} {:>9.3} {:>7.3}",
            tp as f64 / (tp + fp).max(1) as f64,
            tp as f64 / places.max(1) as f64
        );
    }
    println!("false positives prevented: {} of {bfp}", bfp - gfp);
    for m in &misses {
        println!("  {m}");
    }
    // Guards, not targets: the rules must keep most non-place uses out and
    // most place uses in.
    assert!(
        gfp * 10 <= others,
        "{gfp} false positives of {others}:\n{}",
        misses.join("\n")
    );
    assert!(
        gtp * 10 >= places * 8,
        "recall {gtp}/{places}:\n{}",
        misses.join("\n")
    );
}

/// A user's own place named like a common word ("Rock") or unknown to the
/// word lists ("Gotham") is taken without a preposition: the common-word
/// rule is for the shipped lists. An explicit `ambiguous=1` still asks for
/// context.
#[test]
fn user_places_named_like_words_need_no_context() {
    let mut b = quarry::pipeline::Pipeline::builder();
    b.gazetteer().add_text(
        "user.tsv",
        "gotham\tPLACE\tGotham\nrock\tPLACE\tRock\nbat\tPLACE\tBat\t\tambiguous=1\n",
    );
    let p = b.build().expect("user list builds");
    let places = |text: &str| -> Vec<String> {
        let doc = Document {
            id: "user".into(),
            text: text.into(),
            ..Document::default()
        };
        p.analyze(&doc)
            .mentions
            .iter()
            .filter(|m| m.kind.as_str() == "PLACE")
            .map(|m| m.span.slice(text).to_string())
            .collect()
    };
    assert_eq!(
        places("Gotham slept. Later, Rock voted for the bridge."),
        ["Gotham", "Rock"]
    );
    assert!(places("Bat voted against it.").is_empty());
    assert_eq!(places("The mayor flew to Bat."), ["Bat"]);
}
