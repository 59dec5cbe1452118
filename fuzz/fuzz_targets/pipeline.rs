//! Feeds arbitrary bytes through input reading and the whole pipeline.
//!
//! The first byte picks how the rest is read and analysed: through one of
//! the input readers (JSON Lines, JSON, CSV, TSV, text, sniffed) or, most
//! often, straight in as text (lossily decoded, so the fuzzer's mutations
//! reach segmentation, rules, dates and quotes instead of dying in a JSON
//! parser); a size limit with truncation; one of two pipelines (default,
//! or all quotes + segments + day-first dates); a publication date or none.
//!
//! Whatever the bytes: no panic, every span lies on char boundaries inside
//! the text with char offsets that agree with its byte offsets, and the
//! JSON Lines sink writes one valid UTF-8 line per document.
//!
//! `tests/reliability.rs` (`fuzz_pipeline_regressions`) does the same with
//! every file in `fixtures/fuzz-pipeline/`: keep the two in step.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use quarry::input::{parse_date, read_from_reader, InputOptions};
use quarry::model::{Analysis, Document, Span};
use quarry::output::{JsonSink, OutputOptions, Sink};
use quarry::pipeline::Pipeline;
use quarry::quotes::QuoteOptions;
use quarry::rules::dates::DateOptions;

/// How the body is read; `None` is "straight in as text".
const NAMES: [Option<&str>; 8] = [
    Some("f.jsonl"),
    Some("f.json"),
    Some("f.csv"),
    Some("f.txt"),
    Some("<stdin>"),
    None,
    None,
    None,
];

fn pipelines() -> &'static [Pipeline; 2] {
    static P: OnceLock<[Pipeline; 2]> = OnceLock::new();
    P.get_or_init(|| {
        let plain = Pipeline::builder().build().expect("shipped lists load");
        let mut b = Pipeline::builder();
        b.quotes(QuoteOptions { all_quotes: true })
            .dates(DateOptions { day_first: true })
            .keep_segments(true);
        [plain, b.build().expect("shipped lists load")]
    })
}

fn check_span(text: &str, chars_before: &[usize], s: Span) {
    assert!(
        s.start <= s.end && s.end <= text.len(),
        "{s:?} out of range"
    );
    assert!(
        text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
        "{s:?} not on char boundaries"
    );
    assert_eq!(s.char_start, chars_before[s.start], "{s:?} char_start");
    assert_eq!(s.char_end, chars_before[s.end], "{s:?} char_end");
}

fn check(doc: &Document, a: &Analysis) {
    let text = doc.text.as_str();
    // Code points before each byte offset (meaningful at char boundaries).
    let mut chars_before = vec![0usize; text.len() + 1];
    let mut n = 0;
    for (i, c) in text.char_indices() {
        for slot in &mut chars_before[i..i + c.len_utf8()] {
            *slot = n;
        }
        n += 1;
    }
    chars_before[text.len()] = n;
    let mut spans: Vec<Span> = Vec::new();
    spans.extend(a.paragraphs.iter().map(|p| p.span));
    spans.extend(a.sentences.iter().map(|s| s.span));
    spans.extend(a.tokens.iter().map(|t| t.span));
    spans.extend(a.mentions.iter().map(|m| m.span));
    spans.extend(a.dates.iter().map(|d| d.span));
    spans.extend(a.demonyms.iter().map(|d| d.span));
    for q in &a.quotes {
        spans.push(q.span);
        spans.push(q.inner);
        spans.extend(q.speaker.as_ref().map(|s| s.mention));
        spans.extend(q.cue);
        spans.extend(q.addressee);
    }
    for s in spans {
        check_span(text, &chars_before, s);
    }
    for m in &a.mentions {
        assert!(m.entity < a.entities.len(), "mention without entity");
    }
    let mut sink = JsonSink::lines(
        Vec::new(),
        &OutputOptions {
            error_records: true,
            ..OutputOptions::default()
        },
    );
    sink.document(doc, a).expect("writing to memory");
    let out = sink.into_inner();
    assert!(std::str::from_utf8(&out).is_ok(), "output is not UTF-8");
    assert_eq!(out.iter().filter(|&&b| b == b'\n').count(), 1);
}

fuzz_target!(|data: &[u8]| {
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let pipeline = &pipelines()[usize::from(selector & 16 != 0)];
    let limit = (selector & 8 != 0).then_some(4096);
    let date = (selector & 32 != 0)
        .then(|| parse_date("2022-12-08"))
        .flatten();
    match NAMES[usize::from(selector & 7)] {
        None => {
            let mut text = String::from_utf8_lossy(body).into_owned();
            if let Some(max) = limit {
                let mut cut = max.min(text.len());
                while !text.is_char_boundary(cut) {
                    cut -= 1;
                }
                text.truncate(cut);
            }
            let doc = Document {
                id: "fuzz".into(),
                text,
                date,
                ..Document::default()
            };
            check(&doc, &pipeline.analyze(&doc));
        }
        Some(name) => {
            let opts = InputOptions {
                max_doc_bytes: limit,
                truncate_long: true,
                default_date: date,
                ..InputOptions::default()
            };
            let records =
                read_from_reader(Box::new(std::io::Cursor::new(body.to_vec())), name, &opts);
            for doc in records.flatten() {
                check(&doc, &pipeline.analyze(&doc));
            }
        }
    }
});
