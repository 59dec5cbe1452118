//! From a parsed record to a [`Document`]: which field holds what.
//!
//! Takes a JSON object or a CSV row plus the [`InputOptions`] and gives a
//! `Document` (or a [`RecordError`] when the record has no text). The design
//! decision: each role (text, id, date, title, url) is a list of candidate
//! field names tried in order, the user's name alone when one is given,
//! otherwise a default list that covers the common dump layouts
//! (news-please, CC-News, Signal-1M, Webhose, "All the News"). Names match
//! exactly first and then ignoring ASCII case, so `Text` and `TEXT` work.
//! A title is read only when the user names its field (`--title-field`):
//! prepending it moves every offset away from the input's text field, so
//! that is never done behind the user's back.

use std::sync::Arc;

use serde_json::{Map, Value};

use super::date;
use super::InputOptions;
use crate::model::{DateSource, Document, Location, RecordError};

const TEXT_FIELDS: &[&str] = &[
    "text",
    "content",
    "body",
    "maintext",
    "article",
    "full_text",
    "story",
];
const ID_FIELDS: &[&str] = &["id", "_id", "uuid", "url", "doc_id"];
const DATE_FIELDS: &[&str] = &[
    "date",
    "date_publish",
    "published",
    "pubDate",
    "publish_date",
    "published_at",
    "dct",
    "date_published",
    "created_at",
    // Webhose keeps the publication date inside its `thread` object.
    "thread.published",
];
const URL_FIELDS: &[&str] = &["url", "link", "thread.url"];

/// The field names tried for each role, resolved once from the options.
#[derive(Clone, Debug)]
pub(crate) struct Roles {
    text: Vec<String>,
    id: Vec<String>,
    date: Vec<String>,
    title: Vec<String>,
    url: Vec<String>,
    keep: Vec<String>,
    /// The text field was named by the user (messages name it).
    text_given: bool,
    day_first: bool,
    default_date: Option<chrono::NaiveDate>,
    max_doc_bytes: Option<usize>,
    truncate_long: bool,
}

fn candidates(user: &Option<String>, defaults: &[&str]) -> Vec<String> {
    match user {
        Some(name) => vec![name.clone()],
        None => defaults.iter().map(|s| s.to_string()).collect(),
    }
}

impl Roles {
    pub(crate) fn new(opts: &InputOptions) -> Roles {
        Roles {
            text: candidates(&opts.text_field, TEXT_FIELDS),
            id: candidates(&opts.id_field, ID_FIELDS),
            date: candidates(&opts.date_field, DATE_FIELDS),
            title: candidates(&opts.title_field, &[]),
            url: candidates(&opts.url_field, URL_FIELDS),
            keep: opts.keep_fields.clone(),
            text_given: opts.text_field.is_some(),
            day_first: opts.day_first,
            default_date: opts.default_date,
            max_doc_bytes: opts.max_doc_bytes,
            truncate_long: opts.truncate_long,
        }
    }

    /// The text field names tried, for the "no text field" message.
    fn text_names(&self) -> String {
        self.text.join(", ")
    }

    /// The message for a CSV header without the text column.
    pub(crate) fn no_text_column(&self, header: &[String]) -> String {
        let has = header.join(", ");
        if self.text_given {
            format!(
                "no column `{}` in the header (--text-field; it has: {has})",
                self.text_names()
            )
        } else {
            format!(
                "no text column in the header (looked for {}; it has: {has}); name one with --text-field",
                self.text_names()
            )
        }
    }

    /// A date field's value as a date, or a warning saying why not.
    fn date_of(
        &self,
        field: &str,
        v: &Value,
        warnings: &mut Vec<String>,
    ) -> Option<chrono::NaiveDate> {
        match date::read_value(v, self.day_first) {
            Ok(d) => Some(d),
            // An empty string is no date, not a bad one.
            Err(_) if v.as_str().is_some_and(|s| s.trim().is_empty()) => None,
            Err(why) => {
                let shown = match v {
                    Value::String(s) => format!("{:?}", truncate_chars(s, 60)),
                    other => truncate_chars(&other.to_string(), 60).to_string(),
                };
                warnings.push(match why {
                    date::NoDate::Ambiguous => format!(
                        "date field `{field}`: {shown} could be day/month or month/day; \
                         pass --day-first to read the day first (left without a date)"
                    ),
                    date::NoDate::Unreadable => {
                        format!("date field `{field}`: cannot read {shown} as a date (left without a date)")
                    }
                });
                None
            }
        }
    }
}

/// At most `n` chars of `s`, for messages.
fn truncate_chars(s: &str, n: usize) -> &str {
    s.char_indices().nth(n).map_or(s, |(i, _)| &s[..i])
}

/// Finds `name` in `obj`: the key as written, then a dotted path through
/// nested objects (`thread.text`), then the key ignoring ASCII case.
fn lookup<'v>(obj: &'v Map<String, Value>, name: &str) -> Option<&'v Value> {
    if let Some(v) = obj.get(name) {
        return Some(v);
    }
    if name.contains('.') {
        let mut parts = name.split('.');
        let mut cur = obj.get(parts.next()?)?;
        for p in parts {
            cur = cur.as_object()?.get(p)?;
        }
        return Some(cur);
    }
    obj.iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

/// First candidate present and not null.
fn first<'v>(obj: &'v Map<String, Value>, names: &[String]) -> Option<&'v Value> {
    names
        .iter()
        .find_map(|n| lookup(obj, n).filter(|v| !v.is_null()))
}

/// First candidate present and not null, with the name it was found under.
fn first_named<'v, 'n>(
    obj: &'v Map<String, Value>,
    names: &'n [String],
) -> Option<(&'n str, &'v Value)> {
    names.iter().find_map(|n| {
        lookup(obj, n)
            .filter(|v| !v.is_null())
            .map(|v| (n.as_str(), v))
    })
}

/// Removes and returns the value at `name` (same matching as `lookup`), so
/// large texts move into the document instead of being copied.
fn take(obj: &mut Map<String, Value>, name: &str) -> Option<Value> {
    if let Some(v) = obj.get_mut(name) {
        return Some(v.take());
    }
    if name.contains('.') {
        let mut parts = name.split('.');
        let mut cur = obj.get_mut(parts.next()?)?;
        for p in parts {
            cur = cur.as_object_mut()?.get_mut(p)?;
        }
        return Some(cur.take());
    }
    obj.iter_mut()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.take())
}

fn take_first(obj: &mut Map<String, Value>, names: &[String]) -> Option<Value> {
    let name = names
        .iter()
        .find(|n| lookup(obj, n).is_some_and(|v| !v.is_null()))?;
    take(obj, name)
}

/// A scalar as a string: strings as they are, numbers and booleans printed,
/// MongoDB `{"$oid": ..}` unwrapped. Other values give `None`.
fn scalar_string(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        Value::Object(m) => m.get("$oid").and_then(scalar_string),
        _ => None,
    }
}

/// Turns a text value into a string. A list of strings (some dumps store
/// paragraphs that way) is joined with blank lines.
fn text_string(v: Value) -> Result<String, &'static str> {
    match v {
        Value::String(s) => Ok(s),
        Value::Array(items) => {
            let mut out = String::new();
            for item in items {
                match item {
                    Value::String(s) => {
                        if !out.is_empty() {
                            out.push_str("\n\n");
                        }
                        out.push_str(&s);
                    }
                    Value::Null => {}
                    _ => return Err("a list of non-strings"),
                }
            }
            Ok(out)
        }
        Value::Number(_) => Err("a number"),
        Value::Bool(_) => Err("a boolean"),
        Value::Object(_) => Err("an object"),
        Value::Null => Err("null"),
    }
}

/// The parts of a record, whatever format it came in.
#[derive(Default)]
pub(crate) struct Fields {
    pub(crate) text: Option<String>,
    pub(crate) id: Option<String>,
    pub(crate) date: Option<chrono::NaiveDate>,
    pub(crate) title: Option<String>,
    pub(crate) url: Option<String>,
    pub(crate) meta: Map<String, Value>,
    /// Problems met reading the record (an unreadable date).
    pub(crate) warnings: Vec<String>,
    /// Why there is no text, when the record has none: a text field that
    /// is null, or a hint (an envelope read without `--records-path`).
    pub(crate) no_text: Option<String>,
    /// The reader already cut the text, which had this many bytes.
    pub(crate) truncated_from: Option<usize>,
}

impl Roles {
    /// Reads the roles out of a JSON value. Anything but an object is an
    /// error message.
    pub(crate) fn read_json(&self, value: Value) -> Result<Fields, String> {
        let mut obj = match value {
            Value::Object(m) => m,
            other => {
                return Err(format!(
                    "expected a JSON object for a record, found {}",
                    kind(&other)
                ))
            }
        };
        let mut f = Fields::default();
        for k in &self.keep {
            if let Some(v) = lookup(&obj, k) {
                f.meta.insert(k.clone(), v.clone());
            }
        }
        f.id = first(&obj, &self.id).and_then(scalar_string);
        f.date = first_named(&obj, &self.date)
            .and_then(|(name, v)| self.date_of(name, v, &mut f.warnings));
        f.url = first(&obj, &self.url).and_then(scalar_string);
        f.title = take_first(&mut obj, &self.title).and_then(|v| text_string(v).ok());
        match take_first(&mut obj, &self.text) {
            Some(v) => match text_string(v) {
                Ok(s) => f.text = Some(s),
                Err(what) => return Err(format!("text field is {what}, not a string")),
            },
            None => {
                f.text = None;
                f.no_text = Some(self.why_no_text(&obj));
            }
        }
        Ok(f)
    }

    /// Why `obj` has no text: a text field that is there but null, or a
    /// field holding an array of objects (an envelope such as
    /// `{"results": [...]}` read without `--records-path`).
    fn why_no_text(&self, obj: &Map<String, Value>) -> String {
        if let Some(name) = self
            .text
            .iter()
            .find(|n| lookup(obj, n).is_some_and(Value::is_null))
        {
            return format!("text field `{name}` is null");
        }
        let mut msg = format!("no text field (looked for {})", self.text_names());
        let records = obj.iter().find(|(_, v)| {
            v.as_array()
                .is_some_and(|a| !a.is_empty() && a.iter().all(Value::is_object))
        });
        if let Some((key, _)) = records {
            let key = key.replace('~', "~0").replace('/', "~1");
            msg.push_str(&format!(
                "; this looks like an envelope with records in `{key}`: read them with --records-path /{key}"
            ));
        }
        msg
    }

    /// Column indexes of each role in a CSV header.
    pub(crate) fn columns(&self, header: &[String]) -> Columns {
        let find = |names: &[String]| {
            names.iter().find_map(|n| {
                header
                    .iter()
                    .position(|h| h == n)
                    .or_else(|| header.iter().position(|h| h.eq_ignore_ascii_case(n)))
            })
        };
        let date = find(&self.date);
        Columns {
            text: find(&self.text),
            id: find(&self.id),
            date,
            date_name: date.and_then(|i| header.get(i).cloned()),
            title: find(&self.title),
            url: find(&self.url),
            keep: self
                .keep
                .iter()
                .filter_map(|k| {
                    header
                        .iter()
                        .position(|h| h == k || h.eq_ignore_ascii_case(k))
                        .map(|i| (k.clone(), i))
                })
                .collect(),
        }
    }

    /// Reads the roles out of a CSV row (already checked to be UTF-8).
    pub(crate) fn read_row(&self, cols: &Columns, row: &[&str]) -> Fields {
        let get = |i: Option<usize>| i.and_then(|i| row.get(i).copied());
        let nonempty = |i: Option<usize>| get(i).filter(|s| !s.is_empty());
        let mut f = Fields {
            text: get(cols.text).map(str::to_string),
            id: nonempty(cols.id).map(str::to_string),
            title: nonempty(cols.title).map(str::to_string),
            url: nonempty(cols.url).map(str::to_string),
            ..Fields::default()
        };
        if let Some(d) = nonempty(cols.date) {
            let name = cols.date_name.as_deref().unwrap_or("date");
            f.date = self.date_of(name, &Value::String(d.to_string()), &mut f.warnings);
        }
        for (k, i) in &cols.keep {
            if let Some(v) = row.get(*i) {
                f.meta.insert(k.clone(), Value::String((*v).to_string()));
            }
        }
        f
    }

    /// Builds the document: title prepended, BOM stripped, size limit
    /// applied, id and date defaults filled in.
    pub(crate) fn document(
        &self,
        fields: Fields,
        location: Location,
        fallback_id: impl FnOnce() -> String,
    ) -> Result<Document, RecordError> {
        let Fields {
            text,
            id,
            date,
            title,
            url,
            mut meta,
            mut warnings,
            no_text,
            truncated_from,
        } = fields;
        let id = id.or_else(|| url.clone()).filter(|s| !s.is_empty());
        let Some(mut text) = text else {
            return Err(RecordError {
                location,
                id,
                message: no_text
                    .unwrap_or_else(|| format!("no text field (looked for {})", self.text_names())),
            });
        };
        strip_bom(&mut text);
        let mut body_start = 0;
        if let Some(mut title) = title.filter(|t| !t.trim().is_empty()) {
            strip_bom(&mut title);
            if !text.is_empty() {
                title.push_str("\n\n");
                body_start = title.len();
                title.push_str(&text);
            } else {
                body_start = title.len();
            }
            text = title;
        }
        if let Some(url) = url {
            meta.entry("url").or_insert(Value::String(url));
        }
        let id = id.unwrap_or_else(fallback_id);
        let mut truncated = false;
        if let (Some(was), Some(max)) = (truncated_from, self.max_doc_bytes) {
            truncated = true;
            warnings.push(truncated_warning(was, text.len(), max));
        }
        if let Some(max) = self.max_doc_bytes {
            if text.len() > max {
                if !self.truncate_long {
                    return Err(RecordError {
                        location,
                        id: Some(id),
                        message: format!(
                            "document is {} bytes, over --max-doc-bytes {max}",
                            text.len()
                        ),
                    });
                }
                let was = text.len();
                text.truncate(floor_char_boundary(&text, max));
                truncated = true;
                warnings.push(truncated_warning(was, text.len(), max));
            }
        }
        let (date, date_source) = match (date, self.default_date) {
            (Some(d), _) => (Some(d), DateSource::Field),
            (None, Some(d)) => (Some(d), DateSource::Option),
            (None, None) => (None, DateSource::None),
        };
        Ok(Document {
            id,
            text,
            date,
            date_source,
            meta,
            location,
            body_start,
            warnings,
            truncated,
        })
    }

    /// Whether a text of this many bytes will be truncated.
    pub(crate) fn truncates(&self, len: usize) -> bool {
        self.truncate_long && self.max_doc_bytes.is_some_and(|m| len > m)
    }

    pub(crate) fn max_doc_bytes(&self) -> Option<usize> {
        self.max_doc_bytes
    }
}

/// Column indexes of the roles in a CSV header.
#[derive(Clone, Debug, Default)]
pub(crate) struct Columns {
    pub(crate) text: Option<usize>,
    id: Option<usize>,
    date: Option<usize>,
    date_name: Option<String>,
    title: Option<usize>,
    url: Option<usize>,
    keep: Vec<(String, usize)>,
}

/// The warning a truncated document carries.
pub(crate) fn truncated_warning(was: usize, now: usize, max: usize) -> String {
    format!("text truncated from {was} to {now} bytes (--max-doc-bytes {max}, --truncate-long)")
}

fn strip_bom(s: &mut String) {
    if s.starts_with('\u{feff}') {
        s.drain(..'\u{feff}'.len_utf8());
    }
}

/// The largest char boundary at or below `i` (`str::floor_char_boundary`
/// is newer than our minimum Rust).
pub(crate) fn floor_char_boundary(s: &str, i: usize) -> usize {
    if i >= s.len() {
        return s.len();
    }
    let mut i = i;
    while !s.is_char_boundary(i) {
        i -= 1;
    }
    i
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

/// A location in `file` at `line`.
pub(crate) fn location(file: &Arc<str>, line: u64) -> Location {
    Location {
        file: Arc::clone(file),
        line,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn doc(opts: &InputOptions, v: Value) -> Result<Document, RecordError> {
        let roles = Roles::new(opts);
        let file: Arc<str> = Arc::from("t.jsonl");
        let f = roles.read_json(v).map_err(|m| RecordError {
            location: location(&file, 1),
            id: None,
            message: m,
        })?;
        roles.document(f, location(&file, 1), || "t.jsonl:1".into())
    }

    #[test]
    fn defaults_cover_common_layouts() {
        let o = InputOptions::default();
        // news-please
        let d = doc(
            &o,
            json!({"maintext": "Body.", "title": "Head", "date_publish": "2017-02-08 13:45:00",
                   "url": "https://example.org/a"}),
        )
        .unwrap();
        // No title unless one is asked for: offsets index the text field.
        assert_eq!((d.text.as_str(), d.body_start), ("Body.", 0));
        assert_eq!(d.id, "https://example.org/a");
        assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2017, 2, 8));
        assert_eq!(d.date_source, DateSource::Field);
        // Webhose
        let d = doc(
            &o,
            json!({"uuid": "u1", "text": "Body.", "thread": {"published": "2016-05-01T10:00:00.000+03:00"}}),
        )
        .unwrap();
        assert_eq!((d.id.as_str(), d.text.as_str()), ("u1", "Body."));
        assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2016, 5, 1));
        // Signal-1M
        let d = doc(
            &o,
            json!({"id": "s1", "content": "Body.", "published": "2015-09-05T10:00:00Z"}),
        )
        .unwrap();
        assert_eq!(d.id, "s1");
        assert_eq!(d.text, "Body.");
        // Mongo export and a case-insensitive name.
        let d = doc(&o, json!({"_id": {"$oid": "abc"}, "Text": "x"})).unwrap();
        assert_eq!((d.id.as_str(), d.text.as_str()), ("abc", "x"));
    }

    #[test]
    fn user_fields_dotted_and_fallbacks() {
        let o = InputOptions {
            text_field: Some("a.b".into()),
            id_field: Some("n".into()),
            keep_fields: vec!["src".into(), "missing".into()],
            default_date: chrono::NaiveDate::from_ymd_opt(2020, 1, 2),
            ..Default::default()
        };
        let d = doc(
            &o,
            json!({"a": {"b": "deep"}, "n": 7, "src": {"k": 1}, "date": "bad"}),
        )
        .unwrap();
        assert_eq!(d.text, "deep");
        assert_eq!(d.id, "7");
        assert_eq!(d.date_source, DateSource::Option);
        assert_eq!(d.meta.get("src"), Some(&json!({"k": 1})));
        assert!(!d.meta.contains_key("missing"));
        let e = doc(&o, json!({"text": "x"})).unwrap_err();
        assert_eq!(e.message, "no text field (looked for a.b)");
        let e = doc(&o, json!([1])).unwrap_err();
        assert!(e.message.contains("found an array"), "{}", e.message);
        let e = doc(&InputOptions::default(), json!({"text": 5})).unwrap_err();
        assert_eq!(e.message, "text field is a number, not a string");
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let o = InputOptions::default();
        let e = doc(&o, json!({"id": "n", "text": null})).unwrap_err();
        assert_eq!(e.message, "text field `text` is null");
        let e = doc(&o, json!({"status": "ok", "results": [{"text": "x"}]})).unwrap_err();
        assert!(
            e.message
                .ends_with("read them with --records-path /results"),
            "{}",
            e.message
        );
        let named = InputOptions {
            text_field: Some("nope".into()),
            ..Default::default()
        };
        let roles = Roles::new(&named);
        let m = roles.no_text_column(&["id".into(), "text".into()]);
        assert_eq!(
            m,
            "no column `nope` in the header (--text-field; it has: id, text)"
        );
    }

    #[test]
    fn date_fields_honour_day_first_and_warn() {
        let o = InputOptions::default();
        let d = doc(&o, json!({"text": "x", "date": "07/12/2022"})).unwrap();
        assert_eq!(d.date, None);
        assert!(d.warnings[0].contains("--day-first"), "{:?}", d.warnings);
        let d = doc(&o, json!({"text": "x", "published": "someday"})).unwrap();
        assert_eq!(d.date, None);
        assert_eq!(
            d.warnings,
            ["date field `published`: cannot read \"someday\" as a date (left without a date)"]
        );
        assert!(doc(&o, json!({"text": "x", "date": ""}))
            .unwrap()
            .warnings
            .is_empty());
        let eu = InputOptions {
            day_first: true,
            ..Default::default()
        };
        let d = doc(&eu, json!({"text": "x", "date": "07/12/2022"})).unwrap();
        assert_eq!(d.date, chrono::NaiveDate::from_ymd_opt(2022, 12, 7));
        assert!(d.warnings.is_empty());
    }

    #[test]
    fn paragraph_lists_bom_and_limits() {
        let o = InputOptions::default();
        let d = doc(&o, json!({"text": ["One.", "Two."], "id": "x"})).unwrap();
        assert_eq!(d.text, "One.\n\nTwo.");
        let d = doc(&o, json!({"text": "\u{feff}Body\r\n", "id": "x"})).unwrap();
        assert_eq!(d.text, "Body\r\n");
        let t = InputOptions {
            title_field: Some("title".into()),
            ..Default::default()
        };
        let d = doc(&t, json!({"text": "Bödy", "title": "Héad"})).unwrap();
        assert_eq!((d.text.as_str(), d.body_start), ("Héad\n\nBödy", 7));
        assert_eq!(&d.text[d.body_start..], "Bödy");
        let d = doc(&t, json!({"text": "", "title": "Only title"})).unwrap();
        assert_eq!((d.text.as_str(), d.body_start), ("Only title", 10));
        assert_eq!(d.id, "t.jsonl:1");
        let d = doc(&t, json!({"text": "Body", "title": "  "})).unwrap();
        assert_eq!((d.text.as_str(), d.body_start), ("Body", 0));
        let mut o = InputOptions {
            max_doc_bytes: Some(4),
            ..Default::default()
        };
        let e = doc(&o, json!({"text": "Zürich", "id": "z"})).unwrap_err();
        assert_eq!(e.message, "document is 7 bytes, over --max-doc-bytes 4");
        assert_eq!(e.id.as_deref(), Some("z"));
        o.truncate_long = true;
        // Z(1) ü(2) r(1): a cut at 4 keeps "Zür", a cut at 2 falls inside "ü".
        let d = doc(&o, json!({"text": "Zürich"})).unwrap();
        assert_eq!(d.text, "Zür");
        assert!(d.truncated);
        assert_eq!(
            d.warnings,
            ["text truncated from 7 to 4 bytes (--max-doc-bytes 4, --truncate-long)"]
        );
        assert!(!doc(&o, json!({"text": "Zü"})).unwrap().truncated);
        o.max_doc_bytes = Some(2);
        assert_eq!(doc(&o, json!({"text": "Zürich"})).unwrap().text, "Z");
    }
}
