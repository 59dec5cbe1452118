//! Gazetteer file formats: quarry's TSV, spaCy EntityRuler pattern JSONL,
//! and Stanford CoreNLP RegexNER/TokensRegexNER TSV with literal patterns.
//!
//! Each parser turns a file into [`ListEntry`] values with their line
//! numbers, plus [`ListProblem`]s for lines that cannot be used. A malformed
//! line in quarry's own format is an error (the list is ours, it must be
//! right); a pattern the other tools support but a literal matcher cannot
//! (a spaCy `REGEX`, a RegexNER character class) is a problem that is
//! reported and skipped, so one exotic line does not stop a big list.

use std::borrow::Cow;
use std::path::Path;

use serde_json::Value;

use crate::model::{EntityType, Sex};

/// A list file format.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ListFormat {
    /// quarry TSV: `id<TAB>type<TAB>name<TAB>aliases<TAB>attrs`.
    Quarry,
    /// spaCy EntityRuler patterns, one JSON object a line:
    /// `{"label": "ORG", "pattern": "Apple", "id": "apple"}`.
    Spacy,
    /// CoreNLP RegexNER: `pattern<TAB>TYPE[<TAB>overwritable<TAB>priority]`.
    RegexNer,
}

impl ListFormat {
    /// Parses a format name as given to `--gazetteer-format`.
    pub fn from_name(name: &str) -> Option<ListFormat> {
        match name.to_ascii_lowercase().as_str() {
            "quarry" | "tsv" => Some(ListFormat::Quarry),
            "spacy" | "entityruler" | "jsonl" => Some(ListFormat::Spacy),
            "regexner" | "corenlp" | "tokensregexner" => Some(ListFormat::RegexNer),
            _ => None,
        }
    }
}

/// One entry of a list, before compilation. Text borrows from the list
/// where it can: the shipped lists alone hold 80,000 surfaces.
#[derive(Clone, Debug, PartialEq)]
pub struct ListEntry<'a> {
    /// 1-based line in the file.
    pub line: usize,
    /// Stable id (the file's, or one made from the name).
    pub id: Cow<'a, str>,
    /// Its type.
    pub kind: EntityType,
    /// Canonical name (also a surface).
    pub name: Cow<'a, str>,
    /// Other surfaces.
    pub aliases: Vec<Cow<'a, str>>,
    /// Demonym surfaces (places).
    pub demonyms: Vec<Cow<'a, str>>,
    /// Subtype (`country`, `city`, `news`, ...).
    pub subtype: Option<Cow<'a, str>>,
    /// Population (places).
    pub population: u64,
    /// Needs supporting context.
    pub ambiguous: bool,
    /// Sex hint (people).
    pub sex: Option<Sex>,
    /// Priority from the file (RegexNER's column, quarry's `priority=`).
    pub priority: i32,
    /// RegexNER's overwritable types: when given, the entry outranks a
    /// shipped entry with the same surface only if that entry's type is one
    /// of them. `None` (no column, or an empty one): it outranks any.
    pub overwrite: Option<Vec<EntityType>>,
}

impl<'a> ListEntry<'a> {
    fn new(line: usize, id: Cow<'a, str>, kind: EntityType, name: Cow<'a, str>) -> ListEntry<'a> {
        ListEntry {
            line,
            id,
            kind,
            name,
            aliases: Vec::new(),
            demonyms: Vec::new(),
            subtype: None,
            population: 0,
            ambiguous: false,
            sex: None,
            priority: 0,
            overwrite: None,
        }
    }

    /// Every surface of the entry with its role: the name, aliases, demonyms.
    pub fn surfaces(&self) -> impl Iterator<Item = (&str, bool)> {
        std::iter::once((&*self.name, false))
            .chain(self.aliases.iter().map(|a| (&**a, false)))
            .chain(self.demonyms.iter().map(|d| (&**d, true)))
    }
}

/// A line that could not be used, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ListProblem {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
    /// True when the line is malformed (an error in quarry's own format);
    /// false when it is valid for its tool but unsupported here.
    pub malformed: bool,
}

/// A parsed list.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ParsedList<'a> {
    /// Usable entries.
    pub entries: Vec<ListEntry<'a>>,
    /// Lines that were skipped.
    pub problems: Vec<ListProblem>,
}

/// Maps a label through the user's `--type-map` (`GPE=PLACE`), then to a
/// type.
pub fn map_type(label: &str, type_map: &[(String, String)]) -> EntityType {
    let label = label.trim();
    let mapped = type_map
        .iter()
        .find(|(from, _)| from.eq_ignore_ascii_case(label))
        .map(|(_, to)| to.as_str())
        .unwrap_or(label);
    EntityType::parse(mapped)
}

/// Guesses a list's format from its extension and first data line.
///
/// A `.jsonl`/`.json` file of `{"label", "pattern"}` objects is spaCy's. A
/// TSV whose second column is an upper-case type is quarry's when its third
/// column is a name, RegexNER's when there are two columns, or the third is
/// empty or a list of upper-case types.
pub fn detect(path: &Path, text: &str) -> ListFormat {
    let first = text
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .find(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .unwrap_or("");
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_ascii_lowercase();
    if first.trim_start().starts_with('{') || ext == "jsonl" || ext == "json" {
        return ListFormat::Spacy;
    }
    let cols: Vec<&str> = first.split('\t').collect();
    let is_type = |s: &str| {
        !s.is_empty()
            && s.chars()
                .all(|c| c.is_ascii_uppercase() || c == '_' || c == '-')
    };
    if cols.len() >= 2 && is_type(cols[1].trim()) {
        if cols.len() == 2 {
            return ListFormat::RegexNer;
        }
        let third = cols[2].trim();
        let types_list = third.is_empty() || third.split(',').all(|t| is_type(t.trim()));
        let numeric_fourth = cols.get(3).is_none_or(|c| c.trim().parse::<f64>().is_ok());
        if types_list && numeric_fourth {
            return ListFormat::RegexNer;
        }
    }
    ListFormat::Quarry
}

/// Parses `text` in `format`.
pub fn parse<'a>(
    format: ListFormat,
    text: &'a str,
    type_map: &[(String, String)],
) -> ParsedList<'a> {
    match format {
        ListFormat::Quarry => parse_quarry(text, type_map),
        ListFormat::Spacy => parse_spacy(text, type_map),
        ListFormat::RegexNer => parse_regexner(text, type_map),
    }
}

fn data_lines(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.lines()
        .enumerate()
        .map(|(i, l)| (i + 1, l.trim_end_matches('\r')))
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
}

/// quarry TSV: `id<TAB>type<TAB>name<TAB>aliases<TAB>attrs`.
pub fn parse_quarry<'a>(text: &'a str, type_map: &[(String, String)]) -> ParsedList<'a> {
    let mut out = ParsedList::default();
    for (line, l) in data_lines(text) {
        // At most five columns; a fixed array, no allocation per line.
        let mut cols = [""; 5];
        let mut n = 0;
        for (i, c) in l.splitn(5, '\t').enumerate() {
            cols[i] = c;
            n = i + 1;
        }
        let cols = &cols[..n];
        if cols.len() < 3 {
            out.problems.push(ListProblem {
                line,
                message: format!(
                    "expected at least 3 tab-separated columns (id, type, name), found {}",
                    cols.len()
                ),
                malformed: true,
            });
            continue;
        }
        let name = cols[2].trim();
        if name.is_empty() {
            out.problems.push(ListProblem {
                line,
                message: "empty name".into(),
                malformed: true,
            });
            continue;
        }
        let id = cols[0].trim();
        let id = if id.is_empty() {
            Cow::Owned(slug(name))
        } else {
            Cow::Borrowed(id)
        };
        let mut e = ListEntry::new(line, id, map_type(cols[1], type_map), Cow::Borrowed(name));
        if let Some(aliases) = cols.get(3) {
            e.aliases = aliases
                .split('|')
                .map(str::trim)
                .filter(|a| !a.is_empty())
                .map(Cow::Borrowed)
                .collect();
        }
        if let Some(attrs) = cols.get(4) {
            for kv in attrs.split(';').filter(|s| !s.trim().is_empty()) {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                let v = v.trim();
                match k.trim() {
                    "kind" => e.subtype = Some(Cow::Borrowed(v)),
                    "pop" => e.population = v.parse().unwrap_or(0),
                    "ambiguous" => e.ambiguous = v != "0",
                    "sex" => {
                        e.sex = match v {
                            "m" => Some(Sex::Male),
                            "f" => Some(Sex::Female),
                            _ => None,
                        }
                    }
                    "priority" => e.priority = v.parse().unwrap_or(0),
                    "demonyms" => {
                        e.demonyms = v
                            .split('|')
                            .map(str::trim)
                            .filter(|d| !d.is_empty())
                            .map(Cow::Borrowed)
                            .collect()
                    }
                    _ => {}
                }
            }
        }
        out.entries.push(e);
    }
    out
}

/// spaCy EntityRuler JSONL. String patterns are literal phrases; token
/// patterns count when every token is one `ORTH`, `TEXT` or `LOWER` exact
/// value (joined with spaces; `LOWER` also adds the capitalised and
/// upper-case forms, since matching here is case-sensitive).
pub fn parse_spacy<'a>(text: &'a str, type_map: &[(String, String)]) -> ParsedList<'a> {
    let mut out = ParsedList::default();
    for (line, l) in data_lines(text) {
        let v: Value = match serde_json::from_str(l) {
            Ok(v) => v,
            Err(e) => {
                out.problems.push(ListProblem {
                    line,
                    message: format!("invalid JSON: {e}"),
                    malformed: true,
                });
                continue;
            }
        };
        let Some(label) = v.get("label").and_then(Value::as_str) else {
            out.problems.push(ListProblem {
                line,
                message: "no \"label\"".into(),
                malformed: true,
            });
            continue;
        };
        let surfaces = match v.get("pattern") {
            Some(Value::String(s)) => Ok(vec![s.trim().to_string()]),
            Some(Value::Array(tokens)) => token_pattern(tokens),
            _ => Err("no \"pattern\"".to_string()),
        };
        let surfaces = match surfaces {
            Ok(s) if s.iter().any(|x| !x.is_empty()) => s,
            Ok(_) => {
                out.problems.push(ListProblem {
                    line,
                    message: "empty pattern".into(),
                    malformed: true,
                });
                continue;
            }
            Err(message) => {
                out.problems.push(ListProblem {
                    line,
                    message,
                    malformed: false,
                });
                continue;
            }
        };
        let name = surfaces[0].clone();
        let id = match v.get("id") {
            Some(Value::String(s)) => s.clone(),
            Some(Value::Number(n)) => n.to_string(),
            _ => slug(&name),
        };
        let mut e = ListEntry::new(
            line,
            Cow::Owned(id),
            map_type(label, type_map),
            Cow::Owned(name),
        );
        e.aliases = surfaces.into_iter().skip(1).map(Cow::Owned).collect();
        out.entries.push(e);
    }
    out
}

/// The literal surfaces of a spaCy token pattern, or why there are none.
fn token_pattern(tokens: &[Value]) -> Result<Vec<String>, String> {
    let mut words = Vec::with_capacity(tokens.len());
    let mut lower = false;
    for t in tokens {
        let Some(obj) = t.as_object() else {
            return Err("token pattern entries must be objects".into());
        };
        if obj.len() != 1 {
            let keys: Vec<&str> = obj.keys().map(String::as_str).collect();
            return Err(format!(
                "unsupported token pattern {keys:?}: only one exact ORTH, TEXT or LOWER per token"
            ));
        }
        let (k, v) = obj.iter().next().expect("one key");
        let Some(word) = v.as_str() else {
            return Err(format!(
                "unsupported token pattern: {k} is not an exact string"
            ));
        };
        match k.as_str() {
            "ORTH" | "TEXT" => {}
            "LOWER" => lower = true,
            other => {
                return Err(format!(
                    "unsupported token attribute {other}: only ORTH, TEXT and LOWER"
                ))
            }
        }
        words.push(word.to_string());
    }
    let phrase = words.join(" ");
    if !lower {
        return Ok(vec![phrase]);
    }
    let capitalised: String = phrase
        .split(' ')
        .map(|w| {
            let mut cs = w.chars();
            match cs.next() {
                Some(f) => f.to_uppercase().chain(cs).collect::<String>(),
                None => String::new(),
            }
        })
        .collect::<Vec<_>>()
        .join(" ");
    let mut out = vec![capitalised.clone(), phrase.clone(), phrase.to_uppercase()];
    out.dedup();
    out.sort_by_key(|s| s != &capitalised);
    out.dedup();
    Ok(out)
}

/// CoreNLP RegexNER TSV with literal patterns: tokens separated by spaces;
/// a pattern with regex syntax is reported and skipped. The overwritable
/// types (third column) go through the type map like the type.
pub fn parse_regexner<'a>(text: &'a str, type_map: &[(String, String)]) -> ParsedList<'a> {
    let mut out = ParsedList::default();
    for (line, l) in data_lines(text) {
        let cols: Vec<&str> = l.split('\t').collect();
        if cols.len() < 2 || cols[0].trim().is_empty() || cols[1].trim().is_empty() {
            out.problems.push(ListProblem {
                line,
                message: "expected pattern<TAB>TYPE".into(),
                malformed: true,
            });
            continue;
        }
        let pattern = cols[0].trim();
        // Escaped characters are literals; anything else special is regex.
        let unescaped = pattern
            .replace("\\.", ".")
            .replace("\\-", "-")
            .replace("\\&", "&");
        if unescaped.chars().any(|c| "[]()*+?|^${}\\".contains(c)) {
            out.problems.push(ListProblem {
                line,
                message: format!("pattern {pattern:?} is a regular expression; only literal patterns are supported"),
                malformed: false,
            });
            continue;
        }
        let mut e = ListEntry::new(
            line,
            Cow::Owned(slug(&unescaped)),
            map_type(cols[1], type_map),
            Cow::Owned(unescaped.clone()),
        );
        if let Some(types) = cols.get(2) {
            let types: Vec<EntityType> = types
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(|t| map_type(t, type_map))
                .collect();
            if !types.is_empty() {
                e.overwrite = Some(types);
            }
        }
        if let Some(p) = cols.get(3) {
            match p.trim().parse::<f64>() {
                // Priorities are small reals in RegexNER; keep their order.
                Ok(p) => e.priority = (p * 10.0).round() as i32,
                Err(_) if p.trim().is_empty() => {}
                Err(_) => {
                    out.problems.push(ListProblem {
                        line,
                        message: format!("priority {:?} is not a number", p.trim()),
                        malformed: true,
                    });
                    continue;
                }
            }
        }
        out.entries.push(e);
    }
    out
}

/// A stable id from a name: `slug:lower-case-words`.
pub fn slug(name: &str) -> String {
    let mut s = String::from("slug:");
    let mut dash = false;
    for c in name.chars() {
        if c.is_alphanumeric() {
            s.extend(c.to_lowercase());
            dash = false;
        } else if !dash && s.len() > 5 {
            s.push('-');
            dash = true;
        }
    }
    while s.ends_with('-') {
        s.pop();
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spacy_string_and_token_patterns() {
        let text = r#"{"label": "ORG", "pattern": "Apple", "id": "apple"}
{"label": "GPE", "pattern": [{"LOWER": "san"}, {"LOWER": "francisco"}]}
{"label": "ORG", "pattern": [{"TEXT": {"REGEX": "^A"}}]}
not json
"#;
        let p = parse_spacy(text, &[("GPE".into(), "PLACE".into())]);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].id, "apple");
        assert_eq!(p.entries[1].kind, EntityType::Place);
        assert_eq!(p.entries[1].name, "San Francisco");
        assert!(p.entries[1].aliases.iter().any(|a| a == "san francisco"));
        assert_eq!(p.problems.len(), 2);
        assert!(!p.problems[0].malformed && p.problems[0].line == 3);
        assert!(p.problems[1].malformed && p.problems[1].line == 4);
    }

    #[test]
    fn regexner_literals_types_and_priorities() {
        let text = "Bank of America\tORGANIZATION\tMISC\t2.0\nGr[ae]y\tPERSON\nLos Angeles\tCITY\n";
        let p = parse_regexner(text, &[]);
        assert_eq!(p.entries.len(), 2);
        assert_eq!(p.entries[0].kind, EntityType::Org);
        assert_eq!(p.entries[0].priority, 20);
        assert_eq!(
            p.entries[0].overwrite.as_deref(),
            Some(&[EntityType::parse("MISC")][..])
        );
        assert_eq!(p.entries[1].overwrite, None);
        assert_eq!(p.entries[1].kind, EntityType::Place);
        assert_eq!(p.problems[0].line, 2);
    }

    #[test]
    fn custom_types_are_kept() {
        let p = parse_regexner("Nobel Prize\tAWARD\n", &[]);
        assert_eq!(p.entries[0].kind.as_str(), "AWARD");
    }

    #[test]
    fn detection() {
        assert_eq!(
            detect(
                Path::new("x.jsonl"),
                "{\"label\":\"ORG\",\"pattern\":\"A\"}"
            ),
            ListFormat::Spacy
        );
        assert_eq!(
            detect(Path::new("x.tsv"), "Acme Corp\tORGANIZATION\n"),
            ListFormat::RegexNer
        );
        assert_eq!(
            detect(
                Path::new("x.txt"),
                "Acme Corp\tORGANIZATION\tMISC,PERSON\t1\n"
            ),
            ListFormat::RegexNer
        );
        assert_eq!(
            detect(Path::new("x.tsv"), "# c\nQ1\tPLACE\tUzbekistan\n"),
            ListFormat::Quarry
        );
    }

    #[test]
    fn slugs() {
        assert_eq!(slug("Kun.uz News!"), "slug:kun-uz-news");
    }
}
