//! A JSON encoder for [`DocRecord`], byte for byte what `serde_json` writes
//! for it, without serde's per-field work.
//!
//! Serialising was the last stage of `quarry extract` that spent more time
//! than its output needs: `serde_json` escapes every field name on every
//! record and goes through the map machinery of `#[serde(flatten)]` for
//! every span. Here the field names are written as constant bytes, numbers
//! with `itoa`, and a string is copied as it is unless it holds a byte that
//! JSON escapes (then `serde_json` writes it, so escaping is never ours).
//! Values that are rare or not plain (the kept input fields, dates, enum
//! names) are written by `serde_json` too.
//!
//! The design decision: **the record views stay the one definition of the
//! output**. [`DocRecord`] and friends keep their `Serialize` derive (library
//! users serialise them with any serde format), and the tests check this
//! encoder against `serde_json::to_vec` of the same view on the fixtures
//! and on arbitrary analyses, so a field added to a view without this file
//! fails the tests.

use std::io;

use super::{
    DateRecord, DemonymRecord, DocRecord, EntityRecord, MentionRecord, QuoteRecord, SpanText,
};

/// Writes `rec` as one compact JSON object (no line end).
pub(crate) fn write_doc(out: &mut Vec<u8>, rec: &DocRecord<'_>) -> io::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    string(out, rec.id);
    out.extend_from_slice(b",\"date\":");
    serde(out, &rec.date)?;
    out.extend_from_slice(b",\"date_source\":");
    serde(out, &rec.date_source)?;
    out.extend_from_slice(b",\"body_start\":");
    uint(out, rec.body_start);
    out.extend_from_slice(b",\"body_byte_start\":");
    uint(out, rec.body_byte_start);
    let c = &rec.counts;
    out.extend_from_slice(b",\"counts\":{\"entities\":");
    uint(out, c.entities);
    out.extend_from_slice(b",\"mentions\":");
    uint(out, c.mentions);
    out.extend_from_slice(b",\"dates\":");
    uint(out, c.dates);
    out.extend_from_slice(b",\"quotes\":");
    uint(out, c.quotes);
    out.push(b'}');
    if !rec.meta.is_empty() {
        out.extend_from_slice(b",\"meta\":");
        serde(out, rec.meta)?;
    }
    out.extend_from_slice(b",\"entities\":");
    list(out, &rec.entities, ok(entity))?;
    out.extend_from_slice(b",\"mentions\":");
    list(out, &rec.mentions, ok(mention))?;
    out.extend_from_slice(b",\"dates\":");
    list(out, &rec.dates, date)?;
    out.extend_from_slice(b",\"demonyms\":");
    list(out, &rec.demonyms, ok(demonym))?;
    out.extend_from_slice(b",\"quotes\":");
    list(out, &rec.quotes, quote)?;
    if !rec.warnings.is_empty() {
        out.extend_from_slice(b",\"warnings\":");
        list(out, &rec.warnings, ok(|out, w: &&str| string(out, w)))?;
    }
    if let Some(seg) = &rec.segments {
        out.extend_from_slice(b",\"segments\":{\"paragraphs\":");
        list(out, &seg.paragraphs, ok(span_object))?;
        out.extend_from_slice(b",\"sentences\":");
        list(out, &seg.sentences, ok(span_object))?;
        out.extend_from_slice(b",\"tokens\":");
        list(out, &seg.tokens, ok(span_object))?;
        out.push(b'}');
    }
    out.push(b'}');
    Ok(())
}

fn entity(out: &mut Vec<u8>, e: &EntityRecord<'_>) {
    out.extend_from_slice(b"{\"id\":");
    string(out, e.id);
    out.extend_from_slice(b",\"name\":");
    string(out, e.name);
    out.extend_from_slice(b",\"type\":");
    string(out, e.kind);
    out.extend_from_slice(b",\"kb_id\":");
    opt_string(out, e.kb_id);
    out.extend_from_slice(b",\"sex\":");
    opt_string(out, e.sex);
    out.extend_from_slice(b",\"mention_count\":");
    uint(out, e.mention_count);
    out.extend_from_slice(b",\"first_start\":");
    uint(out, e.first_start);
    out.push(b'}');
}

fn mention(out: &mut Vec<u8>, m: &MentionRecord<'_>) {
    out.push(b'{');
    span_fields(out, &m.span);
    out.extend_from_slice(b",\"type\":");
    string(out, m.kind);
    out.extend_from_slice(b",\"entity\":");
    string(out, m.entity);
    out.extend_from_slice(b",\"source\":");
    string(out, m.source);
    out.push(b'}');
}

fn date(out: &mut Vec<u8>, d: &DateRecord<'_>) -> io::Result<()> {
    out.push(b'{');
    span_fields(out, &d.span);
    out.extend_from_slice(b",\"value\":");
    string(out, d.value);
    out.extend_from_slice(b",\"timex_type\":");
    serde(out, &d.timex_type)?;
    if let Some(m) = &d.modifier {
        out.extend_from_slice(b",\"mod\":");
        serde(out, m)?;
    }
    out.push(b'}');
    Ok(())
}

fn demonym(out: &mut Vec<u8>, d: &DemonymRecord<'_>) {
    out.push(b'{');
    span_fields(out, &d.span);
    out.extend_from_slice(b",\"place\":");
    string(out, d.place);
    out.extend_from_slice(b",\"kb_id\":");
    opt_string(out, d.kb_id);
    out.push(b'}');
}

fn quote(out: &mut Vec<u8>, q: &QuoteRecord<'_>) -> io::Result<()> {
    out.extend_from_slice(b"{\"id\":");
    string(out, &q.id);
    out.push(b',');
    span_fields(out, &q.span);
    out.extend_from_slice(b",\"inner\":");
    span_object(out, &q.inner);
    out.extend_from_slice(b",\"kind\":");
    serde(out, &q.kind)?;
    out.extend_from_slice(b",\"speaker\":");
    opt_string(out, q.speaker);
    out.extend_from_slice(b",\"speaker_entity\":");
    opt_string(out, q.speaker_entity);
    for (name, span) in [
        (&b",\"speaker_mention\":"[..], &q.speaker_mention),
        (b",\"cue\":", &q.cue),
        (b",\"addressee\":", &q.addressee),
    ] {
        out.extend_from_slice(name);
        match span {
            Some(s) => span_object(out, s),
            None => out.extend_from_slice(b"null"),
        }
    }
    out.extend_from_slice(b",\"rule\":");
    string(out, q.rule);
    out.push(b'}');
    Ok(())
}

/// A span as an object of its own.
fn span_object(out: &mut Vec<u8>, s: &SpanText<'_>) {
    out.push(b'{');
    span_fields(out, s);
    out.push(b'}');
}

/// A span's fields, as `#[serde(flatten)]` puts them into a record.
fn span_fields(out: &mut Vec<u8>, s: &SpanText<'_>) {
    out.extend_from_slice(b"\"start\":");
    uint(out, s.start);
    out.extend_from_slice(b",\"end\":");
    uint(out, s.end);
    out.extend_from_slice(b",\"byte_start\":");
    uint(out, s.byte_start);
    out.extend_from_slice(b",\"byte_end\":");
    uint(out, s.byte_end);
    if let Some(n) = s.utf16_start {
        out.extend_from_slice(b",\"utf16_start\":");
        uint(out, n);
    }
    if let Some(n) = s.utf16_end {
        out.extend_from_slice(b",\"utf16_end\":");
        uint(out, n);
    }
    out.extend_from_slice(b",\"text\":");
    string(out, s.text);
}

/// `[a,b,...]` with `item` writing each element.
fn list<T>(
    out: &mut Vec<u8>,
    items: &[T],
    mut item: impl FnMut(&mut Vec<u8>, &T) -> io::Result<()>,
) -> io::Result<()> {
    out.push(b'[');
    for (i, x) in items.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        item(out, x)?;
    }
    out.push(b']');
    Ok(())
}

/// A writer that cannot fail, for [`list`].
fn ok<T>(f: impl Fn(&mut Vec<u8>, &T)) -> impl Fn(&mut Vec<u8>, &T) -> io::Result<()> {
    move |out, x| {
        f(out, x);
        Ok(())
    }
}

fn uint(out: &mut Vec<u8>, n: usize) {
    out.extend_from_slice(itoa::Buffer::new().format(n).as_bytes());
}

fn opt_string(out: &mut Vec<u8>, s: Option<&str>) {
    match s {
        Some(s) => string(out, s),
        None => out.extend_from_slice(b"null"),
    }
}

/// A JSON string: copied between quotes when no byte needs escaping (JSON
/// escapes only `"`, `\` and the control bytes below 0x20; serde_json
/// writes every other byte, non-ASCII included, as it is), else written by
/// serde_json.
fn string(out: &mut Vec<u8>, s: &str) {
    if needs_escape(s.as_bytes()) {
        // Writing into a Vec cannot fail, and a &str always serialises.
        let _ = serde_json::to_writer(&mut *out, s);
    } else {
        out.reserve(s.len() + 2);
        out.push(b'"');
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
    }
}

/// True when some byte of `b` is one that JSON escapes. Checked sixteen
/// bytes at a time without an early exit inside a block, which the
/// compiler turns into vector compares.
fn needs_escape(b: &[u8]) -> bool {
    let bad = |x: u8| (x < 0x20) | (x == b'"') | (x == b'\\');
    let mut chunks = b.chunks_exact(16);
    for c in &mut chunks {
        if c.iter().fold(false, |acc, &x| acc | bad(x)) {
            return true;
        }
    }
    chunks.remainder().iter().any(|&x| bad(x))
}

/// Any value, as serde_json writes it.
fn serde<T: serde::Serialize + ?Sized>(out: &mut Vec<u8>, v: &T) -> io::Result<()> {
    serde_json::to_writer(&mut *out, v).map_err(io::Error::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn strings_are_written_as_serde_json_writes_them() {
        for s in [
            "",
            "plain",
            "quote \" here",
            "back\\slash",
            "tab\there\nnew line\r\u{8}\u{c}\u{1}\u{1f}",
            "\u{7f} del and é, ü, 中文, emoji 🎉",
            "sixteen bytes!!!",
            "a string longer than sixteen bytes with a \" late",
        ] {
            let mut out = Vec::new();
            string(&mut out, s);
            assert_eq!(out, serde_json::to_vec(s).unwrap(), "{s:?}");
        }
    }

    proptest! {
        #[test]
        fn any_string_is_written_as_serde_json_writes_it(s in any::<String>()) {
            let mut out = Vec::new();
            string(&mut out, &s);
            prop_assert_eq!(out, serde_json::to_vec(&s).unwrap());
        }
    }
}
