//! `quarry gazetteer check`: validate lists before a long run.
//!
//! Takes list files in any supported format; gives every problem with its
//! line: malformed lines, unsupported patterns, duplicate entries, the same
//! surface under two types, and surfaces that can never match. The check is
//! a pure function over the text, so it is tested without files.

use std::collections::HashMap;
use std::fmt;

use super::formats::{self, ListFormat};

/// How serious a finding is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    /// The list will not load (`--gazetteer` would fail on it).
    Error,
    /// The list loads, but the line does less than intended.
    Warning,
}

/// One finding.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Finding {
    /// 1-based line.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let sev = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{}: {sev}: {}", self.line, self.message)
    }
}

/// The result of checking one list.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Report {
    /// The format the list was read as.
    pub format: ListFormat,
    /// Usable entries.
    pub entries: usize,
    /// Findings in line order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// True when the list would fail to load.
    pub fn has_errors(&self) -> bool {
        self.findings.iter().any(|f| f.severity == Severity::Error)
    }
}

/// Why a surface can never match on word boundaries, if it cannot.
fn never_matches(surface: &str) -> Option<&'static str> {
    if surface.trim().is_empty() {
        return Some("empty surface");
    }
    if !surface.chars().any(char::is_alphanumeric) {
        return Some("no letter or digit, so it never sits between word boundaries");
    }
    if surface != surface.trim() {
        return Some("leading or trailing white space");
    }
    if surface.contains(['\n', '\t']) {
        return Some("contains a tab or line break");
    }
    None
}

/// Checks `text` (read as `format`, or detected from `name` and content).
pub fn check(
    name: &str,
    text: &str,
    format: Option<ListFormat>,
    type_map: &[(String, String)],
) -> Report {
    let format = format.unwrap_or_else(|| formats::detect(std::path::Path::new(name), text));
    let parsed = formats::parse(format, text, type_map);
    let mut findings: Vec<Finding> = parsed
        .problems
        .iter()
        .map(|p| Finding {
            line: p.line,
            severity: if p.malformed {
                Severity::Error
            } else {
                Severity::Warning
            },
            message: p.message.clone(),
        })
        .collect();
    // surface → (first line, type)
    let mut seen: HashMap<&str, (usize, String)> = HashMap::new();
    let mut ids: HashMap<&str, usize> = HashMap::new();
    for e in &parsed.entries {
        if format == ListFormat::Quarry {
            if let Some(first) = ids.insert(&*e.id, e.line) {
                findings.push(Finding {
                    line: e.line,
                    severity: Severity::Warning,
                    message: format!("id {:?} already used on line {first}", e.id),
                });
            }
        }
        for (surface, _) in e.surfaces() {
            if let Some(why) = never_matches(surface) {
                findings.push(Finding {
                    line: e.line,
                    severity: Severity::Warning,
                    message: format!("{surface:?} can never match: {why}"),
                });
                continue;
            }
            let kind = e.kind.as_str().to_string();
            match seen.get(surface) {
                Some((first, k)) if *k == kind => findings.push(Finding {
                    line: e.line,
                    severity: Severity::Warning,
                    message: format!("duplicate {surface:?} ({kind}), first on line {first}"),
                }),
                Some((first, k)) => findings.push(Finding {
                    line: e.line,
                    severity: Severity::Warning,
                    message: format!(
                        "{surface:?} is {kind} here but {k} on line {first}; the first listed wins"
                    ),
                }),
                None => {
                    seen.insert(surface, (e.line, kind));
                }
            }
        }
    }
    findings.sort_by_key(|f| (f.line, f.severity));
    Report {
        format,
        entries: parsed.entries.len(),
        findings,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_kind_of_problem_with_line_numbers() {
        let text = "Q1\tPLACE\tJordan\n\
only-two\tPLACE\n\
Q2\tPERSON\tJordan\n\
Q3\tPLACE\tJordan\n\
Q4\tORG\t---\n\
Q1\tORG\tAcme\n";
        let r = check("list.tsv", text, Some(ListFormat::Quarry), &[]);
        let lines: Vec<(usize, Severity)> =
            r.findings.iter().map(|f| (f.line, f.severity)).collect();
        assert_eq!(
            lines,
            vec![
                (2, Severity::Error),
                (3, Severity::Warning),
                (4, Severity::Warning),
                (5, Severity::Warning),
                (6, Severity::Warning)
            ]
        );
        assert!(r.has_errors());
        assert!(r.findings[1]
            .message
            .contains("PERSON here but PLACE on line 1"));
        assert!(r.findings[2].message.contains("duplicate"));
        assert!(r.findings[3].message.contains("never match"));
        assert!(r.findings[4].message.contains("already used on line 1"));
    }

    #[test]
    fn spacy_unsupported_is_a_warning() {
        let r = check(
            "p.jsonl",
            "{\"label\":\"ORG\",\"pattern\":[{\"TEXT\":{\"REGEX\":\"x\"}}]}\n",
            None,
            &[],
        );
        assert_eq!(r.format, ListFormat::Spacy);
        assert!(!r.has_errors());
        assert_eq!(r.findings.len(), 1);
    }
}
