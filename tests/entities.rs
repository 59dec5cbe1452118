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
