//! Tests of the input stage on the fixtures in `fixtures/input/` and on
//! compressed, truncated and oversized files made at test time.

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use proptest::prelude::*;

use super::*;
use crate::model::DateSource;

type Item = Result<Document, RecordError>;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fixtures/input")
        .join(name)
}

fn read_paths(paths: &[PathBuf], opts: &InputOptions) -> (Vec<Item>, InputStats) {
    let mut records = read(paths, opts);
    let items: Vec<Item> = records.by_ref().collect();
    (items, records.stats().clone())
}

fn read_fixture(name: &str, opts: &InputOptions) -> Vec<Item> {
    read_paths(&[fixture(name)], opts).0
}

fn read_bytes(bytes: &[u8], name: &str, opts: &InputOptions) -> Vec<Item> {
    read_from_reader(Box::new(std::io::Cursor::new(bytes.to_vec())), name, opts).collect()
}

fn doc(item: &Item) -> &Document {
    match item {
        Ok(d) => d,
        Err(e) => panic!("expected a document, got error {e}"),
    }
}

fn err(item: &Item) -> &RecordError {
    match item {
        Ok(d) => panic!("expected an error, got document {}", d.id),
        Err(e) => e,
    }
}

/// The `file:line` of an error, file name only.
fn at(e: &RecordError) -> String {
    let file = Path::new(&*e.location.file)
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    format!("{file}:{}", e.location.line)
}

fn ymd(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

fn opts() -> InputOptions {
    InputOptions::default()
}

// ---- JSON Lines ----

#[test]
fn jsonl_bad_line_among_good_ones() {
    let (items, stats) = read_paths(&[fixture("mixed.jsonl")], &opts());
    assert_eq!(items.len(), 4);
    assert_eq!(doc(&items[0]).id, "m1");
    assert_eq!(doc(&items[0]).date, ymd(2021, 6, 14));
    assert_eq!(doc(&items[0]).date_source, DateSource::Field);
    assert_eq!(doc(&items[0]).location.line, 1);
    assert_eq!(doc(&items[1]).id, "m2");
    assert_eq!(doc(&items[1]).date, ymd(2021, 6, 15));
    assert_eq!(doc(&items[1]).location.line, 3);
    let e = err(&items[2]);
    assert_eq!(at(e), "mixed.jsonl:4");
    assert!(e.message.starts_with("invalid JSON: "), "{}", e.message);
    assert!(e.to_string().contains("mixed.jsonl:4: invalid JSON"), "{e}");
    assert_eq!(doc(&items[3]).id, "m4");
    assert_eq!(doc(&items[3]).date, ymd(2021, 6, 16));
    assert_eq!(
        stats,
        InputStats {
            files: 1,
            bytes: std::fs::metadata(fixture("mixed.jsonl")).unwrap().len(),
            documents: 3,
            errors: 1,
            skipped: 0,
        }
    );
}

#[test]
fn jsonl_concatenated_pretty_and_fallback_ids() {
    let items = read_fixture("concatenated.jsonl", &opts());
    let ids: Vec<&str> = items.iter().map(|i| doc(i).id.as_str()).collect();
    assert_eq!(ids[..3], ["c1", "c2", "c3"]);
    assert!(ids[3].ends_with("concatenated.jsonl:7"), "{}", ids[3]);
    let c3 = doc(&items[2]);
    assert_eq!(c3.text, "A pretty-printed record\nspanning lines.");
    assert_eq!(c3.location.line, 2);
    assert_eq!(c3.date, ymd(2020, 1, 2));
    // Objects without ids sharing a line get distinct fallback ids.
    let items = read_bytes(b"{\"text\":\"a\"}{\"text\":\"b\"}\n", "x.jsonl", &opts());
    assert_eq!(doc(&items[0]).id, "x.jsonl:1");
    assert_eq!(doc(&items[1]).id, "x.jsonl:1#2");
}

#[test]
fn jsonl_invalid_utf8_and_nul() {
    let items = read_fixture("invalid_utf8.jsonl", &opts());
    assert_eq!(items.len(), 3);
    assert_eq!(doc(&items[0]).id, "u1");
    let e = err(&items[1]);
    assert_eq!(at(e), "invalid_utf8.jsonl:2");
    assert_eq!(e.message, "invalid UTF-8 at byte 26 of the line");
    assert_eq!(doc(&items[2]).id, "u3");

    let items = read_fixture("nul.jsonl", &opts());
    assert_eq!(at(err(&items[0])), "nul.jsonl:1");
    assert!(err(&items[0]).message.contains("control character"));
    assert_eq!(doc(&items[1]).text, "An escaped NUL \0 inside.");
}

#[test]
fn jsonl_broken_multiline_record_resyncs_at_margin() {
    let input = b"{\"id\": \"p1\",\n  \"text\": \"never closed\"\n{\"id\": \"p2\", \"text\": \"fine\"}\n{\"id\": \"p3\",\n";
    let items = read_bytes(input, "x.jsonl", &opts());
    assert_eq!(items.len(), 3);
    assert_eq!(at(err(&items[0])), "x.jsonl:1");
    assert!(err(&items[0]).message.contains("new one starts at line 3"));
    assert_eq!(doc(&items[1]).id, "p2");
    assert_eq!(at(err(&items[2])), "x.jsonl:4");
    assert!(err(&items[2]).message.contains("file ends"));
}

#[test]
fn jsonl_arrays_scalars_and_blank_lines() {
    let input =
        b"\n  \n[{\"id\":\"b1\",\"text\":\"one\"},{\"id\":\"b2\",\"text\":\"two\"}]\n42\n\r\n";
    let items = read_bytes(input, "x.jsonl", &opts());
    assert_eq!(items.len(), 3);
    assert_eq!(doc(&items[0]).id, "b1");
    assert_eq!(doc(&items[1]).id, "b2");
    assert_eq!(doc(&items[1]).location.line, 3);
    assert_eq!(at(err(&items[2])), "x.jsonl:4");
    assert!(err(&items[2]).message.contains("found a number"));
}

#[test]
fn common_dump_layouts_need_no_flags() {
    let w = read_fixture("webhose.jsonl", &opts());
    let w = doc(&w[0]);
    assert_eq!(w.id, "w1");
    assert_eq!(w.text, "Prices fell again in May.");
    assert_eq!(w.date, ymd(2016, 5, 1));
    assert_eq!(w.meta["url"], "https://example.com/x");

    let s = read_fixture("signal.jsonl", &opts());
    let s = doc(&s[0]);
    assert_eq!(s.id, "f7ca322d-c3e8-40d2-841f-9d7250ac72ca");
    assert_eq!(s.text, "The airline cancelled forty flights.");
    assert_eq!(s.date, ymd(2015, 9, 5));

    let n = read_fixture("newsplease.json", &opts());
    assert_eq!(n.len(), 1);
    let n = doc(&n[0]);
    assert_eq!(n.id, "https://example.org/news/bridge-opens");
    assert!(n.text.starts_with("The mayor opened"));
    assert_eq!(n.date, ymd(2019, 4, 1));
    assert_eq!(n.location.line, 0);
}

// ---- JSON documents ----

#[test]
fn json_array_streams_elements() {
    let items = read_fixture("array.json", &opts());
    assert_eq!(items.len(), 4);
    let a1 = doc(&items[0]);
    assert_eq!(a1.text, "Heavy rain is expected across the region.");
    let titled = read_fixture(
        "array.json",
        &InputOptions {
            title_field: Some("headline".into()),
            ..opts()
        },
    );
    let t1 = doc(&titled[0]);
    assert_eq!(
        t1.text,
        "Rain returns\n\nHeavy rain is expected across the region."
    );
    assert_eq!(&t1.text[t1.body_start..], a1.text);
    assert_eq!((a1.location.line, a1.date), (2, ymd(2022, 11, 27)));
    assert_eq!(doc(&items[1]).date, ymd(2022, 11, 27));
    let e = err(&items[2]);
    assert_eq!(at(e), "array.json:4");
    assert_eq!(e.message, "text field is a number, not a string");
    assert_eq!(doc(&items[3]).id, "a4");
    // Elements without ids are numbered, even on one line.
    let items = read_bytes(b"[{\"text\":\"a\"},{\"text\":\"b\"},]", "x.json", &opts());
    let ids: Vec<&str> = items.iter().map(|i| doc(i).id.as_str()).collect();
    assert_eq!(ids, ["x.json#1", "x.json#2"]);
}

#[test]
fn json_array_errors() {
    let items = read_bytes(b"[{\"text\":\"a\"} {\"text\":\"b\"}]", "x.json", &opts());
    assert_eq!(doc(&items[0]).text, "a");
    assert!(err(&items[1]).message.contains("expected `,` or `]`"));
    let items = read_bytes(b"[{\"text\":\"a\"},\n{\"text\":", "x.json", &opts());
    assert_eq!(doc(&items[0]).text, "a");
    assert_eq!(at(err(&items[1])), "x.json:2");
    let items = read_bytes(
        b"[{\"text\": \"a\" ]}, {\"text\":\"b\"}]",
        "x.json",
        &opts(),
    );
    assert!(err(&items[0]).message.starts_with("invalid JSON"));
}

#[test]
fn json_envelope_with_records_path() {
    let o = InputOptions {
        records_path: Some("/results".into()),
        ..opts()
    };
    let items = read_fixture("envelope.json", &o);
    let ids: Vec<&str> = items.iter().map(|i| doc(i).id.as_str()).collect();
    assert_eq!(ids, ["e1", "e2"]);
    assert_eq!(doc(&items[1]).text, "A deal was signed late on Friday.");

    let items = read_fixture("envelope.json", &opts());
    assert_eq!(
        err(&items[0]).message,
        "no text field (looked for text, content, body, maintext, article, full_text, story); \
         this looks like an envelope with records in `results`: read them with --records-path /results"
    );

    for (path, want) in [
        ("/missing", "no key `missing`"),
        ("/meta/count", "does not point to an array or object"),
        ("results", "starts with `/`"),
        ("/results/5", "past the end"),
    ] {
        let o = InputOptions {
            records_path: Some(path.into()),
            ..opts()
        };
        let items = read_fixture("envelope.json", &o);
        assert_eq!(items.len(), 1, "{path}");
        assert!(
            err(&items[0]).message.contains(want),
            "{path}: {}",
            err(&items[0]).message
        );
    }
    let o = InputOptions {
        records_path: Some("/results/1".into()),
        ..opts()
    };
    let items = read_fixture("envelope.json", &o);
    assert_eq!(doc(&items[0]).id, "e2");
}

#[test]
fn jsonl_of_envelopes_with_records_path() {
    let o = InputOptions {
        records_path: Some("/results".into()),
        ..opts()
    };
    let input = b"{\"results\": [{\"id\": \"r1\", \"text\": \"a\"}, {\"id\": \"r2\", \"text\": \"b\"}]}\n{\"status\": \"error\"}\n{\"results\": {\"id\": \"r3\", \"text\": \"c\"}}\n";
    let items = read_bytes(input, "x.jsonl", &o);
    assert_eq!(
        ids(&items),
        [
            "r1",
            "r2",
            "error --records-path /results: not found in this record",
            "r3"
        ]
    );
    assert_eq!(at(err(&items[2])), "x.jsonl:2");
}

// ---- CSV and TSV ----

#[test]
fn csv_all_the_news_layout() {
    let items = read_fixture("allthenews.csv", &opts());
    assert_eq!(items.len(), 2);
    let d = doc(&items[0]);
    assert_eq!(d.id, "17283");
    assert_eq!(
        d.text,
        "Dock workers returned on Saturday, ending a five-day strike.\nManagers said cargo would move \"as normal\" by Monday."
    );
    assert_eq!(d.date, ymd(2016, 12, 31));
    assert_eq!(d.location.line, 2);
    let d = doc(&items[1]);
    assert_eq!(d.location.line, 4);
    assert_eq!(d.date, ymd(2017, 1, 2));
    assert_eq!(d.meta["url"], "https://example.org/c");
}

#[test]
fn csv_ragged_row_is_one_error() {
    let items = read_fixture("ragged.csv", &opts());
    assert_eq!(items.len(), 3);
    assert_eq!(doc(&items[0]).id, "r1");
    assert_eq!(at(err(&items[1])), "ragged.csv:3");
    assert_eq!(err(&items[1]).message, "row has 3 fields, the header has 2");
    assert_eq!(doc(&items[2]).id, "r3");
}

#[test]
fn tsv_and_keep_fields() {
    let o = InputOptions {
        keep_fields: vec!["date".into()],
        default_date: ymd(2000, 1, 1),
        ..opts()
    };
    let items = read_fixture("articles.tsv", &o);
    let t1 = doc(&items[0]);
    assert_eq!(t1.text, "The bus strike entered its second day.");
    assert_eq!(
        (t1.date, t1.date_source),
        (ymd(2020, 2, 3), DateSource::Field)
    );
    assert_eq!(t1.meta["date"], "2020-02-03");
    let t2 = doc(&items[1]);
    assert_eq!(
        (t2.date, t2.date_source),
        (ymd(2000, 1, 1), DateSource::Option)
    );
}

#[test]
fn csv_big_field_bad_utf8_and_missing_column() {
    let big = "Word ".repeat(40_000); // 200 KB
    let input = format!("id,text\nbig,\"{big}\"\nsmall,short\n");
    let items = read_bytes(input.as_bytes(), "x.csv", &opts());
    assert_eq!(doc(&items[0]).text, big);
    assert_eq!(doc(&items[1]).text, "short");

    let items = read_bytes(b"id,text\na,ok\nb,bad \xff\nc,ok\n", "x.csv", &opts());
    assert_eq!(items.len(), 3);
    assert_eq!(at(err(&items[1])), "x.csv:3");
    assert_eq!(
        err(&items[1]).message,
        "invalid UTF-8 in field 2 at byte 4 of the field"
    );
    assert_eq!(doc(&items[2]).id, "c");

    let items = read_bytes(b"id,words\na,ok\n", "x.csv", &opts());
    assert_eq!(items.len(), 1);
    assert!(err(&items[0]).message.contains("no text column"));
    let o = InputOptions {
        text_field: Some("words".into()),
        ..opts()
    };
    assert_eq!(
        doc(&read_bytes(b"id,words\na,ok\n", "x.csv", &o)[0]).text,
        "ok"
    );
}

// ---- text ----

#[test]
fn text_is_byte_exact() {
    let path = fixture("crlf.txt");
    let items = read_fixture("crlf.txt", &opts());
    let d = doc(&items[0]);
    assert_eq!(d.text.as_bytes(), std::fs::read(&path).unwrap());
    assert_eq!(d.id, path.display().to_string());
    assert_eq!(d.location.line, 0);
    assert_eq!(d.date_source, DateSource::None);

    let d = read_fixture("bom.txt", &opts());
    assert_eq!(doc(&d[0]).text, "A byte order mark starts this file.\n");
    let d = read_fixture("nul.txt", &opts());
    assert_eq!(doc(&d[0]).text, "Before a NUL\0after it.\n");
}

#[test]
fn text_invalid_utf8_names_the_byte() {
    let items = read_fixture("invalid_utf8.txt", &opts());
    assert_eq!(
        err(&items[0]).message,
        "invalid UTF-8 at byte 19 of the file"
    );
    assert_eq!(at(err(&items[0])), "invalid_utf8.txt:0");
    // The offset counts a stripped byte order mark.
    let items = read_bytes(b"\xEF\xBB\xBFab\xC3", "x.txt", &opts());
    assert_eq!(
        err(&items[0]).message,
        "invalid UTF-8 at byte 5 of the file"
    );
}

#[test]
fn empty_files_are_errors() {
    let (items, stats) = read_paths(
        &[
            fixture("empty.jsonl"),
            fixture("lone_bom.txt"),
            fixture("crlf.txt"),
        ],
        &opts(),
    );
    assert_eq!(items.len(), 3);
    assert_eq!(err(&items[0]).message, "empty file");
    assert_eq!(
        err(&items[1]).message,
        "empty file (only a byte order mark)"
    );
    assert!(items[2].is_ok());
    assert_eq!((stats.files, stats.documents, stats.errors), (3, 1, 2));
}

#[test]
fn max_doc_bytes_rejects_or_truncates() {
    let text = "Zürich ".repeat(10);
    let mut o = InputOptions {
        max_doc_bytes: Some(10),
        ..opts()
    };
    let items = read_bytes(text.as_bytes(), "z.txt", &o);
    assert_eq!(
        err(&items[0]).message,
        "document is 80 bytes, over --max-doc-bytes 10"
    );
    let line = format!("{{\"id\":\"z\",\"text\":\"{text}\"}}\n");
    let items = read_bytes(line.as_bytes(), "z.jsonl", &o);
    assert_eq!(
        err(&items[0]).message,
        "document is 80 bytes, over --max-doc-bytes 10"
    );
    o.truncate_long = true;
    // "Zürich Zü" is 10 bytes; byte 10 falls inside the second "ü".
    assert_eq!(
        doc(&read_bytes(text.as_bytes(), "z.txt", &o)[0]).text,
        "Zürich Z"
    );
    assert_eq!(
        doc(&read_bytes(line.as_bytes(), "z.jsonl", &o)[0]).text,
        "Zürich Z"
    );
    // An invalid byte past the limit does not matter once truncated.
    let mut bytes = text.clone().into_bytes();
    bytes.push(0xff);
    assert_eq!(doc(&read_bytes(&bytes, "z.txt", &o)[0]).text, "Zürich Z");
}

// ---- directories, missing files, sniffing ----

#[test]
fn directories_recurse_sorted_skipping_hidden_and_unknown() {
    let dir = fixture("dir");
    let (items, stats) = read_paths(std::slice::from_ref(&dir), &opts());
    let ids: Vec<String> = items.iter().map(|i| doc(i).id.clone()).collect();
    assert_eq!(
        ids,
        [
            dir.join("a.txt").display().to_string(),
            "d1".into(),
            "d2".into()
        ]
    );
    assert_eq!(stats.files, 3);
    // A forced format reads every non-hidden file with it.
    let o = InputOptions {
        format: Some(Format::Text),
        ..opts()
    };
    let (items, _) = read_paths(std::slice::from_ref(&dir), &o);
    let names: Vec<String> = items
        .iter()
        .map(|i| {
            Path::new(&doc(i).id)
                .file_name()
                .unwrap()
                .to_string_lossy()
                .into_owned()
        })
        .collect();
    assert_eq!(names, ["a.txt", "notes.md", "b.jsonl", "c.csv"]);
}

#[test]
fn missing_file_is_an_error_and_reading_goes_on() {
    let (items, stats) = read_paths(&[fixture("nope.jsonl"), fixture("signal.jsonl")], &opts());
    assert_eq!(items.len(), 2);
    assert!(err(&items[0]).message.starts_with("cannot open: "));
    assert!(items[1].is_ok());
    assert_eq!((stats.files, stats.errors), (1, 1));
}

#[test]
fn content_sniffing_without_a_name() {
    let o = opts();
    let items = read_bytes(b"  {\"text\":\"a\"}\n{\"text\":\"b\"}", "<stdin>", &o);
    assert_eq!(items.len(), 2);
    assert_eq!(doc(&items[1]).id, "<stdin>:2");
    let items = read_bytes(b"\n[{\"text\":\"a\"}]", "<stdin>", &o);
    assert_eq!(doc(&items[0]).id, "<stdin>#1");
    let items = read_bytes(b"Plain words.", "<stdin>", &o);
    assert_eq!(doc(&items[0]).id, "<stdin>");
    assert_eq!(doc(&items[0]).text, "Plain words.");
}

// ---- compression ----

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut e = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

fn bzip2(data: &[u8]) -> Vec<u8> {
    // 100 KB blocks, so a cut file still has whole blocks to decode.
    let mut e = bzip2::write::BzEncoder::new(Vec::new(), bzip2::Compression::fast());
    e.write_all(data).unwrap();
    e.finish().unwrap()
}

const THREE: &[u8] = b"{\"id\":\"z1\",\"text\":\"One.\"}\n{\"id\":\"z2\",\"text\":\"Two.\"}\n{\"id\":\"z3\",\"text\":\"Three.\"}\n";

fn ids(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .map(|i| match i {
            Ok(d) => d.id.clone(),
            Err(e) => format!("error {}", e.message),
        })
        .collect()
}

#[test]
fn compressed_files_by_magic_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let csv = b"id,text\nk1,Compressed row.\n";
    let files: Vec<(&str, Vec<u8>)> = vec![
        ("a.jsonl.gz", gzip(THREE)),
        // Two gzip members, as `cat a.gz b.gz` or pigz write them.
        (
            "b.jsonl.gz",
            [gzip(&THREE[..27]), gzip(&THREE[27..])].concat(),
        ),
        ("c.csv.zst", zstd::encode_all(&csv[..], 3).unwrap()),
        ("d.tsv.bz2", bzip2(b"id\ttext\nk2\tBzipped row.\n")),
        // The name lies: the content is gzip-compressed JSON Lines.
        ("e.jsonl", gzip(THREE)),
        // No format in the name: decompressed, then sniffed.
        ("f.gz", gzip(b"Just some text.")),
    ];
    let mut paths = Vec::new();
    for (name, bytes) in &files {
        let p = dir.path().join(name);
        std::fs::write(&p, bytes).unwrap();
        paths.push(p);
    }
    let (items, stats) = read_paths(&paths, &opts());
    let got = ids(&items);
    let f = paths[5].display().to_string();
    assert_eq!(
        got,
        ["z1", "z2", "z3", "z1", "z2", "z3", "k1", "k2", "z1", "z2", "z3", &f]
    );
    assert_eq!(
        stats.bytes,
        3 * THREE.len() as u64 + csv.len() as u64 + 24 + 15
    );
    // The directory walk takes them by their inner extensions.
    // The directory walk takes them by their inner extensions, and `f.gz`
    // by its content.
    let (items, _) = read_paths(&[dir.path().to_path_buf()], &opts());
    assert_eq!(items.len(), 12);
}

#[test]
fn truncated_streams_keep_the_good_records() {
    let big: Vec<u8> = (0..10_000)
        .flat_map(|i| {
            format!("{{\"id\":\"t{i}\",\"text\":\"Record number {i} of a long file.\"}}\n")
                .into_bytes()
        })
        .collect();
    for (kind, packed) in [
        ("gzip", gzip(&big)),
        ("zstd", zstd::encode_all(&big[..], 1).unwrap()),
        ("bzip2", bzip2(&big)),
    ] {
        let cut = &packed[..packed.len() * 2 / 3];
        let items = read_bytes(cut, "t.jsonl", &opts());
        let (last, good) = items.split_last().unwrap();
        assert!(!good.is_empty(), "{kind}");
        for (i, g) in good.iter().enumerate() {
            assert_eq!(doc(g).id, format!("t{i}"), "{kind}");
        }
        let e = err(last);
        assert!(
            e.message.contains("truncated") || e.message.contains("read error"),
            "{kind}: {}",
            e.message
        );
        assert_eq!(e.location.line, good.len() as u64 + 1, "{kind}");
    }
    // Cut inside the gzip header: a file-level error, no panic.
    let items = read_bytes(&gzip(THREE)[..5], "t.jsonl", &opts());
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}

// ---- properties ----

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..400),
                                   which in 0usize..7) {
        let name = ["x.jsonl", "x.json", "x.csv", "x.tsv", "x.txt", "x", "x.gz"][which];
        let o = InputOptions { max_doc_bytes: Some(50), truncate_long: which % 2 == 0, ..opts() };
        let _ = read_bytes(&bytes, name, &o);
        let o = InputOptions { records_path: Some("/a/0".into()), ..opts() };
        let _ = read_bytes(&bytes, name, &o);
    }

    #[test]
    fn json_like_bytes_never_panic(parts in proptest::collection::vec(
        prop_oneof![Just("{"), Just("}"), Just("["), Just("]"), Just("\""), Just("\\"),
                    Just(","), Just(":"), Just("\n"), Just("\"text\""), Just("1"), Just(" ")], 0..60)) {
        let bytes = parts.concat();
        for name in ["x.jsonl", "x.json"] {
            for rp in [None, Some("/text".to_string())] {
                let o = InputOptions { records_path: rp, ..opts() };
                let _ = read_bytes(bytes.as_bytes(), name, &o);
            }
        }
    }

    #[test]
    fn jsonl_texts_come_back_unchanged(texts in proptest::collection::vec(any::<String>(), 1..8)) {
        let mut input = String::new();
        for (i, t) in texts.iter().enumerate() {
            input.push_str(&serde_json::json!({"id": i.to_string(), "text": t}).to_string());
            input.push('\n');
        }
        let items = read_bytes(input.as_bytes(), "p.jsonl", &opts());
        prop_assert_eq!(items.len(), texts.len());
        for (i, (item, t)) in items.iter().zip(&texts).enumerate() {
            let d = item.as_ref().map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(&d.id, &i.to_string());
            prop_assert_eq!(d.text.as_str(), t.strip_prefix('\u{feff}').unwrap_or(t));
        }
    }

    #[test]
    fn csv_texts_come_back_unchanged(texts in proptest::collection::vec(any::<String>(), 1..6)) {
        let mut w = csv::Writer::from_writer(Vec::new());
        w.write_record(["id", "text"]).unwrap();
        for (i, t) in texts.iter().enumerate() {
            w.write_record([i.to_string().as_str(), t]).unwrap();
        }
        let bytes = w.into_inner().unwrap();
        let items = read_bytes(&bytes, "p.csv", &opts());
        prop_assert_eq!(items.len(), texts.len());
        for (item, t) in items.iter().zip(&texts) {
            let d = item.as_ref().map_err(|e| TestCaseError::fail(e.to_string()))?;
            prop_assert_eq!(d.text.as_str(), t.strip_prefix('\u{feff}').unwrap_or(t));
        }
    }
}

// ---- fuzz regressions ----

/// What the fuzz target `input_reader` does with one input (see
/// `fuzz/fuzz_targets/input_reader.rs`): keep the two in step.
fn run_like_fuzz(data: &[u8]) {
    const NAMES: [&str; 8] = [
        "f.jsonl",
        "f.json",
        "f.csv",
        "f.tsv",
        "f.txt",
        "<stdin>",
        "f.jsonl.gz",
        "f.json",
    ];
    let Some((&selector, body)) = data.split_first() else {
        return;
    };
    let name = NAMES[usize::from(selector & 7)];
    let limit = (selector & 8 != 0).then_some(64);
    let opts = InputOptions {
        max_doc_bytes: limit,
        truncate_long: selector & 16 != 0,
        records_path: (selector & 32 != 0).then(|| "/results/1".to_string()),
        title_field: (selector & 64 != 0).then(|| "t.x".to_string()),
        ..InputOptions::default()
    };
    for item in read_bytes(body, name, &opts) {
        if let (Ok(doc), Some(max)) = (item, limit) {
            assert!(doc.text.len() <= max, "document over the limit");
        }
    }
}

/// Inputs the fuzzer found (and a few hostile ones written by hand) stay
/// fixed: every file in `fixtures/input/fuzz/` runs through the readers.
#[test]
fn fuzz_regressions() {
    let dir = fixture("fuzz");
    let mut n = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        run_like_fuzz(&std::fs::read(&path).unwrap());
        n += 1;
    }
    assert!(n > 0);
    // The deep nesting is reported, not overflowed, and reading goes on.
    let items = read_bytes(
        &std::fs::read(dir.join("deep-nesting-jsonl")).unwrap()[1..],
        "f.jsonl",
        &opts(),
    );
    assert_eq!(items.len(), 2);
    assert!(err(&items[0]).message.contains("recursion limit"));
    assert_eq!(doc(&items[1]).text, "after");
}

#[test]
fn records_are_send() {
    fn send<T: Send>(_: &T) {}
    send(&read(&[], &opts()));
}

// ---- records past the memory cap ----

#[test]
fn records_past_the_cap_are_scanned_over_and_named() {
    let o = InputOptions {
        max_doc_bytes: Some(1000),
        ..opts()
    };
    let cap = crate::input::json_cap(1000);
    let big = "y".repeat(cap + 10);
    // An array element past the cap; its neighbours come out.
    let array = format!(
        "[\n{{\"id\": \"a\", \"text\": \"x\"}},\n{{\"id\": \"big\", \"text\": \"{big}\"}},\n{{\"id\": \"c\", \"text\": \"z\"}}\n]"
    );
    let items = read_bytes(array.as_bytes(), "a.json", &o);
    assert_eq!(items.len(), 3);
    assert_eq!(
        (doc(&items[0]).id.as_str(), doc(&items[2]).id.as_str()),
        ("a", "c")
    );
    assert_eq!(at(err(&items[1])), "a.json:3");
    assert!(err(&items[1]).message.starts_with("array element is over"));
    // A pretty-printed record whose lines add up past the cap.
    let line = format!("  \"p\": \"{}\",\n", "q".repeat(cap / 4));
    let pretty = format!(
        "{{\"id\": \"a\", \"text\": \"x\"}}\n{{\n{}  \"text\": \"t\"\n}}\n{{\"id\": \"c\", \"text\": \"z\"}}\n",
        line.repeat(5)
    );
    let items = read_bytes(pretty.as_bytes(), "p.jsonl", &o);
    assert_eq!(items.len(), 3);
    assert_eq!(at(err(&items[1])), "p.jsonl:2");
    assert!(err(&items[1]).message.starts_with("record is over"));
    assert_eq!(doc(&items[2]).id, "c");
    assert_eq!(doc(&items[2]).location.line, 10);
}
